// SqliteStore: migrations, the seeded network and demo members, change tracking, bookings.
#include "telecentre/backend/sqlite_store.hpp"
#include "telecentre/wire/local_time.hpp"
#include "temp_dir.hpp"

#include <gtest/gtest.h>
#include <map>

namespace telecentre::backend::test {

using telecentre::testing::TempDir;
namespace {

using namespace std::chrono;

class SqliteStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto opened = SqliteStore::open(m_dir.path() / "telecentre.db");
        ASSERT_TRUE(opened) << opened.error().message;
        m_store = std::move(*opened);
        auto migrated = m_store->migrate();
        ASSERT_TRUE(migrated) << migrated.error().message;
        EXPECT_EQ(*migrated, 4);
    }

    TempDir m_dir;
    std::unique_ptr<SqliteStore> m_store;
};

TEST_F(SqliteStoreTest, MigratingTwiceIsANoOp) {
    auto before = m_store->offline_changes_since(0);
    ASSERT_TRUE(before);
    auto again = m_store->migrate();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, 0);
    auto after = m_store->offline_changes_since(0);
    ASSERT_TRUE(after);
    EXPECT_EQ(after->version, before->version);
    EXPECT_EQ(after->members.size(), before->members.size());
    auto sites = m_store->list_sites();
    ASSERT_TRUE(sites);
    EXPECT_EQ(sites->size(), 11u);

    // A second process opening the same file finds everything applied too.
    m_store.reset();
    auto reopened = SqliteStore::open(m_dir.path() / "telecentre.db");
    ASSERT_TRUE(reopened);
    auto third = (*reopened)->migrate();
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_EQ(*third, 0);
}

TEST_F(SqliteStoreTest, SeedHasTheNetworksFiftyEightPositions) {
    auto sites = m_store->list_sites();
    ASSERT_TRUE(sites) << sites.error().message;
    std::map<ResourceKind, int> by_kind;
    std::map<std::string, int> offices;
    for (const auto& site : *sites) {
        EXPECT_FALSE(site.opening_hours.empty()) << site.id;
        for (const auto& resource : site.resources) {
            ++by_kind[resource.kind];
            offices[site.id] += resource.kind == ResourceKind::office;
        }
    }
    EXPECT_EQ(by_kind[ResourceKind::office], 34);
    EXPECT_EQ(by_kind[ResourceKind::open_space], 24);
    EXPECT_EQ(by_kind[ResourceKind::office] + by_kind[ResourceKind::open_space], 58);
    EXPECT_EQ(by_kind[ResourceKind::meeting_room], 2);
    EXPECT_EQ(by_kind[ResourceKind::visio_room], 2);
    EXPECT_EQ(offices["aurillac-a2ex"], 5);
    EXPECT_EQ(offices["aurillac-la-forge"], 0);

    auto ydes = m_store->find_site("ydes");
    ASSERT_TRUE(ydes && *ydes);
    EXPECT_EQ((*ydes)->street, "Maison des Services, 4 rue du Docteur Basset");
    EXPECT_EQ((*ydes)->postal_code, "15210");
}

TEST_F(SqliteStoreTest, DemoMembersCoverEveryPassState) {
    auto members = m_store->list_members();
    ASSERT_TRUE(members);
    EXPECT_EQ(members->size(), 15u);
    const wire::Date today{wire::paris_day(floor<seconds>(system_clock::now())).time_since_epoch()};
    std::map<wire::PassState, int> states;
    for (const auto& member : *members) {
        ++states[wire::pass_state_on(member.pass.dates, today)];
        EXPECT_GE(member.pass.monthly_fee_cents, 5000);
        EXPECT_LE(member.pass.monthly_fee_cents, 10000);
        EXPECT_EQ(member.pass.dates.free_until,
                  wire::Date{sys_days{year_month_day{member.pass.dates.joined} + months{6}} - days{1}})
            << member.id;
    }
    EXPECT_GT(states[wire::PassState::free_period], 0);
    EXPECT_GT(states[wire::PassState::active], 0);
    EXPECT_GT(states[wire::PassState::expired], 0);
    EXPECT_GT(states[wire::PassState::suspended], 0);
}

TEST_F(SqliteStoreTest, EveryWriteToMembersPassesAndBadgesMovesTheCounter) {
    auto start = m_store->offline_changes_since(0);
    ASSERT_TRUE(start);
    ASSERT_TRUE(m_store->revoke_badge("3C4D5E6F", floor<seconds>(system_clock::now())));
    auto after_badge = m_store->offline_changes_since(start->version);
    ASSERT_TRUE(after_badge);
    EXPECT_EQ(after_badge->version, start->version + 1);
    ASSERT_EQ(after_badge->badges.size(), 1u);
    EXPECT_TRUE(after_badge->badges[0].revoked);
    EXPECT_TRUE(after_badge->members.empty());

    MemberChange change;
    change.member_id = "m-ines-rouquier";
    change.paid_until = wire::Date{sys_days{2030y / January / 31}};
    ASSERT_TRUE(m_store->change_member(change));
    auto after_pass = m_store->offline_changes_since(after_badge->version);
    ASSERT_TRUE(after_pass);
    ASSERT_EQ(after_pass->members.size(), 1u);
    EXPECT_EQ(after_pass->members[0].pass.dates.paid_until, wire::Date{sys_days{2030y / January / 31}});

    MemberChange unknown;
    unknown.member_id = "m-nobody";
    unknown.first_name = "X";
    EXPECT_FALSE(m_store->change_member(unknown));
}

TEST_F(SqliteStoreTest, OverlappingBookingsOfOneResourceAreRefused) {
    const auto nine = sys_days{2026y / December / 1} + hours{8};
    const BookingRecord first{"b1", "ydes-bureau-1", "m-antoine-veyrines", nine, nine + hours{3}};
    ASSERT_EQ(m_store->add_booking(first), BookingOutcome::added);
    EXPECT_EQ(m_store->add_booking(first), BookingOutcome::already_there);
    EXPECT_EQ(m_store->add_booking({"b2", "ydes-bureau-1", "m-lucie-marty", nine + hours{2}, nine + hours{4}}),
              BookingOutcome::overlaps);
    EXPECT_EQ(m_store->add_booking({"b3", "ydes-bureau-1", "m-lucie-marty", nine + hours{3}, nine + hours{4}}),
              BookingOutcome::added)
        << "back-to-back is not an overlap";
    EXPECT_EQ(m_store->add_booking({"b4", "ydes-bureau-2", "m-lucie-marty", nine, nine + hours{1}}),
              BookingOutcome::added);
}

} // namespace
} // namespace telecentre::backend::test
