// The kiosk's booking side (engine, SQLite store, real HttpsBackendClient) against the real
// backend program over TLS on 127.0.0.1: booking online, journaling while the backend is down and
// settling when it is back, and the lost race with another kiosk while this one's link is cut.
// The door panel's check-in ("I am here"): refused too early or for another badge, accepted for
// the holder during the booking, and not tried while offline.

#include "booking_bridge.hpp"
#include "child_process.hpp"
#include "kiosk_bookings.hpp"
#include "link_proxy.hpp"
#include "telecentre/core/booking_engine.hpp"
#include "telecentre/core/idempotency_key.hpp"
#include "telecentre/platform/https_backend_client.hpp"
#include "telecentre/platform/sqlite_booking_store.hpp"
#include "telecentre/wire/local_time.hpp"
#include "temp_dir.hpp"

#include <condition_variable>
#include <deque>
#include <gtest/gtest.h>

using namespace telecentre;
using namespace std::chrono_literals;
using telecentre::testing::ChildProcess;
using telecentre::testing::first_line;
using telecentre::testing::wait_until;

namespace {

constexpr const char* kElodie = "04A1B2C3D4E5F6"; // Murat, active pass
constexpr const char* kMarion = "043A7F129C4480"; // Aurillac A2EX, active pass
constexpr const char* kOffice1 = "murat-bureau-1";
constexpr const char* kOffice2 = "murat-bureau-2";

wire::TimePoint paris(std::chrono::local_days day, int hour, int minute = 0) {
    return wire::from_paris(wire::LocalTime{day} + std::chrono::hours{hour} + std::chrono::minutes{minute});
}

// The replies a BookingWorker posts, for the test thread to wait on.
class Replies {
public:
    void push(core::BookingEngineReply reply) {
        {
            std::lock_guard lock(m_mutex);
            m_replies.push_back(std::move(reply));
        }
        m_arrived.notify_all();
    }
    void status(core::Connection connection, int pending) {
        {
            std::lock_guard lock(m_mutex);
            m_status = {connection, pending};
        }
        m_arrived.notify_all();
    }
    // The next reply, which must be a T, within the time given.
    template <typename T> std::optional<T> next(std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_mutex);
        if (!m_arrived.wait_for(lock, timeout, [this] { return !m_replies.empty(); })) {
            return std::nullopt;
        }
        auto reply = std::move(m_replies.front());
        m_replies.pop_front();
        auto* typed = std::get_if<T>(&reply);
        return typed ? std::optional<T>(std::move(*typed)) : std::nullopt;
    }
    bool wait_status(std::pair<core::Connection, int> wanted, std::chrono::milliseconds timeout) {
        std::unique_lock lock(m_mutex);
        return m_arrived.wait_for(lock, timeout, [&] { return m_status == wanted; });
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_arrived;
    std::deque<core::BookingEngineReply> m_replies;
    std::pair<core::Connection, int> m_status{core::Connection::unknown, -1};
};

class BookingBackendTest : public ::testing::Test {
protected:
    void TearDown() override { m_backend.reset(); }

    void start_backend(const std::string& port = "0") {
        std::filesystem::remove(m_dir / "port");
        m_backend = std::make_unique<ChildProcess>(
            std::vector<std::string>{TELECENTRE_BACKEND_EXE, "--data-dir", (m_dir / "backend").string(), "--listen",
                                     "127.0.0.1:" + port, "--port-file", (m_dir / "port").string(), "--demo"},
            std::vector<std::string>{}, (m_dir / "backend.log").string());
        ASSERT_TRUE(wait_until([&] { return !first_line(m_dir / "port").empty(); }, 30s)) << "backend did not start";
        m_port = first_line(m_dir / "port");
    }

    platform::HttpsBackendClient client(const std::string& site, const std::string& port) {
        auto https =
            platform::HttpsClient::create({"127.0.0.1", port, (m_dir / "backend/tls/ca.pem").string(), 3s, 5s});
        EXPECT_TRUE(https) << https.error();
        return platform::HttpsBackendClient{std::move(*https),
                                            first_line(m_dir / "backend/devices" / (site + ".token"))};
    }

    // A weekday at least two days ahead on which Murat is open (no closure), by the backend's own
    // account: its rules run on its clock, the real one.
    std::chrono::local_days booking_day() {
        auto backend = client("murat", m_port);
        auto day = wire::paris_day(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())) +
                   std::chrono::days{2};
        for (int tries = 0; tries < 14; ++tries, day += std::chrono::days{1}) {
            const std::chrono::weekday weekday{day};
            if (weekday == std::chrono::Saturday || weekday == std::chrono::Sunday) {
                continue;
            }
            auto availability = backend.availability("murat", wire::Date{day.time_since_epoch()}, 1, std::nullopt);
            EXPECT_TRUE(availability) << availability.error().message;
            if (availability && !availability->open.empty()) {
                return day;
            }
        }
        ADD_FAILURE() << "Murat is not open on any weekday of the next two weeks";
        return day;
    }

