// Conference rooms through ConferenceService: who may start one (the booking's member, from a
// terminal of the room's site, early by a quarter of an hour at most), the room made in the SFU
// with its secret and PIN, ad hoc booking of a free room, guest links and what they open, the
// booking's end (plus grace) destroying the room, and an SFU that lost its rooms or does not
// answer. A real SQLite store, a fake clock, and a fake SFU that records what it is asked.
#include "backend_fixture.hpp"
#include "store_fixture.hpp"
#include "telecentre/backend/conference_service.hpp"
#include "telecentre/backend/crypto.hpp"

#include <map>
#include <set>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

// A recent Tuesday, 10:00 in Murat: the site is open, and the demo members' passes (seeded
// relative to today) are in their seeded state.
const wire::TimePoint kNine = paris(recent_tuesday(), 10, 0);
constexpr std::string_view kElodie = "04A1B2C3D4E5F6";  // paid pass
constexpr std::string_view kMarion = "043A7F129C4480";  // paid pass, another member
constexpr std::string_view kRevoked = "04A1B2C3D4E5F0"; // Élodie's old badge
constexpr std::string_view kVisio = "murat-salle-visio";
const std::string kBase = "https://telecentres.example";

class FakeSfu final : public SfuRooms {
public:
    std::expected<void, std::string> create_room(const Room& room) override {
        ++creates;
        if (down) {
            return std::unexpected("connection refused");
        }
        rooms.emplace(room.number, room);
        return {};
    }
    std::expected<void, std::string> destroy_room(std::int64_t number, const std::string& secret) override {
        if (down) {
            return std::unexpected("connection refused");
        }
        auto it = rooms.find(number);
        if (it != rooms.end() && it->second.secret != secret) {
            return std::unexpected("wrong secret");
        }
        destroyed.push_back(number);
        rooms.erase(number);
        return {};
    }
    std::expected<bool, std::string> room_exists(std::int64_t number) override {
        if (down) {
            return std::unexpected("connection refused");
        }
        return rooms.contains(number);
    }
    std::expected<void, std::string> add_token(const std::string& token) override {
        if (down) {
            return std::unexpected("connection refused");
        }
        tokens.insert(token);
        return {};
    }
    std::expected<void, std::string> remove_token(const std::string& token) override {
        if (down) {
            return std::unexpected("connection refused");
        }
        tokens.erase(token);
        return {};
    }

    std::map<std::int64_t, Room> rooms;
    std::set<std::string> tokens;
    std::vector<std::int64_t> destroyed;
    int creates = 0;
    bool down = false;
};

class ConferenceServiceTest : public StoreFixture {
protected:
    void SetUp() override {
        StoreFixture::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        ASSERT_TRUE(m_store->add_device(m_murat, std::string(64, 'a'), kNine));
        ASSERT_TRUE(m_store->add_device(m_ydes, std::string(64, 'b'), kNine));
        const auto clock = [this] { return m_now; };
        m_bookings = std::make_unique<BookingService>(*m_store, clock);
        ConferenceConfig config;
        config.janus_ws = "wss://telecentres.example/janus";
        config.ice.urls = {"stun:stun.example:3478", "turn:turn.example:3478"};
        config.ice.turn_secret = "shared-with-coturn";
        m_conferences = std::make_unique<ConferenceService>(*m_store, *m_bookings, m_sfu, config, clock);
    }

    void book(const std::string& id, const std::string& member, wire::TimePoint start, wire::TimePoint end) {
        BookingRecord booking;
        booking.id = id;
        booking.resource_id = std::string(kVisio);
        booking.member_id = member;
        booking.start = start;
        booking.end = end;
        booking.created_at = kNine - days{1};
        auto added = m_store->add_booking(booking);
        ASSERT_TRUE(added) << added.error().message;
        ASSERT_EQ(*added, BookingOutcome::added);
    }

    ConferenceResult<wire::Conference> start(std::string_view badge, std::optional<int> ad_hoc = std::nullopt,
                                             const DeviceRecord* device = nullptr) {
        return m_conferences->start(device ? *device : m_murat,
                                    wire::ConferenceStart{std::string(kVisio), std::string(badge), ad_hoc, false},
                                    kBase);
    }

    static std::string token_of(const wire::Conference& conference) {
        const auto& url = conference.guest_url.value();
        return url.substr(url.rfind('/') + 1);
    }

