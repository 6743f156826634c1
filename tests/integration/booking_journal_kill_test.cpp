// A kiosk killed with SIGKILL while a booking is on its way to the backend: the booking was
// journaled before the request left, survives the kill, and is replayed with the same key.

#include "child_process.hpp"
#include "telecentre/core/booking_engine.hpp"
#include "telecentre/platform/sqlite_booking_store.hpp"
#include "telecentre/wire/codec.hpp"
#include "temp_dir.hpp"

#include <csignal>
#include <gtest/gtest.h>

using namespace telecentre;
using namespace std::chrono_literals;
using telecentre::testing::ChildProcess;
using telecentre::testing::first_line;
using telecentre::testing::wait_until;

namespace {

// Confirms whatever it is sent, and remembers the keys.
class RecordingBackend final : public core::BookingBackend {
public:
    std::vector<std::string> keys;

    std::expected<wire::Availability, core::BackendError> availability(const std::string&, wire::Date, int,
                                                                       std::optional<wire::ResourceKind>) override {
        return std::unexpected(core::BackendError{});
    }
    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    book(const std::string& key, const wire::BookingRequest& request) override {
        keys.push_back(key);
        wire::Booking booking;
        booking.id = "bk_replayed";
        booking.resource_id = request.resource_id;
        booking.start = request.start;
        booking.end = request.end;
        return booking;
    }
    std::expected<core::BookingReply<wire::Booking>, core::BackendError> change(const std::string&, const std::string&,
                                                                                const wire::BookingChange&) override {
        return std::unexpected(core::BackendError{});
    }
    std::expected<core::BookingReply<wire::Booking>, core::BackendError> cancel(const std::string&, const std::string&,
                                                                                const wire::BookingCancel&) override {
        return std::unexpected(core::BackendError{});
    }
    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    check_in(const std::string&, const std::string&, const wire::BookingCancel&) override {
        return std::unexpected(core::BackendError{});
    }
    std::expected<core::BookingReply<wire::MemberBookings>, core::BackendError>
    member_bookings(const std::string&) override {
        return std::unexpected(core::BackendError{});
    }
};

} // namespace

TEST(BookingJournalKill, ABookingJournaledJustBeforeAKillMinusNineIsKeptAndReplayed) {
    telecentre::testing::TempDir folder{"bookkill", telecentre::testing::KeepFolder::when_the_test_failed};
    const auto database_path = folder.path() / "kiosk.db";
    const auto marker = folder.path() / "sending";
    ChildProcess child({TELECENTRE_BOOKING_CHILD_EXE, database_path.string(), marker.string()}, {},
                       (folder.path() / "child.log").string());
    ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(marker); }, 30s)) << "the child never sent its booking";
    const std::string key = first_line(marker);
    child.signal(SIGKILL);
    ASSERT_EQ(child.wait(10s), 128 + SIGKILL);

    auto database = platform::SqliteDatabase::open(database_path.string());
    ASSERT_TRUE(database) << database.error();
    auto store = platform::SqliteBookingStore::open(*database);
    ASSERT_TRUE(store) << store.error();
    ASSERT_EQ(store->pending_count(), 1);
    auto pending = store->oldest_pending();
    ASSERT_TRUE(pending && *pending);
    EXPECT_EQ((*pending)->idempotency_key, key);
    EXPECT_EQ((*pending)->request.resource_id, "murat-bureau-1");
    EXPECT_EQ((*pending)->request.start, *wire::parse_time("2030-01-08T09:00:00Z"));

    // The restarted kiosk replays it with the key of the interrupted request.
    RecordingBackend backend;
    core::SystemClock clock;
    core::BookingEngine engine{*store, backend, clock, [] { return std::string("unused"); }, {}, {}};
    engine.pump();
    EXPECT_EQ(backend.keys, std::vector<std::string>{key});
    EXPECT_EQ(store->pending_count(), 0);
    auto news = engine.news_for("04A1B2C3D4E5F6");
    ASSERT_EQ(news.size(), 1u);
    EXPECT_EQ(news[0].state, core::BookingState::confirmed);
}