    telecentre::testing::TempDir m_folder{"bookings", telecentre::testing::KeepFolder::when_the_test_failed};
    std::filesystem::path m_dir = m_folder.path();
    std::string m_port;
    std::unique_ptr<ChildProcess> m_backend;
};

} // namespace

TEST_F(BookingBackendTest, BooksOnlineJournalsWhileTheBackendIsDownAndSettlesWhenItIsBack) {
    start_backend();
    ASSERT_FALSE(m_port.empty());
    const auto day = booking_day();
    const wire::Date date{day.time_since_epoch()};

    app::KioskConfig config;
    config.site = "murat";
    config.backend_host = "127.0.0.1";
    config.backend_port = m_port;
    config.ca_file = m_dir / "backend/tls/ca.pem";
    config.connect_timeout = 2s;
    config.retry_max = 1s;
    config.storage_directory = m_dir / "kiosk";
    std::filesystem::create_directories(config.storage_directory);
    core::SystemClock clock;
    Replies replies;
    auto kiosk = app::KioskBookings::open(config, first_line(m_dir / "backend/devices/murat.token"), clock,
                                          {[&](core::BookingEngineReply reply) { replies.push(std::move(reply)); },
                                           [&](core::Connection c, int pending) { replies.status(c, pending); }});
    ASSERT_TRUE(kiosk) << kiosk.error();
    auto& worker = (*kiosk)->worker();

    // Online: the schedule, then a booking confirmed at once.
    worker.post(core::AvailabilityCommand{1, {"murat", date, 1, wire::ResourceKind::office}});
    auto live = replies.next<core::AvailabilityReply>(20s);
    ASSERT_TRUE(live);
    EXPECT_EQ(live->request_id, 1u);
    ASSERT_TRUE(live->result.availability) << (live->result.failure ? live->result.failure->message : "");
    EXPECT_EQ(live->result.freshness, core::Freshness::live);
    worker.post(core::BookCommand{2, {kElodie, kOffice1, paris(day, 10), paris(day, 11)}});
    auto booked = replies.next<core::WriteReply>(20s);
    ASSERT_TRUE(booked);
    ASSERT_EQ(booked->result.outcome, core::WriteOutcome::confirmed)
        << (booked->result.failure ? booked->result.failure->message : "");
    EXPECT_EQ(booked->result.booking->resource_id, kOffice1);

    // The backend goes away: the next booking is journaled and pending, the schedule stale.
    m_backend->stop();
    worker.post(core::BookCommand{3, {kElodie, kOffice2, paris(day, 14), paris(day, 15)}});
    auto pending = replies.next<core::WriteReply>(20s);
    ASSERT_TRUE(pending);
    ASSERT_EQ(pending->result.outcome, core::WriteOutcome::pending);
    EXPECT_TRUE(replies.wait_status({core::Connection::offline, 1}, 10s));
    worker.post(core::AvailabilityCommand{4, {"murat", date, 1, wire::ResourceKind::office}});
    auto stale = replies.next<core::AvailabilityReply>(20s);
    ASSERT_TRUE(stale && stale->result.availability);
    EXPECT_EQ(stale->result.freshness, core::Freshness::stale);
    EXPECT_TRUE(stale->result.fetched_at);
    ASSERT_EQ(stale->result.pending.size(), 1u);
    EXPECT_EQ(stale->result.pending[0].resource_id, kOffice2);

    // Back on the same port: the worker settles the journal by itself at its next retry.
    start_backend(m_port);
    ASSERT_TRUE(replies.wait_status({core::Connection::online, 0}, 30s)) << "the pending booking was not settled";
    worker.post(core::NewsCommand{5, kElodie});
    auto news = replies.next<core::NewsReply>(20s);
    ASSERT_TRUE(news);
    ASSERT_EQ(news->news.size(), 1u);
    EXPECT_EQ(news->news[0].state, core::BookingState::confirmed);
    ASSERT_TRUE(news->news[0].booking);
    EXPECT_EQ(news->news[0].booking->resource_name, "Bureau 2");

    // Exactly once: the backend holds both bookings, each once.
    worker.post(core::MemberBookingsCommand{6, kElodie});
    auto mine = replies.next<core::MemberBookingsReply>(20s);
    ASSERT_TRUE(mine && mine->result.bookings);
    EXPECT_EQ(mine->result.freshness, core::Freshness::live);
    EXPECT_TRUE(mine->result.pending.empty());
    const auto& listed = mine->result.bookings->bookings;
    const auto count = [&](const char* resource) {
        return std::count_if(listed.begin(), listed.end(), [&](const wire::Booking& booking) {
            return booking.resource_id == resource && wire::paris_day(booking.start) == day;
        });
    };
    EXPECT_EQ(count(kOffice1), 1);
    EXPECT_EQ(count(kOffice2), 1);
}