    static std::string code_of(const ConferenceResult<wire::Conference>& result) {
        return result ? std::string("started") : result.error().code;
    }

    wire::TimePoint m_now = kNine;
    DeviceRecord m_murat{"dev-murat", "murat", "Terminal de la salle visio"};
    DeviceRecord m_ydes{"dev-ydes", "ydes", "Borne d'accueil"};
    FakeSfu m_sfu;
    std::unique_ptr<BookingService> m_bookings;
    std::unique_ptr<ConferenceService> m_conferences;
};

TEST_P(ConferenceServiceTest, TheBookingsMemberStartsItAndTheRoomIsMadeWithItsSecretAndPin) {
    ASSERT_NO_FATAL_FAILURE(book("bk_1", "m-elodie-vermenouze", kNine, kNine + hours{2}));
    auto conference = start(kElodie);
    ASSERT_TRUE(conference) << conference.error().message;
    EXPECT_TRUE(conference->id.starts_with("conf_"));
    EXPECT_EQ(conference->booking_id, "bk_1");
    EXPECT_EQ(conference->resource_name, "Salle de visioconférence");
    EXPECT_EQ(conference->site_name, "La Cocotte numérique");
    EXPECT_EQ(conference->host_name, "Élodie V.");
    EXPECT_EQ(conference->ends_at, kNine + hours{2});
    EXPECT_EQ(conference->janus_ws, "wss://telecentres.example/janus");
    EXPECT_GE(conference->room, std::int64_t{1} << 40);
    EXPECT_LT(conference->room, std::int64_t{1} << 53) << "a browser reads it exactly";
    EXPECT_EQ(conference->pin.size(), 6u);
    ASSERT_TRUE(conference->guest_url);
    EXPECT_TRUE(conference->guest_url->starts_with("https://telecentres.example/join/"));
    EXPECT_EQ(token_of(*conference).size(), 43u) << "256 random bits, base64url";
    EXPECT_EQ(conference->guest_link_expires_at, kNine + hours{2} + minutes{10});
    ASSERT_EQ(conference->ice_servers.size(), 2u);
    EXPECT_EQ(conference->ice_servers[1].urls, std::vector<std::string>{"turn:turn.example:3478"});
    EXPECT_TRUE(conference->ice_servers[1].username.has_value()) << "short-lived TURN credentials";

    ASSERT_EQ(m_sfu.rooms.size(), 1u);
    const auto& room = m_sfu.rooms.begin()->second;
    EXPECT_EQ(room.number, conference->room);
    EXPECT_EQ(room.pin, conference->pin);
    EXPECT_GE(room.secret.size(), 32u);
    EXPECT_EQ(room.description, "Salle de visioconférence - La Cocotte numérique");
    auto stored = m_store->find_conference(conference->id);
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->room_secret, room.secret) << "the secret is kept to destroy the room";
    EXPECT_GE(conference->janus_token.size(), 32u);
    EXPECT_EQ(m_sfu.tokens, std::set<std::string>{conference->janus_token}) << "the terminal and guests get in with it";
    EXPECT_NE(conference->janus_token, room.secret);

    // Starting the conference is attending the booking: the no-show release (30 minutes of grace)
    // leaves it, and the room with it, alone.
    m_now = kNine + minutes{45};
    auto released = m_bookings->release_no_shows();
    ASSERT_TRUE(released) << released.error().message;
    EXPECT_EQ(*released, 0);
    auto kept = m_store->find_conference(conference->id);
    ASSERT_TRUE(kept && *kept);
    EXPECT_TRUE((*kept)->booking_confirmed);
    m_now = kNine;

    // A second tap (or the terminal restarted): the same conference, a fresh guest link.
    m_now += minutes{20};
    auto again = start(kElodie);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->id, conference->id);
    EXPECT_EQ(again->room, conference->room);
    EXPECT_NE(token_of(*again), token_of(*conference));
    EXPECT_EQ(m_sfu.rooms.size(), 1u);
}

