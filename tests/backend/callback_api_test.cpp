// Visio-accueil's callback requests through the real HTTPS server, on both stores: a kiosk posts
// one (device token, Idempotency-Key, strict validation), staff consoles list them by role and
// mark them handled (session cookie), and the server purges handled ones past the retention,
// on its fake clock.
#include "booking_fixture.hpp"
#include "telecentre/backend/staff_service.hpp"
#include "telecentre/wire/callback_codec.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

namespace telecentre::backend::test {
namespace {

constexpr const char* kPassword = "un mot de passe assez long";

// BookingTest for its server on either store and its fake clock; bookings play no part here.
class CallbackApi : public BookingTest {
protected:
    void SetUp() override {
        BookingTest::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        m_reception = staff_cookie("accueil", StaffRole::reception, std::nullopt);
        m_murat_animateur = staff_cookie("anim-murat", StaffRole::animateur, "murat");
        m_a2ex_animateur = staff_cookie("anim-a2ex", StaffRole::animateur, "aurillac-a2ex");
    }

    // A new staff member logged in: the Cookie header of their session.
    std::string staff_cookie(const std::string& login, StaffRole role, const std::optional<std::string>& site) {
        StaffService staff(store());
        auto added = staff.add_staff(login, "Staff " + login, role, site, kPassword);
        EXPECT_TRUE(added) << added.error().message;
        m_staff_ids[login] = added ? added->id : "";
        return log_in(login);
    }

    // A session opened at the server's "now" (sessions last 12 hours of its clock).
    std::string log_in(const std::string& login) {
        StaffService staff(store(), [this] { return server_now(); });
        auto session = staff.log_in(login, kPassword);
        EXPECT_TRUE(session) << session.error().message;
        return session ? "tc_staff=" + session->token : std::string{};
    }

    HttpReply post(const std::string& body, const std::string& token, std::optional<std::string> key = std::nullopt) {
        return send("POST", "/v1/callbacks", body, token, std::move(key));
    }

    HttpReply as_staff(const std::string& method, const std::string& target, const std::string& cookie,
                       const std::string& content_type = "application/json") {
        Headers headers;
        if (!cookie.empty()) {
            headers.emplace_back("Cookie", cookie);
        }
        if (!content_type.empty()) {
            headers.emplace_back("Content-Type", content_type);
        }
        auto reply = client()->request(method, target, method == "POST" ? "{}" : "", headers);
        EXPECT_TRUE(reply) << reply.error();
        return reply ? *reply : HttpReply{};
    }

    // Posts a valid request that must be created.
    wire::Callback requested(const std::string& token, const std::string& name) {
        const auto reply = post(wire::encode(wire::CallbackRequest{name, "06 12 34 56 78", "", std::nullopt}), token);
        EXPECT_EQ(reply.status, 201) << reply.body;
        auto callback = wire::decode_callback(reply.body);
        EXPECT_TRUE(callback) << callback.error() << " in " << reply.body;
        return callback ? *callback : wire::Callback{};
    }

    // GET /v1/callbacks as that staff member: the ids in the answer's order.
    std::vector<std::string> listed(const std::string& cookie) {
        const auto reply = as_staff("GET", "/v1/callbacks", cookie);
        EXPECT_EQ(reply.status, 200) << reply.body;
        auto list = wire::decode_callback_list(reply.body);
        EXPECT_TRUE(list) << list.error() << " in " << reply.body;
        std::vector<std::string> ids;
        for (const auto& callback : list ? list->callbacks : std::vector<wire::Callback>{}) {
            ids.push_back(callback.id);
        }
        return ids;
    }

    static std::string error_code(const HttpReply& reply) {
        const auto json = nlohmann::json::parse(reply.body, nullptr, false);
        return json.is_object() && json.contains("error") ? json["error"].value("code", "") : "";
    }