TEST_F(BookingBackendTest, ALostRaceSettlesRefusedWithASuggestionToldOnce) {
    start_backend();
    ASSERT_FALSE(m_port.empty());
    const auto day = booking_day();
    const wire::Date date{day.time_since_epoch()};
    telecentre::testing::LinkProxy link{static_cast<std::uint16_t>(std::stoi(m_port))};

    // Kiosk A (Murat) reaches the backend through a link the test can cut; kiosk B (A2EX) directly.
    auto database = platform::SqliteDatabase::open((m_dir / "kiosk-a.db").string());
    ASSERT_TRUE(database) << database.error();
    auto store = platform::SqliteBookingStore::open(*database);
    ASSERT_TRUE(store) << store.error();
    auto backend_a = client("murat", std::to_string(link.port()));
    core::SystemClock clock;
    const core::BookingEngineTiming fast{.retry_min = 50ms, .retry_max = 200ms};
    core::BookingEngine kiosk_a{*store, backend_a, clock, core::make_idempotency_key, fast, {}};
    auto backend_b = client("aurillac-a2ex", m_port);

    ASSERT_TRUE(kiosk_a.fetch_availability({"murat", date, 1, std::nullopt}).availability);
    link.cut();
    const wire::BookingRequest wanted{kElodie, kOffice1, paris(day, 10), paris(day, 11)};
    const auto pending = kiosk_a.book(wanted);
    ASSERT_EQ(pending.outcome, core::WriteOutcome::pending) << (pending.failure ? pending.failure->message : "") << " "
                                                            << (pending.refusal ? pending.refusal->message : "");
    EXPECT_EQ(kiosk_a.connection(), core::Connection::offline);

    // Meanwhile kiosk B books the same slot for Marion, online.
    auto taken = backend_b.book(core::make_idempotency_key(), {kMarion, kOffice1, paris(day, 10), paris(day, 11)});
    ASSERT_TRUE(taken) << taken.error().message;
    ASSERT_TRUE(std::holds_alternative<wire::Booking>(*taken)) << std::get<wire::BookingError>(*taken).message;

    // A's link returns: its booking settles refused, with the nearest free slot.
    link.restore();
    ASSERT_TRUE(wait_until(
        [&] {
            kiosk_a.pump();
            return store->pending_count() == 0;
        },
        30s))
        << "kiosk A never settled its booking";
    EXPECT_EQ(kiosk_a.connection(), core::Connection::online);
    EXPECT_TRUE(kiosk_a.news_for(kMarion).empty());
    const auto news = kiosk_a.news_for(kElodie);
    ASSERT_EQ(news.size(), 1u);
    EXPECT_EQ(news[0].state, core::BookingState::refused);
    EXPECT_EQ(news[0].resource_name, "Bureau 1");
    EXPECT_EQ(news[0].request.start, paris(day, 10));
    ASSERT_TRUE(news[0].refusal);
    EXPECT_EQ(news[0].refusal->reason, wire::BookingRefusal::slot_taken);
    ASSERT_TRUE(news[0].refusal->suggestion) << "the backend offers the nearest free slot";
    const auto& suggestion = *news[0].refusal->suggestion;
    const bool elsewhere = suggestion.resource_id != kOffice1;
    const bool later_or_earlier = suggestion.end <= paris(day, 10) || suggestion.start >= paris(day, 11);
    EXPECT_TRUE(elsewhere || later_or_earlier) << "the suggestion is free: " << suggestion.resource_id;
    EXPECT_EQ(suggestion.end - suggestion.start, 1h);
    EXPECT_TRUE(kiosk_a.news_for(kElodie).empty()) << "told once";
}