TEST_P(ConferenceServiceTest, OnlyTheBookingsMemberFromATerminalOfTheSiteAndOnTime) {
    ASSERT_NO_FATAL_FAILURE(book("bk_1", "m-elodie-vermenouze", kNine + minutes{15}, kNine + hours{2}));
    EXPECT_EQ(code_of(start(kMarion)), "no_booking") << "another member, and the booking not begun";
    EXPECT_EQ(code_of(start("04FFFFFFFFFFFF")), "unknown_badge");
    EXPECT_EQ(code_of(start(kRevoked)), "badge_revoked");
    EXPECT_EQ(code_of(start(kElodie, std::nullopt, &m_ydes)), "forbidden_site");
    auto meeting = m_conferences->start(
        m_murat, wire::ConferenceStart{"murat-salle-reunion", std::string(kElodie), {}, false}, kBase);
    ASSERT_FALSE(meeting);
    EXPECT_EQ(meeting.error().code, "not_a_visio_room");
    auto unknown =
        m_conferences->start(m_murat, wire::ConferenceStart{"murat-nowhere", std::string(kElodie), {}, false}, kBase);
    ASSERT_FALSE(unknown);
    EXPECT_EQ(unknown.error().status, 404);

    m_now = kNine - minutes{1}; // 16 minutes before the booking
    EXPECT_EQ(code_of(start(kElodie)), "no_booking");
    m_now = kNine; // 15 minutes before: the host may set up
    EXPECT_EQ(code_of(start(kElodie)), "started");
    m_now = kNine + minutes{30}; // the booking under way: another member is refused as such
    auto other = start(kMarion);
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, "not_your_booking");
    EXPECT_EQ(other.error().status, 403);
    EXPECT_TRUE(m_sfu.rooms.size() == 1u) << "no room made for a refused start";
}

// Thomas's pass lapsed after he booked (the seed's "expired" member): no room for him, as no entry.
TEST_P(ConferenceServiceTest, ALapsedPassOpensNoRoomEvenWithABooking) {
    ASSERT_NO_FATAL_FAILURE(book("bk_thomas", "m-thomas-delpuech", kNine, kNine + hours{1}));
    auto refused = start("04E1E2E3E4E5E6");
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().status, 403);
    EXPECT_EQ(refused.error().code, "pass_not_valid");
    EXPECT_TRUE(m_sfu.rooms.empty());
}

// conference.auto_start: the terminal starts the booking under way by itself, without a badge;
// never one that has not begun, never in an empty room, never for a lapsed pass.
TEST_P(ConferenceServiceTest, AnAutomaticStartTakesOnlyTheBookingUnderWay) {
    const auto automatic = [this] {
        const wire::ConferenceStart request{std::string(kVisio), {}, std::nullopt, true};
        return m_conferences->start(m_murat, request, kBase);
    };
    EXPECT_EQ(code_of(automatic()), "no_booking") << "an empty room";
    ASSERT_NO_FATAL_FAILURE(book("bk_1", "m-elodie-vermenouze", kNine + minutes{10}, kNine + hours{1}));
    EXPECT_EQ(code_of(automatic()), "no_booking") << "10 minutes early: the member's badge may, the terminal may not";
    m_now = kNine + minutes{10};
    auto started = automatic();
    ASSERT_TRUE(started) << started.error().message;
    EXPECT_EQ(started->booking_id, "bk_1");
    EXPECT_EQ(m_sfu.rooms.size(), 1u);
    auto again = start(kElodie);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->id, started->id) << "the member's badge later joins the same conference";

    ASSERT_NO_FATAL_FAILURE(book("bk_thomas", "m-thomas-delpuech", kNine + hours{2}, kNine + hours{3}));
    m_now = kNine + hours{2} + minutes{1};
    auto lapsed = automatic();
    ASSERT_FALSE(lapsed);
    EXPECT_EQ(lapsed.error().code, "pass_not_valid");
}

