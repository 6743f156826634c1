// SqliteBookingStore on a real file: the journal keeps order, state, answers and the told flag
// across a reopen; the schedule cache answers by site and days; the purge keeps what is news.

#include "telecentre/platform/sqlite_booking_store.hpp"
#include "telecentre/wire/booking_codec.hpp"
#include "telecentre/wire/codec.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

using namespace telecentre;
using namespace telecentre::platform;
using namespace std::chrono_literals;

namespace {

const wire::TimePoint kTuesday10 = *wire::parse_time("2026-11-24T09:00:00Z"); // 10:00 in Paris
const core::TimePoint kNow{*wire::parse_time("2026-11-23T08:10:00Z")};

wire::BookingRequest request(const std::string& badge, std::chrono::hours offset = 0h) {
    return {badge, "murat-bureau-1", kTuesday10 + offset, kTuesday10 + offset + 1h};
}

struct BookingStoreTest : ::testing::Test {
    telecentre::testing::TempDir directory{"bookings"};
    std::string path = (directory.path() / "kiosk.db").string();

    // A fresh connection and store, as after a restart.
    struct Opened {
        SqliteDatabase database;
        std::optional<SqliteBookingStore> store;
    };
    std::unique_ptr<Opened> open() {
        auto database = SqliteDatabase::open(path);
        EXPECT_TRUE(database) << database.error();
        auto opened = std::make_unique<Opened>(Opened{std::move(*database), std::nullopt});
        auto store = SqliteBookingStore::open(opened->database);
        EXPECT_TRUE(store) << store.error();
        opened->store.emplace(std::move(*store));
        return opened;
    }
};

wire::Availability schedule(const std::string& site, const std::string& from, int days) {
    wire::Availability availability;
    availability.site_id = site;
    availability.from = *wire::parse_date(from);
    availability.days = days;
    availability.resources.push_back({"murat-bureau-1", wire::ResourceKind::office, "Bureau 1", 1, {}, {}});
    return availability;
}

} // namespace

TEST_F(BookingStoreTest, JournalKeepsOrderStateAndAnswersAcrossAReopen) {
    {
        auto opened = open();
        auto& store = *opened->store;
        ASSERT_TRUE(store.append("k1", request("04A1B2C3D4E5F6"), "Bureau 1", kNow));
        ASSERT_TRUE(store.append("k2", request("043A7F129C4480", 2h), "", kNow + 1s));
        ASSERT_TRUE(store.append("k3", request("04A1B2C3D4E5F6", 4h), "Bureau 1", kNow + 2s));
        EXPECT_FALSE(store.append("k3", request("04A1B2C3D4E5F6"), "", kNow)) << "a key is used once";
        ASSERT_TRUE(store.count_attempt(1));
        wire::BookingError refusal{
            wire::BookingRefusal::slot_taken, "taken",
            wire::SlotSuggestion{"murat-bureau-1", kTuesday10 + 1h, kTuesday10 + 2h, "Bureau 1"}};
        ASSERT_TRUE(store.settle(1, {core::BookingState::refused, std::nullopt, refusal, {}}, core::Told::no, kNow));
    }
    auto opened = open();
    auto& store = *opened->store;
    EXPECT_EQ(store.pending_count(), 2);
    auto next = store.oldest_pending();
    ASSERT_TRUE(next && *next);
    EXPECT_EQ((*next)->idempotency_key, "k2");
    const auto sent = request("043A7F129C4480", 2h);
    EXPECT_EQ((*next)->request.badge_uid, sent.badge_uid);
    EXPECT_EQ((*next)->request.resource_id, sent.resource_id);
    EXPECT_EQ((*next)->request.start, sent.start);
    EXPECT_EQ((*next)->request.end, sent.end);
    EXPECT_EQ((*next)->journaled_at, kNow + 1s);

    auto elodie = store.entries(std::string("04A1B2C3D4E5F6"));
    ASSERT_TRUE(elodie);
    ASSERT_EQ(elodie->size(), 2u);
    const auto& refused = elodie->front();
    EXPECT_EQ(refused.state, core::BookingState::refused);
    EXPECT_EQ(refused.attempts, 1);
    EXPECT_EQ(refused.told, core::Told::no);
    ASSERT_TRUE(refused.refusal && refused.refusal->suggestion);
    EXPECT_EQ(refused.refusal->suggestion->start, kTuesday10 + 1h);
    EXPECT_EQ(refused.resource_name, "Bureau 1");
    ASSERT_TRUE(store.mark_told(refused.sequence));

    wire::Booking booking{"bk_1",      "murat",     "murat-bureau-1", "Bureau 1",      wire::ResourceKind::office,
                          "m-elodie",  "Élodie V.", kTuesday10 + 4h,  kTuesday10 + 5h, wire::BookingStatus::confirmed,
                          std::nullopt};
    ASSERT_TRUE(store.settle(3, {core::BookingState::confirmed, booking, std::nullopt, {}}, core::Told::yes, kNow));
    ASSERT_TRUE(store.settle(3, {core::BookingState::refused, std::nullopt, std::nullopt, {}}, core::Told::no, kNow))
        << "a settled entry stays as it settled";
    auto all = store.entries(std::nullopt);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 3u);
    EXPECT_EQ((*all)[0].told, core::Told::yes);
    EXPECT_EQ((*all)[2].state, core::BookingState::confirmed);
    EXPECT_EQ((*all)[2].booking->id, "bk_1");
    EXPECT_EQ((*all)[2].told, core::Told::yes);
    EXPECT_EQ(store.pending_count(), 1);
}