    std::string m_reception;
    std::string m_murat_animateur;
    std::string m_a2ex_animateur;
    std::map<std::string, std::string> m_staff_ids;
};

TEST_P(CallbackApi, AKioskLeavesARequestForItsSiteAndReceptionSeesIt) {
    const std::string body =
        R"({"visitor_name":"Jeanne Cabrol","phone":"+33 (0)6.12-34-56-78","reason":"Louer un bureau",)"
        R"("call_id":"call_0a1b2c3d4e5f6a7b"})";
    const auto reply = post(body, m_murat_token, "cb-key-1");
    ASSERT_EQ(reply.status, 201) << reply.body;
    const auto json = nlohmann::json::parse(reply.body);
    EXPECT_TRUE(json["id"].get<std::string>().starts_with("cb_")) << reply.body;
    EXPECT_EQ(json["site_id"], "murat") << "the device's site";
    EXPECT_EQ(json["site_name"], "La Cocotte numérique");
    EXPECT_EQ(json["visitor_name"], "Jeanne Cabrol");
    EXPECT_EQ(json["phone"], "+33 (0)6.12-34-56-78");
    EXPECT_EQ(json["reason"], "Louer un bureau");
    EXPECT_EQ(json["call_id"], "call_0a1b2c3d4e5f6a7b");
    EXPECT_EQ(json["requested_at"], wire::format_time(server_now()));
    EXPECT_TRUE(json["handled_at"].is_null());
    EXPECT_TRUE(json["handled_by"].is_null());
    EXPECT_EQ(json.size(), 10u);

    const auto listing = as_staff("GET", "/v1/callbacks", m_reception);
    ASSERT_EQ(listing.status, 200) << listing.body;
    const auto list = nlohmann::json::parse(listing.body);
    ASSERT_EQ(list["callbacks"].size(), 1u);
    EXPECT_EQ(list["callbacks"][0], json) << "the console sees what the kiosk was answered";

    // The request log names the device, and nothing of the visitor.
    const auto log = logged();
    const auto entry = std::ranges::find(log, std::string("/v1/callbacks"), &RequestLogEntry::path);
    ASSERT_NE(entry, log.end());
    EXPECT_EQ(entry->device_id, m_murat_device);
}

TEST_P(CallbackApi, TheSameKeyReplaysTheAnswerAndADifferentRequestConflicts) {
    const auto first = post(R"({"visitor_name":"Jeanne","phone":"0612345678"})", m_murat_token, "cb-key-1");
    ASSERT_EQ(first.status, 201) << first.body;
    set_now(server_now() + minutes{1});
    const auto replay =
        post(R"({ "phone": "0612345678", "visitor_name": "Jeanne", "reason": "" })", m_murat_token, "cb-key-1");
    EXPECT_EQ(replay.status, 201) << replay.body;
    EXPECT_EQ(replay.body, first.body) << "key order and spacing do not make another request";

    const auto other = post(R"({"visitor_name":"Jeanne","phone":"0699999999"})", m_murat_token, "cb-key-1");
    EXPECT_EQ(other.status, 409) << other.body;
    EXPECT_EQ(error_code(other), "idempotency_conflict");
    EXPECT_EQ(other.body.find("0612345678"), std::string::npos) << "a conflict tells nothing of the first request";

    EXPECT_EQ(listed(m_reception).size(), 1u);
}

TEST_P(CallbackApi, MalformedOrInvalidRequestsAreRefusedAndNothingIsStored) {
    const auto refused = [&](const std::string& body, const std::string& code, const std::string& why) {
        const auto reply = post(body, m_murat_token);
        EXPECT_EQ(reply.status, 400) << why << ": " << reply.body;
        EXPECT_EQ(error_code(reply), code) << why << ": " << reply.body;
    };
    refused(R"({"visitor_name":"Jeanne","phone":)", "malformed_json", "truncated JSON");
    refused("{\"visitor_name\":\"Je\xC3\x28nne\",\"phone\":\"0612345678\"}", "malformed_json", "invalid UTF-8");
    refused(R"(["Jeanne","0612345678"])", "invalid_request", "not an object");
    refused(R"({"phone":"0612345678"})", "invalid_request", "no name");
    refused(R"({"visitor_name":"","phone":"0612345678"})", "invalid_request", "an empty name");
    refused(R"({"visitor_name":"   ","phone":"0612345678"})", "invalid_request", "a blank name");
    refused(R"({"visitor_name":")" + std::string(81, 'a') + R"(","phone":"0612345678"})", "invalid_request",
            "a name over 80 bytes");
    refused(R"({"visitor_name":"Jeanne\nCabrol","phone":"0612345678"})", "invalid_request", "a line break");
    refused(R"({"visitor_name":"Jeanne\u001b[31m","phone":"0612345678"})", "invalid_request", "an escape");
    refused("{\"visitor_name\":\"Jeanne\xC2\x85\",\"phone\":\"0612345678\"}", "invalid_request", "a C1 control");
    refused(R"({"visitor_name":"Jeanne"})", "invalid_request", "no phone");
    refused(R"({"visitor_name":"Jeanne","phone":612345678})", "invalid_request", "a phone that is a number");
    refused(R"({"visitor_name":"Jeanne","phone":"061234567890123456789"})", "invalid_request",
            "a phone over 20 characters");
    refused(R"({"visitor_name":"Jeanne","phone":"06 12 3"})", "invalid_request", "a phone of fewer than 6 digits");
    refused(R"({"visitor_name":"Jeanne","phone":"+33 (0)6 .-"})", "invalid_request", "a phone of punctuation");
    refused(R"({"visitor_name":"Jeanne","phone":"06 CALL ME"})", "invalid_request", "letters in a phone");
    refused(R"({"visitor_name":"Jeanne","phone":"06123456;78"})", "invalid_request", "a semicolon in a phone");
    refused(R"({"visitor_name":"Jeanne","phone":"0612345678","reason":")" + std::string(201, 'r') + "\"}",
            "invalid_request", "a reason over 200 bytes");
    refused(R"({"visitor_name":"Jeanne","phone":"0612345678","reason":"a\tb"})", "invalid_request",
            "a tab in the reason");
    refused(R"({"visitor_name":"Jeanne","phone":"0612345678","call_id":"call 1; DROP"})", "invalid_request",
            "a call id that is not one");

    const auto no_key = post(R"({"visitor_name":"Jeanne","phone":"0612345678"})", m_murat_token, "");
    EXPECT_EQ(no_key.status, 400) << no_key.body;
    EXPECT_EQ(error_code(no_key), "idempotency_key_required");
    const auto bad_key = post(R"({"visitor_name":"Jeanne","phone":"0612345678"})", m_murat_token, "a key");
    EXPECT_EQ(bad_key.status, 400) << bad_key.body;
    EXPECT_EQ(error_code(bad_key), "invalid_idempotency_key");

    const auto wrong_token = post(R"({"visitor_name":"Jeanne","phone":"0612345678"})", "tck_" + std::string(64, '0'));
    EXPECT_EQ(wrong_token.status, 401) << wrong_token.body;
    EXPECT_EQ(error_code(wrong_token), "unauthenticated");
    Headers no_token{{"Content-Type", "application/json"}, {"Idempotency-Key", "k"}};
    const auto anonymous =
        client()->request("POST", "/v1/callbacks", R"({"visitor_name":"J","phone":"0612345678"})", no_token);
    ASSERT_TRUE(anonymous) << anonymous.error();
    EXPECT_EQ(anonymous->status, 401);

    EXPECT_TRUE(listed(m_reception).empty());

    // Up to the limits is fine: 80 bytes of name (40 accented letters), 20 characters of phone.
    std::string forty_accents;
    for (int i = 0; i < 40; ++i) {
        forty_accents += "é";
    }
    const auto longest = post(R"({"visitor_name":")" + forty_accents + R"(","phone":"+33 (0)6 12-34.56 7",)" +
                                  R"("reason":")" + std::string(200, 'r') + "\"}",
                              m_murat_token);
    EXPECT_EQ(longest.status, 201) << longest.body;
}

TEST_P(CallbackApi, ReceptionSeesEverySiteAndAnAnimateurOnlyTheirOwn) {
    const auto murat = requested(m_murat_token, "Jeanne");
    set_now(server_now() + minutes{1});
    const auto a2ex = requested(m_a2ex_token, "Paul");

    EXPECT_EQ(listed(m_reception), (std::vector<std::string>{murat.id, a2ex.id})) << "oldest first";
    EXPECT_EQ(listed(m_murat_animateur), std::vector<std::string>{murat.id});
    EXPECT_EQ(listed(m_a2ex_animateur), std::vector<std::string>{a2ex.id});

    // Staff endpoints take a staff session, not a kiosk's token.
    const auto kiosk = send("GET", "/v1/callbacks", "", m_murat_token);
    EXPECT_EQ(kiosk.status, 401) << kiosk.body;
    const auto nobody = as_staff("GET", "/v1/callbacks", "");
    EXPECT_EQ(nobody.status, 401) << nobody.body;
    const auto forged = as_staff("GET", "/v1/callbacks", "tc_staff=" + std::string(64, 'a'));
    EXPECT_EQ(forged.status, 401) << forged.body;
    const auto put = as_staff("PUT", "/v1/callbacks", m_reception);
    EXPECT_EQ(put.status, 405) << put.body;
}

TEST_P(CallbackApi, StaffMarkARequestHandledWithinTheirReach) {
    const auto murat = requested(m_murat_token, "Jeanne");
    const auto target = "/v1/callbacks/" + murat.id + "/handled";

    const auto other_site = as_staff("POST", target, m_a2ex_animateur);
    EXPECT_EQ(other_site.status, 403) << other_site.body;
    EXPECT_EQ(error_code(other_site), "forbidden_site");
    const auto no_session = as_staff("POST", target, "");
    EXPECT_EQ(no_session.status, 401) << no_session.body;
    const auto as_form = as_staff("POST", target, m_reception, "application/x-www-form-urlencoded");
    EXPECT_EQ(as_form.status, 415) << as_form.body;
    const auto untyped = as_staff("POST", target, m_reception, "");
    EXPECT_EQ(untyped.status, 415) << untyped.body;
    const auto unknown = as_staff("POST", "/v1/callbacks/cb_0000000000000000/handled", m_reception);
    EXPECT_EQ(unknown.status, 404) << unknown.body;
    EXPECT_EQ(error_code(unknown), "not_found");
    const auto get = as_staff("GET", target, m_reception);
    EXPECT_EQ(get.status, 405) << get.body;

    set_now(server_now() + minutes{5});
    const auto handled = as_staff("POST", target, m_murat_animateur);
    ASSERT_EQ(handled.status, 200) << handled.body;
    auto callback = wire::decode_callback(handled.body);
    ASSERT_TRUE(callback) << callback.error();
    EXPECT_EQ(callback->id, murat.id);
    EXPECT_EQ(callback->handled_at, server_now());
    EXPECT_EQ(callback->handled_by, m_staff_ids["anim-murat"]);

    // Again (a double click, another agent): the first handling stands.
    set_now(server_now() + minutes{1});
    const auto again = as_staff("POST", target, m_reception);
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(again.body, handled.body);

    // Open ones first, then handled ones.
    const auto later = requested(m_murat_token, "Paul");
    EXPECT_EQ(listed(m_reception), (std::vector<std::string>{later.id, murat.id}));
}

TEST_P(CallbackApi, HandledRequestsLeaveTheListAfterADayAndTheDatabaseAfterTheRetention) {
    const auto open = requested(m_murat_token, "Jeanne");
    const auto done = requested(m_murat_token, "Paul");
    ASSERT_EQ(as_staff("POST", "/v1/callbacks/" + done.id + "/handled", m_reception).status, 200);
    const auto handled_at = server_now();

    set_now(handled_at + hours{23});
    m_reception = log_in("accueil"); // the morning's session has ended
    EXPECT_EQ(listed(m_reception), (std::vector<std::string>{open.id, done.id}));
    set_now(handled_at + hours{25});
    m_reception = log_in("accueil");
    EXPECT_EQ(listed(m_reception), std::vector<std::string>{open.id}) << "handled more than a day ago";

    set_now(handled_at + days{29});
    auto kept = m_server->purge_callbacks();
    ASSERT_TRUE(kept) << kept.error();
    EXPECT_EQ(*kept, 0) << "within the 30 days of retention";
    ASSERT_TRUE(*store().find_callback(done.id));

    set_now(handled_at + days{30} + seconds{1});
    auto purged = m_server->purge_callbacks();
    ASSERT_TRUE(purged) << purged.error();
    EXPECT_EQ(*purged, 1);
    EXPECT_FALSE(*store().find_callback(done.id)) << "the visitor's name and number are gone";
    EXPECT_TRUE(*store().find_callback(open.id)) << "an open request is never purged";
}

INSTANTIATE_TEST_SUITE_P(Stores, CallbackApi, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