TEST_P(ConferenceServiceTest, AdHocBooksTheFreeRoomFromTheCurrentSlotThenStarts) {
    m_now = kNine + minutes{7}; // 10:07 in Murat: the 10:00 slot is under way
    EXPECT_EQ(code_of(start(kElodie)), "no_booking") << "no ad hoc booking unless asked";
    auto conference = start(kElodie, 60);
    ASSERT_TRUE(conference) << conference.error().message;
    auto booking = m_store->read();
    ASSERT_TRUE(booking);
    auto made = (*booking)->find_booking(conference->booking_id);
    ASSERT_TRUE(made && *made);
    EXPECT_EQ((*made)->start, kNine) << "from the slot under way";
    EXPECT_EQ((*made)->end, kNine + minutes{90}) << "covering the hour asked, on the slot grid";
    EXPECT_EQ((*made)->member_id, "m-elodie-vermenouze");
    EXPECT_EQ(conference->ends_at, kNine + minutes{90});
    booking->reset();

    // The room is now Élodie's: another member cannot book it on the spot.
    auto busy = start(kMarion, 30);
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().code, "not_your_booking");
    // A member in the free months of the pass may not book a visio room: the rules say why.
    m_now = kNine + hours{3};
    auto free_period = start("04112233445566", 30);
    ASSERT_FALSE(free_period);
    EXPECT_EQ(free_period.error().code, "not_allowed_by_pass");
}

TEST_P(ConferenceServiceTest, AGuestLinkOpensTheRoomUntilTheBookingEndsPlusGrace) {
    ASSERT_NO_FATAL_FAILURE(book("bk_1", "m-elodie-vermenouze", kNine, kNine + hours{1}));
    auto conference = start(kElodie);
    ASSERT_TRUE(conference) << conference.error().message;
    auto descriptor = m_conferences->join(token_of(*conference));
    ASSERT_TRUE(descriptor) << descriptor.error().message;
    EXPECT_EQ(descriptor->conference, conference->id);
    EXPECT_EQ(descriptor->room, conference->room);
    EXPECT_EQ(descriptor->pin, conference->pin);
    EXPECT_EQ(descriptor->janus_ws, "wss://telecentres.example/janus");
    EXPECT_EQ(descriptor->janus_token, conference->janus_token);
    EXPECT_EQ(descriptor->site, "La Cocotte numérique");
    EXPECT_EQ(descriptor->resource, "Salle de visioconférence");
    EXPECT_EQ(descriptor->host_name, "Élodie V.");
    EXPECT_EQ(descriptor->ends_at, kNine + hours{1});

    const auto code_of_join = [&](const std::string& token) {
        auto joined = m_conferences->join(token);
        return joined ? std::string("joined") : joined.error().code;
    };
    // Forged: a token the backend never issued, of the right shape or not.
    EXPECT_EQ(code_of_join(std::string(43, 'A')), "not_found");
    EXPECT_EQ(code_of_join("../../etc/passwd"), "not_found");
    EXPECT_EQ(code_of_join(""), "not_found");
    std::string altered = token_of(*conference);
    altered[0] = altered[0] == 'A' ? 'B' : 'A';
    EXPECT_EQ(code_of_join(altered), "not_found");

    m_now = kNine + hours{1} + minutes{9};
    EXPECT_EQ(code_of_join(token_of(*conference)), "joined") << "within the grace period";
    m_now = kNine + hours{1} + minutes{10};
    EXPECT_EQ(code_of_join(token_of(*conference)), "gone");
}

TEST_P(ConferenceServiceTest, MaintenanceDestroysEndedRoomsAndRemakesLostOnes) {
    ASSERT_NO_FATAL_FAILURE(book("bk_1", "m-elodie-vermenouze", kNine, kNine + hours{1}));
    ASSERT_NO_FATAL_FAILURE(book("bk_2", "m-marion-lavergne", kNine + hours{1}, kNine + hours{3}));
    auto first = start(kElodie);
    ASSERT_TRUE(first) << first.error().message;
    m_now = kNine + hours{1};
    auto second = start(kMarion);
    ASSERT_TRUE(second) << second.error().message;
    ASSERT_EQ(m_sfu.rooms.size(), 2u);

    // Janus restarted and lost its rooms and tokens.
    m_sfu.rooms.clear();
    m_sfu.tokens.clear();
    auto done = m_conferences->maintain();
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->recreated, 2);
    EXPECT_EQ(done->ended, 0);
    EXPECT_EQ(m_sfu.rooms.size(), 2u);
    EXPECT_EQ(m_sfu.rooms.at(first->room).pin, first->pin) << "made again with the same PIN";
    EXPECT_EQ(m_sfu.tokens, (std::set<std::string>{first->janus_token, second->janus_token}));

    // Élodie's booking ended ten minutes ago: her room goes, with its own secret.
    m_now = kNine + hours{1} + minutes{10};
    done = m_conferences->maintain();
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->ended, 1);
    EXPECT_EQ(m_sfu.destroyed, std::vector<std::int64_t>{first->room});
    EXPECT_FALSE(m_sfu.rooms.contains(first->room));
    EXPECT_TRUE(m_sfu.rooms.contains(second->room));
    EXPECT_EQ(m_sfu.tokens, std::set<std::string>{second->janus_token}) << "its token goes with it";
    auto ended = m_store->find_conference(first->id);
    ASSERT_TRUE(ended && *ended);
    EXPECT_EQ((*ended)->ended_at, m_now);
    auto gone = m_conferences->join(token_of(*first));
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, "gone") << "an ended conference's link says so";

    // A cancelled booking ends its conference at the next pass.
    ASSERT_TRUE(m_store->write([&](Transaction& transaction) -> StoreResult<UnitEnd> {
        auto closed = transaction.close_booking("bk_2", wire::BookingStatus::cancelled, m_now);
        if (!closed) {
            return std::unexpected(closed.error());
        }
        return UnitEnd::commit;
    }));
    done = m_conferences->maintain();
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->ended, 1);
    EXPECT_TRUE(m_sfu.rooms.empty());
    auto open = m_store->open_conferences();
    ASSERT_TRUE(open);
    EXPECT_TRUE(open->empty());
}