TEST_F(BookingStoreTest, SchedulesAreFoundByTheDaysTheyHoldNewestFirst) {
    auto opened = open();
    auto& store = *opened->store;
    ASSERT_TRUE(store.save_schedule({std::nullopt, schedule("murat", "2026-11-23", 7), kNow}));
    ASSERT_TRUE(store.save_schedule({wire::ResourceKind::office, schedule("murat", "2026-11-24", 1), kNow + 1min}));
    ASSERT_TRUE(store.save_schedule({std::nullopt, schedule("ydes", "2026-11-24", 1), kNow + 2min}));
    const auto tuesday = *wire::parse_date("2026-11-24");

    auto murat = store.schedules({std::string("murat"), tuesday, tuesday});
    ASSERT_TRUE(murat);
    ASSERT_EQ(murat->size(), 2u);
    EXPECT_EQ((*murat)[0].kind, wire::ResourceKind::office);
    EXPECT_EQ((*murat)[0].fetched_at, kNow + 1min);
    EXPECT_EQ((*murat)[1].kind, std::nullopt);
    EXPECT_EQ((*murat)[1].availability.days, 7);
    auto every_site = store.schedules({std::nullopt, tuesday, tuesday});
    ASSERT_TRUE(every_site);
    EXPECT_EQ(every_site->size(), 3u);
    auto week = store.schedules({std::string("murat"), tuesday, tuesday + std::chrono::days{5}});
    ASSERT_TRUE(week);
    EXPECT_EQ(week->size(), 1u);
    auto beyond = store.schedules({std::string("murat"), tuesday, tuesday + std::chrono::days{6}});
    ASSERT_TRUE(beyond);
    EXPECT_TRUE(beyond->empty());

    // Fetching the same query again replaces the copy.
    ASSERT_TRUE(store.save_schedule({std::nullopt, schedule("murat", "2026-11-23", 7), kNow + 5min}));
    EXPECT_EQ(store.schedules({std::string("murat"), tuesday, tuesday})->size(), 2u);
}

TEST_F(BookingStoreTest, MemberListsAreKeptPerBadge) {
    auto opened = open();
    auto& store = *opened->store;
    wire::MemberBookings list{{"m-elodie", "Élodie", "Élodie V."}, {}};
    ASSERT_TRUE(store.save_member_bookings("04A1B2C3D4E5F6", {list, kNow}));
    auto found = store.member_bookings("04A1B2C3D4E5F6");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->bookings.member.first_name, "Élodie");
    EXPECT_EQ((*found)->fetched_at, kNow);
    auto none = store.member_bookings("043A7F129C4480");
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
}

TEST_F(BookingStoreTest, PurgeKeepsPendingAndUntoldNewsAndForgetsTheRest) {
    auto opened = open();
    auto& store = *opened->store;
    ASSERT_TRUE(store.append("pending", request("04A1B2C3D4E5F6"), "", kNow));
    ASSERT_TRUE(store.append("told", request("04A1B2C3D4E5F6", 1h), "", kNow));
    ASSERT_TRUE(store.append("untold", request("04A1B2C3D4E5F6", 2h), "", kNow));
    ASSERT_TRUE(store.settle(2, {core::BookingState::refused, std::nullopt, std::nullopt, {}}, core::Told::yes, kNow));
    ASSERT_TRUE(store.settle(3, {core::BookingState::refused, std::nullopt, std::nullopt, {}}, core::Told::no, kNow));
    ASSERT_TRUE(store.save_schedule({std::nullopt, schedule("murat", "2026-11-24", 1), kNow}));
    ASSERT_TRUE(store.save_member_bookings("04A1B2C3D4E5F6", {{}, kNow}));

    // A day later: nothing is old enough yet.
    ASSERT_TRUE(store.purge(kNow - 1h, kNow + 24h));
    EXPECT_EQ(store.entries(std::nullopt)->size(), 3u);
    EXPECT_EQ(store.schedules({std::nullopt, *wire::parse_date("2026-11-24"), *wire::parse_date("2026-11-24")})->size(),
              1u);

    // Eight days later: the told entry, the copies and the lists go; the pending entry stays,
    // and so does the untold one until its booking has been over for a week.
    const auto later = kNow + std::chrono::days{8};
    ASSERT_TRUE(store.purge(later - std::chrono::days{7}, later));
    auto left = store.entries(std::nullopt);
    ASSERT_TRUE(left);
    ASSERT_EQ(left->size(), 2u);
    EXPECT_EQ((*left)[0].idempotency_key, "pending");
    EXPECT_EQ((*left)[1].idempotency_key, "untold");
    EXPECT_TRUE(
        store.schedules({std::nullopt, *wire::parse_date("2026-11-24"), *wire::parse_date("2026-11-24")})->empty());
    EXPECT_FALSE(*store.member_bookings("04A1B2C3D4E5F6"));

    const auto much_later = kNow + std::chrono::days{20};
    ASSERT_TRUE(store.purge(much_later - std::chrono::days{7}, much_later));
    EXPECT_EQ(store.entries(std::nullopt)->size(), 1u) << "only the pending entry is never purged";
}

TEST_F(BookingStoreTest, AnUnreadableEntryIsSetAsideInsteadOfBlockingTheQueue) {
    auto opened = open();
    auto& store = *opened->store;
    ASSERT_TRUE(store.append("damaged", request("04A1B2C3D4E5F6"), "", kNow));
    ASSERT_TRUE(store.append("fine", request("04A1B2C3D4E5F6", 1h), "", kNow));
    ASSERT_TRUE(opened->database.query("UPDATE booking_journal SET body = '{' WHERE idempotency_key = 'damaged'"));
    auto next = store.oldest_pending();
    ASSERT_TRUE(next && *next);
    EXPECT_EQ((*next)->idempotency_key, "fine");
    EXPECT_EQ(store.pending_count(), 1);
}