TEST_F(BookingBackendTest, TheDoorPanelCheckInIsRefusedTooEarlyOrForAnotherBadge) {
    start_backend();
    ASSERT_FALSE(m_port.empty());
    const auto day = booking_day();
    auto backend = client("murat", m_port);
    auto booked = backend.book(core::make_idempotency_key(), {kElodie, kOffice1, paris(day, 10), paris(day, 11)});
    ASSERT_TRUE(booked) << booked.error().message;
    ASSERT_TRUE(std::holds_alternative<wire::Booking>(*booked)) << std::get<wire::BookingError>(*booked).message;
    const std::string id = std::get<wire::Booking>(*booked).id;

    // Days ahead: more than a quarter of an hour early.
    auto early = backend.check_in(core::make_idempotency_key(), id, {kElodie});
    ASSERT_TRUE(early) << early.error().message;
    ASSERT_TRUE(std::holds_alternative<wire::BookingError>(*early));
    EXPECT_EQ(std::get<wire::BookingError>(*early).reason, wire::BookingRefusal::booking_not_changeable);

    // Someone else's badge at the door.
    auto stranger = backend.check_in(core::make_idempotency_key(), id, {kMarion});
    ASSERT_TRUE(stranger) << stranger.error().message;
    ASSERT_TRUE(std::holds_alternative<wire::BookingError>(*stranger));
    EXPECT_EQ(std::get<wire::BookingError>(*stranger).reason, wire::BookingRefusal::not_your_booking);

    // Both reach the door panel as refusals.
    core::WriteResult refused;
    refused.outcome = core::WriteOutcome::refused;
    refused.refusal = std::get<wire::BookingError>(*early);
    EXPECT_TRUE(std::holds_alternative<wire::BookingError>(app::to_booking_answer(refused)));
}

TEST_F(BookingBackendTest, TheHolderChecksInAtTheDoorThroughTheWorkerAndNotWhileOffline) {
    start_backend();
    ASSERT_FALSE(m_port.empty());
    app::KioskConfig config;
    config.site = "murat";
    config.backend_host = "127.0.0.1";
    config.backend_port = m_port;
    config.ca_file = m_dir / "backend/tls/ca.pem";
    config.connect_timeout = 2s;
    config.retry_max = 1s;
    config.storage_directory = m_dir / "kiosk";
    std::filesystem::create_directories(config.storage_directory);
    core::SystemClock clock;
    Replies replies;
    auto kiosk = app::KioskBookings::open(config, first_line(m_dir / "backend/devices/murat.token"), clock,
                                          {[&](core::BookingEngineReply reply) { replies.push(std::move(reply)); },
                                           [&](core::Connection c, int pending) { replies.status(c, pending); }});
    ASSERT_TRUE(kiosk) << kiosk.error();
    auto& worker = (*kiosk)->worker();

    // The demo books its members 9:00-12:00 and 14:00-17:00 on weekdays: one of Élodie's may be
    // under way, or about to start, now.
    worker.post(core::MemberBookingsCommand{1, kElodie});
    auto mine = replies.next<core::MemberBookingsReply>(20s);
    ASSERT_TRUE(mine && mine->result.bookings);
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const auto& listed = mine->result.bookings->bookings;
    const auto current = std::find_if(listed.begin(), listed.end(), [&](const wire::Booking& booking) {
        return booking.site_id == "murat" && booking.start - 10min <= now && now + 1min < booking.end &&
               !booking.checked_in_at;
    });
    if (current == listed.end()) {
        GTEST_SKIP() << "no demo booking of Elodie's is under way now (weekdays 9-12 and 14-17, Paris)";
    }

    worker.post(core::CheckInCommand{2, current->id, {kElodie}});
    auto checked_in = replies.next<core::WriteReply>(20s);
    ASSERT_TRUE(checked_in);
    EXPECT_EQ(checked_in->request_id, 2u);
    ASSERT_EQ(checked_in->result.outcome, core::WriteOutcome::confirmed)
        << (checked_in->result.failure ? checked_in->result.failure->message : "")
        << (checked_in->result.refusal ? checked_in->result.refusal->message : "");
    ASSERT_TRUE(checked_in->result.booking);
    EXPECT_EQ(checked_in->result.booking->id, current->id);
    EXPECT_TRUE(checked_in->result.booking->checked_in_at);
    const auto answer = app::to_booking_answer(checked_in->result);
    ASSERT_TRUE(std::holds_alternative<wire::Booking>(answer));

    // Offline, a check-in is not journaled: the door panel says it needs the connection.
    m_backend->stop();
    worker.post(core::CheckInCommand{3, current->id, {kElodie}});
    auto offline = replies.next<core::WriteReply>(20s);
    ASSERT_TRUE(offline);
    EXPECT_EQ(offline->result.outcome, core::WriteOutcome::needs_connection);
    EXPECT_TRUE(std::holds_alternative<core::RequestFailed>(app::to_booking_answer(offline->result)));
}
