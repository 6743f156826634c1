// Conference rooms through the real HTTPS server, on both stores: a room terminal starts the
// conference with a badge (device token), asks for guest links and extends; the guest page's
// descriptor opens with the token alone, which never reaches the request log; the guest page is
// served with a policy that lets it reach Janus and nothing else; bad input and a backend without
// conferences answer clearly. The SFU is a fake recording its rooms (the real Janus is driven by
// the browser tests).
#include "booking_fixture.hpp"
#include "telecentre/wire/conference_codec.hpp"

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>

namespace telecentre::backend::test {
namespace {

constexpr const char* kVisio = "murat-salle-visio";

class RecordingSfu final : public SfuRooms {
public:
    std::expected<void, std::string> create_room(const Room& room) override {
        std::lock_guard lock(mutex);
        rooms[room.number] = room;
        return {};
    }
    std::expected<void, std::string> destroy_room(std::int64_t number, const std::string&) override {
        std::lock_guard lock(mutex);
        rooms.erase(number);
        return {};
    }
    std::expected<bool, std::string> room_exists(std::int64_t number) override {
        std::lock_guard lock(mutex);
        return rooms.contains(number);
    }
    std::expected<void, std::string> add_token(const std::string&) override { return {}; }
    std::expected<void, std::string> remove_token(const std::string&) override { return {}; }
    std::size_t count() {
        std::lock_guard lock(mutex);
        return rooms.size();
    }

    std::mutex mutex;
    std::map<std::int64_t, Room> rooms;
};

class ConferenceApi : public BookingTest {
protected:
    void configure(ServerConfig& config) override {
        BookingTest::configure(config);
        if (!m_conferences_on) {
            return;
        }
        ConferenceSettings settings;
        settings.janus_ws = "wss://telecentres.example/janus";
        settings.maintain_interval = std::chrono::seconds{0}; // the test calls maintain_conferences
        settings.sfu = m_sfu;
        config.conferences = settings;
    }

    HttpReply start(const std::string& badge, std::optional<int> ad_hoc = std::nullopt,
                    const std::string* token = nullptr) {
        return send("POST", "/v1/conferences", wire::encode(wire::ConferenceStart{kVisio, badge, ad_hoc, false}),
                    token ? *token : m_murat_token, "");
    }

    wire::Conference started(const std::string& badge) {
        const auto reply = start(badge);
        EXPECT_EQ(reply.status, 201) << reply.body;
        auto conference = wire::decode_conference(reply.body);
        EXPECT_TRUE(conference) << conference.error() << " in " << reply.body;
        return conference ? *conference : wire::Conference{};
    }

    HttpReply get(const std::string& target) {
        auto reply = client()->request("GET", target, "", {});
        EXPECT_TRUE(reply) << reply.error();
        return reply ? *reply : HttpReply{};
    }

    static std::string code(const HttpReply& reply) {
        const auto document = nlohmann::json::parse(reply.body, nullptr, false);
        return document.is_object() && document.contains("error") ? document["error"].value("code", "")
                                                                  : std::string("(no error)");
    }

    static std::string token_of(const wire::Conference& conference) {
        const auto& url = conference.guest_url.value_or("");
        return url.substr(url.rfind('/') + 1);
    }