TEST_P(ConferenceServiceTest, AnSfuThatDoesNotAnswerIsSaidAndNothingIsLeftHalfMade) {
    ASSERT_NO_FATAL_FAILURE(book("bk_1", "m-elodie-vermenouze", kNine, kNine + hours{1}));
    m_sfu.down = true;
    auto refused = start(kElodie);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().status, 503);
    EXPECT_EQ(refused.error().code, "sfu_unavailable");
    auto open = m_store->open_conferences();
    ASSERT_TRUE(open);
    EXPECT_TRUE(open->empty()) << "no conference left that nobody can join";

    m_sfu.down = false;
    auto started = start(kElodie);
    ASSERT_TRUE(started) << started.error().message;
    // Down again at the end: the room is destroyed on a later pass, not forgotten.
    m_now = kNine + hours{2};
    m_sfu.down = true;
    auto done = m_conferences->maintain();
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->failed, 1);
    EXPECT_EQ(done->ended, 0);
    m_sfu.down = false;
    done = m_conferences->maintain();
    ASSERT_TRUE(done);
    EXPECT_EQ(done->ended, 1);
    EXPECT_TRUE(m_sfu.rooms.empty());
}

TEST_P(ConferenceServiceTest, TheHostExtendsWhenTheRoomIsFree) {
    ASSERT_NO_FATAL_FAILURE(book("bk_1", "m-elodie-vermenouze", kNine, kNine + hours{1}));
    ASSERT_NO_FATAL_FAILURE(book("bk_2", "m-marion-lavergne", kNine + hours{1} + minutes{30}, kNine + hours{2}));
    auto conference = start(kElodie);
    ASSERT_TRUE(conference) << conference.error().message;
    m_now = kNine + minutes{55};
    auto extended =
        m_conferences->extend(m_murat, conference->id, wire::ConferenceExtend{std::string(kElodie), 30}, kBase);
    ASSERT_TRUE(extended) << extended.error().message;
    EXPECT_EQ(extended->ends_at, kNine + hours{1} + minutes{30});
    auto taken =
        m_conferences->extend(m_murat, conference->id, wire::ConferenceExtend{std::string(kElodie), 30}, kBase);
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, "slot_taken") << "Marion's booking follows";
    auto stranger =
        m_conferences->extend(m_murat, conference->id, wire::ConferenceExtend{std::string(kMarion), 30}, kBase);
    ASSERT_FALSE(stranger);
    EXPECT_EQ(stranger.error().code, "not_your_booking");
    auto elsewhere =
        m_conferences->extend(m_ydes, conference->id, wire::ConferenceExtend{std::string(kElodie), 30}, kBase);
    ASSERT_FALSE(elsewhere);
    EXPECT_EQ(elsewhere.error().code, "forbidden_site");
}

INSTANTIATE_TEST_SUITE_P(Stores, ConferenceServiceTest, ::testing::Values(StoreKind::sqlite), store_name);

} // namespace
} // namespace telecentre::backend::test
