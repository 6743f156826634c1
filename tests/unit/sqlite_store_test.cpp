#include "telecentre/platform/sqlite_journal.hpp"
#include "telecentre/platform/sqlite_member_cache.hpp"
#include "telecentre/wire/codec.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>

using namespace telecentre;
using namespace telecentre::platform;

namespace {

struct StoreTest : ::testing::Test {
    telecentre::testing::TempDir directory{"store"};
    std::string path = (directory.path() / "kiosk.db").string();
};

} // namespace

namespace {

wire::CheckinRequest request_for(const std::string& uid, int minute) {
    return {"murat", uid, wire::Direction::automatic,
            *wire::parse_time("2026-11-23T09:0" + std::to_string(minute) + ":00Z"), false};
}

} // namespace

TEST_F(StoreTest, JournalKeepsOrderAndSurvivesReopening) {
    {
        auto database = SqliteDatabase::open(path);
        ASSERT_TRUE(database) << database.error();
        auto journal = SqliteJournal::open(*database);
        ASSERT_TRUE(journal);
        ASSERT_TRUE(journal->append("k1", request_for("04A1B2C3", 1)));
        ASSERT_TRUE(journal->append("k2", request_for("04A1B2C3", 2)));
        ASSERT_TRUE(journal->append("k3", request_for("04EEEEEE", 3)));
        auto first = journal->oldest_pending();
        ASSERT_TRUE(first && *first);
        ASSERT_TRUE(journal->mark_delivered((*first)->sequence));
    }
    auto database = SqliteDatabase::open(path);
    ASSERT_TRUE(database);
    auto journal = SqliteJournal::open(*database);
    ASSERT_TRUE(journal);
    EXPECT_EQ(journal->pending_count(), 2);
    auto next = journal->oldest_pending();
    ASSERT_TRUE(next && *next);
    EXPECT_EQ((*next)->idempotency_key, "k2");
    EXPECT_EQ((*next)->request.at, *wire::parse_time("2026-11-23T09:02:00Z"));
    ASSERT_TRUE(journal->mark_rejected((*next)->sequence, "forbidden_site"));
    EXPECT_EQ(journal->rejected_count(), 1);
    next = journal->oldest_pending();
    EXPECT_EQ((*next)->idempotency_key, "k3");
}

TEST_F(StoreTest, JournalRefusesADuplicateKey) {
    auto database = SqliteDatabase::open(path);
    auto journal = SqliteJournal::open(*database);
    ASSERT_TRUE(journal->append("same", request_for("04A1B2C3", 1)));
    EXPECT_FALSE(journal->append("same", request_for("04A1B2C3", 2)));
    EXPECT_EQ(journal->pending_count(), 1);
}

TEST_F(StoreTest, AnUnreadableEntryIsSetAsideNotBlocking) {
    auto database = SqliteDatabase::open(path);
    auto journal = SqliteJournal::open(*database);
    ASSERT_TRUE(database->query("INSERT INTO journal (idempotency_key, body) VALUES ('bad', '{garbage')"));
    ASSERT_TRUE(journal->append("good", request_for("04A1B2C3", 1)));
    auto next = journal->oldest_pending();
    ASSERT_TRUE(next && *next);
    EXPECT_EQ((*next)->idempotency_key, "good");
    EXPECT_EQ(journal->rejected_count(), 1);
}

TEST_F(StoreTest, CacheAppliesFullThenIncrementalUpdates) {
    auto database = SqliteDatabase::open(path);
    auto cache = SqliteMemberCache::open(*database);
    ASSERT_TRUE(cache);
    const auto day = *wire::parse_date("2026-06-01");
    wire::OfflineCache full;
    full.version = 10;
    full.site_name = "Ydes";
    full.members = {{"m1", "Léa", "Léa Roux", {day, day, day, false}, false},
                    {"m2", "Paul", "Paul Martin", {day, day, day, true}, false}};
    full.badges = {{"04A1B2C3", "m1", false}, {"04EEEEEE", "m2", false}};
    ASSERT_TRUE(cache->apply(full));
    EXPECT_EQ(cache->version(), 10);
    EXPECT_EQ(cache->site_name(), "Ydes");
    auto lea = cache->find_badge("04A1B2C3");
    ASSERT_TRUE(lea);
    EXPECT_EQ(lea->member.first_name, "Léa");
    EXPECT_TRUE(cache->find_badge("04EEEEEE")->member.pass.suspended);

    wire::OfflineCache changes;
    changes.version = 12;
    changes.full = false;
    changes.site_name = "Ydes";
    changes.members = {{"m2", "", "", {}, true}};
    changes.badges = {{"04A1B2C3", "m1", true}};
    ASSERT_TRUE(cache->apply(changes));
    EXPECT_EQ(cache->version(), 12);
    EXPECT_FALSE(cache->find_badge("04EEEEEE")) << "an erased member is gone from the cache";
    EXPECT_TRUE(cache->find_badge("04A1B2C3")->revoked);
}

TEST_F(StoreTest, LocalPresenceIsPerDay) {
    auto database = SqliteDatabase::open(path);
    auto cache = SqliteMemberCache::open(*database);
    const std::chrono::local_days monday{std::chrono::year{2026} / 11 / 23};
    EXPECT_FALSE(cache->inside("m1", monday));
    ASSERT_TRUE(cache->set_inside("m1", monday, true));
    EXPECT_TRUE(cache->inside("m1", monday));
    EXPECT_FALSE(cache->inside("m1", monday + std::chrono::days{1})) << "yesterday's presence does not carry over";
}