    bool m_conferences_on = true;
    std::shared_ptr<RecordingSfu> m_sfu = std::make_shared<RecordingSfu>();
};

TEST_P(ConferenceApi, TheTerminalStartsTheBookingsConferenceAndAGuestReadsItsDescriptor) {
    // Élodie's booking of the visio room starts in five minutes.
    set_now(at(9, 55));
    booked(kElodieActiveMurat, kVisio, at(10), at(11));
    const auto conference = started(kElodieActiveMurat);
    EXPECT_EQ(conference.resource_id, kVisio);
    EXPECT_EQ(conference.ends_at, at(11));
    EXPECT_EQ(conference.janus_ws, "wss://telecentres.example/janus");
    ASSERT_TRUE(conference.guest_url);
    EXPECT_TRUE(conference.guest_url->starts_with("https://127.0.0.1/join/")) << "from the Host the terminal sent";
    EXPECT_EQ(m_sfu->count(), 1u);

    const auto token = token_of(conference);
    const auto reply = get("/v1/join/" + token);
    ASSERT_EQ(reply.status, 200) << reply.body;
    EXPECT_EQ(reply.header("cache-control"), "no-store");
    auto descriptor = wire::decode_join_descriptor(reply.body);
    ASSERT_TRUE(descriptor) << descriptor.error() << " in " << reply.body;
    EXPECT_EQ(descriptor->room, conference.room);
    EXPECT_EQ(descriptor->pin, conference.pin);
    EXPECT_EQ(descriptor->janus_token, conference.janus_token);
    EXPECT_EQ(descriptor->resource, "Salle de visioconférence");

    // The token is a credential: the log shows neither it nor the page's address with it.
    for (const auto& entry : logged()) {
        EXPECT_EQ(entry.path.find(token), std::string::npos) << entry.path;
    }
    // A second guest link for the same conference (the terminal shows the QR code again).
    const auto again = send("POST", "/v1/conferences/" + conference.id + "/guest-links", "", m_murat_token, "");
    ASSERT_EQ(again.status, 200) << again.body;
    auto relinked = wire::decode_conference(again.body);
    ASSERT_TRUE(relinked) << relinked.error();
    EXPECT_EQ(relinked->id, conference.id);
    EXPECT_NE(token_of(*relinked), token);
}

TEST_P(ConferenceApi, WhoMayStartItAndWhatTheTerminalIsTold) {
    set_now(at(10, 5));
    booked(kElodieActiveMurat, kVisio, at(10), at(11));
    const auto other_member = start(kMarionActiveA2ex);
    EXPECT_EQ(other_member.status, 403) << other_member.body;
    EXPECT_EQ(code(other_member), "not_your_booking");
    const auto other_site = start(kElodieActiveMurat, std::nullopt, &m_a2ex_token);
    EXPECT_EQ(other_site.status, 403);
    EXPECT_EQ(code(other_site), "forbidden_site");
    const auto revoked = start(kElodieRevoked);
    EXPECT_EQ(revoked.status, 422);
    EXPECT_EQ(code(revoked), "badge_revoked");
    const auto no_token = client()->request("POST", "/v1/conferences", "{}", {{"Content-Type", "application/json"}});
    ASSERT_TRUE(no_token);
    EXPECT_EQ(no_token->status, 401);
    const auto malformed = send("POST", "/v1/conferences", "{\"resource_id\":", m_murat_token, "");
    EXPECT_EQ(malformed.status, 400);
    EXPECT_EQ(code(malformed), "malformed_json");
    const auto invalid =
        send("POST", "/v1/conferences", R"({"resource_id":"murat-salle-visio","badge_uid":"xyz"})", m_murat_token, "");
    EXPECT_EQ(invalid.status, 400);
    EXPECT_EQ(code(invalid), "invalid_request");
    const auto unknown = send("POST", "/v1/conferences/conf_0000/guest-links", "", m_murat_token, "");
    EXPECT_EQ(unknown.status, 404);
    const auto bad_id = send("POST", "/v1/conferences/..%2F/extend", "{}", m_murat_token, "");
    EXPECT_EQ(bad_id.status, 404);
    const auto wrong_method = client()->request("GET", "/v1/conferences", "", auth(m_murat_token));
    ASSERT_TRUE(wrong_method);
    EXPECT_EQ(wrong_method->status, 405);
    EXPECT_EQ(m_sfu->count(), 0u) << "no room for a refused start";
}

TEST_P(ConferenceApi, ForgedExpiredAndEndedLinksAreToldApart) {
    set_now(at(10));
    booked(kElodieActiveMurat, kVisio, at(10), at(11));
    const auto conference = started(kElodieActiveMurat);
    EXPECT_EQ(get("/v1/join/" + std::string(43, 'A')).status, 404) << "never issued";
    EXPECT_EQ(get("/v1/join/short").status, 404);
    EXPECT_EQ(code(get("/v1/join/%2e%2e")), "not_found");
    set_now(at(11, 10));
    const auto late = get("/v1/join/" + token_of(conference));
    EXPECT_EQ(late.status, 410) << late.body;
    EXPECT_EQ(code(late), "gone");
    auto done = m_server->maintain_conferences();
    ASSERT_TRUE(done) << done.error();
    EXPECT_EQ(done->ended, 1);
    EXPECT_EQ(m_sfu->count(), 0u) << "the room is gone from the SFU after the booking (and grace)";
    EXPECT_EQ(get("/v1/join/" + token_of(conference)).status, 410) << "an ended conference's link says so";
}

TEST_P(ConferenceApi, TheHostExtendsAndAdHocBooksAFreeRoom) {
    set_now(at(10, 40));
    const auto reply = start(kElodieActiveMurat, 45);
    ASSERT_EQ(reply.status, 201) << reply.body;
    auto conference = wire::decode_conference(reply.body);
    ASSERT_TRUE(conference) << conference.error();
    EXPECT_EQ(conference->ends_at, at(11, 30)) << "from the 10:30 slot, covering 45 minutes";
    const auto extended = send("POST", "/v1/conferences/" + conference->id + "/extend",
                               wire::encode(wire::ConferenceExtend{kElodieActiveMurat, 30}), m_murat_token, "");
    ASSERT_EQ(extended.status, 200) << extended.body;
    auto longer = wire::decode_conference(extended.body);
    ASSERT_TRUE(longer) << longer.error();
    EXPECT_EQ(longer->ends_at, at(12));
    const auto stranger = send("POST", "/v1/conferences/" + conference->id + "/extend",
                               wire::encode(wire::ConferenceExtend{kMarionActiveA2ex, 30}), m_murat_token, "");
    EXPECT_EQ(stranger.status, 403) << stranger.body;
}

TEST_P(ConferenceApi, TheGuestPageIsServedForAnyTokenWithAPolicyThatReachesJanusOnly) {
    const auto page = get("/join/" + std::string(43, 'x'));
    ASSERT_EQ(page.status, 200) << page.body;
    EXPECT_NE(page.body.find("<html"), std::string::npos);
    const auto policy = page.header("content-security-policy").value_or("");
    EXPECT_NE(policy.find("connect-src 'self'"), std::string::npos) << policy;
    EXPECT_NE(policy.find("wss://telecentres.example"), std::string::npos) << policy;
    EXPECT_NE(policy.find("script-src 'self'"), std::string::npos) << policy;
    EXPECT_EQ(page.header("referrer-policy"), "no-referrer") << "the token never leaves in a Referer";
    for (const auto& entry : logged()) {
        EXPECT_EQ(entry.path.find(std::string(43, 'x')), std::string::npos) << entry.path;
    }
    EXPECT_EQ(get("/guest/nothing-here.js").status, 404);
    EXPECT_EQ(get("/guest/").status, 404);
}

class ConferencesOff : public ConferenceApi {
protected:
    void SetUp() override {
        m_conferences_on = false;
        ConferenceApi::SetUp();
    }
};

TEST_P(ConferencesOff, EveryConferenceEndpointSaysSo) {
    set_now(at(10));
    booked(kElodieActiveMurat, kVisio, at(10), at(11));
    const auto refused = start(kElodieActiveMurat);
    EXPECT_EQ(refused.status, 503);
    EXPECT_EQ(code(refused), "conferences_off");
    EXPECT_EQ(code(get("/v1/join/" + std::string(43, 'A'))), "conferences_off");
}

INSTANTIATE_TEST_SUITE_P(Stores, ConferenceApi, kBothStores, store_name);
INSTANTIATE_TEST_SUITE_P(Stores, ConferencesOff, ::testing::Values(StoreKind::sqlite), store_name);

} // namespace
} // namespace telecentre::backend::test
