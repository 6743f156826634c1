// The Store contract on both stores: migrations, the seeded network and demo members, change
// tracking, snapshots, transactions, presence, stored answers, devices. Bookings, rules and
// closures are in store_booking_test.cpp.
#include "store_fixture.hpp"
#include "telecentre/wire/local_time.hpp"

#include <map>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

const wire::TimePoint kNine = sys_days{2026y / December / 1} + hours{9};

class StoreTest : public StoreFixture {};

TEST_P(StoreTest, MigratingTwiceIsANoOp) {
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

    // A second process opening the same database finds everything applied too.
    m_store.reset();
    auto reopened = open_store();
    ASSERT_TRUE(reopened) << reopened.error().message;
    auto third = (*reopened)->migrate();
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_EQ(*third, 0);
}

TEST_P(StoreTest, SeedHasTheNetworksFiftyEightPositions) {
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
    EXPECT_EQ(sites->front().id, "allanche");

    auto ydes = m_store->find_site("ydes");
    ASSERT_TRUE(ydes && *ydes);
    EXPECT_EQ((*ydes)->street, "Maison des Services, 4 rue du Docteur Basset");
    EXPECT_EQ((*ydes)->postal_code, "15210");
    auto cassaniouze = m_store->find_site("cassaniouze");
    ASSERT_TRUE(cassaniouze && *cassaniouze);
    const auto& hours = (*cassaniouze)->opening_hours;
    ASSERT_EQ(hours.size(), 11u); // Monday to Friday twice, Saturday morning
    EXPECT_EQ(hours[0].iso_weekday, 1);
    EXPECT_EQ(hours[0].opens_minute, 9 * 60);
    EXPECT_EQ(hours[0].closes_minute, 12 * 60);
    EXPECT_EQ(hours[1].opens_minute, 13 * 60 + 30);
    EXPECT_EQ(hours[10].iso_weekday, 6);
    auto nowhere = m_store->find_site("nowhere");
    ASSERT_TRUE(nowhere);
    EXPECT_FALSE(*nowhere);
}

TEST_P(StoreTest, DemoMembersCoverEveryPassState) {
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
    EXPECT_EQ(members->front().id, "m-anais-courbebaisse");
    EXPECT_EQ(members->front().display_name, "Anaïs C.");
}

TEST_P(StoreTest, EveryWriteToMembersPassesAndBadgesMovesTheCounter) {
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

    MemberChange rename;
    rename.member_id = "m-ines-rouquier";
    rename.display_name = "Inès R";
    rename.pass_suspended = true;
    ASSERT_TRUE(m_store->change_member(rename));
    auto after_rename = m_store->offline_changes_since(after_pass->version);
    ASSERT_TRUE(after_rename);
    EXPECT_EQ(after_rename->version, after_pass->version + 2);
    ASSERT_EQ(after_rename->members.size(), 1u);
    EXPECT_EQ(after_rename->members[0].display_name, "Inès R");
    EXPECT_EQ(after_rename->members[0].first_name, "Inès");
    EXPECT_TRUE(after_rename->members[0].pass.dates.suspended);

    MemberChange unknown;
    unknown.member_id = "m-nobody";
    unknown.first_name = "X";
    EXPECT_FALSE(m_store->change_member(unknown));
    EXPECT_FALSE(m_store->revoke_badge("0400000000DEAD", floor<seconds>(system_clock::now())));
}

TEST_P(StoreTest, AnErasedMemberIsBlankedAndLosesEveryBadge) {
    auto start = m_store->offline_changes_since(0);
    ASSERT_TRUE(start);
    ASSERT_TRUE(m_store->erase_member("m-julien-chambon"));
    auto changes = m_store->offline_changes_since(start->version);
    ASSERT_TRUE(changes);
    ASSERT_EQ(changes->members.size(), 1u);
    EXPECT_TRUE(changes->members[0].erased);
    EXPECT_EQ(changes->members[0].first_name, "");
    ASSERT_EQ(changes->badges.size(), 2u);
    EXPECT_EQ(changes->badges[0].uid, "04112233445566");
    EXPECT_EQ(changes->badges[1].uid, "A1B2C3D4");
    EXPECT_TRUE(changes->badges[0].revoked && changes->badges[1].revoked);
    EXPECT_FALSE(m_store->erase_member("m-nobody"));
}

TEST_P(StoreTest, AReaderSeesOneSnapshot) {
    auto reader = m_store->read();
    ASSERT_TRUE(reader) << reader.error().message;
    auto before = (*reader)->find_badge("3C4D5E6F");
    ASSERT_TRUE(before && *before);
    EXPECT_FALSE((*before)->revoked);
    EXPECT_EQ((*before)->member_id, "m-ines-rouquier");

    ASSERT_TRUE(m_store->revoke_badge("3C4D5E6F", kNine));
    auto still = (*reader)->find_badge("3C4D5E6F");
    ASSERT_TRUE(still && *still);
    EXPECT_FALSE((*still)->revoked) << "a reader keeps the snapshot of its first read";
    reader->reset();

    auto later = m_store->read();
    ASSERT_TRUE(later);
    auto after = (*later)->find_badge("3C4D5E6F");
    ASSERT_TRUE(after && *after);
    EXPECT_TRUE((*after)->revoked);
    auto unknown = (*later)->find_badge("0400000000DEAD");
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(*unknown);
}

TEST_P(StoreTest, ATransactionNotCommittedLeavesNothing) {
    ASSERT_TRUE(m_store->add_device({"dev-murat", "murat", "Kiosk"}, std::string(64, 'a'), kNine));
    {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction) << transaction.error().message;
        ASSERT_TRUE((*transaction)->start_session("m-elodie-vermenouze", "murat", kNine));
        ASSERT_TRUE((*transaction)->save_answer("dev-murat", "key-1", {"hash", 200, "{}"}, kNine));
    }
    auto sessions = m_store->presence_sessions("m-elodie-vermenouze");
    ASSERT_TRUE(sessions);
    EXPECT_TRUE(sessions->empty());
    auto transaction = m_store->begin();
    ASSERT_TRUE(transaction);
    auto answer = (*transaction)->find_answer("dev-murat", "key-1");
    ASSERT_TRUE(answer);
    EXPECT_FALSE(*answer);
}

TEST_P(StoreTest, PresenceSessionsAndEventsAreRecorded) {
    ASSERT_TRUE(m_store->add_device({"dev-murat", "murat", "Kiosk"}, std::string(64, 'b'), kNine));
    const std::string member = "m-elodie-vermenouze";
    {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        auto member_record = (*transaction)->find_member(member);
        ASSERT_TRUE(member_record && *member_record);
        EXPECT_EQ((*member_record)->home_site_id, "murat");
        EXPECT_EQ((*member_record)->pass.monthly_fee_cents, 6000);
        auto id = (*transaction)->start_session(member, "murat", kNine);
        ASSERT_TRUE(id) << id.error().message;
        auto open = (*transaction)->open_session(member);
        ASSERT_TRUE(open && *open);
        EXPECT_EQ((*open)->id, *id);
        EXPECT_EQ((*open)->in_at, kNine);
        EXPECT_FALSE((*open)->out_at);
        ASSERT_TRUE((*transaction)->close_session(*id, kNine + hours{3} + seconds{7}, SessionClosing::automatic));
        PresenceEvent event{"evt-1",
                            "dev-murat",
                            "murat",
                            "04A1B2C3D4E5F6",
                            member,
                            wire::Direction::out,
                            wire::CheckinOutcome::checked_out,
                            wire::RefusalReason::none,
                            kNine + hours{3},
                            true,
                            kNine + hours{4},
                            *id};
        ASSERT_TRUE((*transaction)->record_event(event));
        PresenceEvent refused{"evt-0",
                              "dev-murat",
                              "murat",
                              "0400000000DEAD",
                              std::nullopt,
                              wire::Direction::automatic,
                              wire::CheckinOutcome::refused,
                              wire::RefusalReason::unknown_badge,
                              kNine,
                              false,
                              kNine,
                              std::nullopt};
        ASSERT_TRUE((*transaction)->record_event(refused));
        ASSERT_TRUE((*transaction)->commit());
    }
    auto sessions = m_store->presence_sessions(member);
    ASSERT_TRUE(sessions);
    ASSERT_EQ(sessions->size(), 1u);
    EXPECT_EQ((*sessions)[0].site_id, "murat");
    EXPECT_EQ((*sessions)[0].out_at, kNine + hours{3} + seconds{7});
    EXPECT_TRUE((*sessions)[0].auto_closed);

    auto events = m_store->presence_events(member);
    ASSERT_TRUE(events);
    ASSERT_EQ(events->size(), 1u);
    const auto& event = (*events)[0];
    EXPECT_EQ(event.id, "evt-1");
    EXPECT_EQ(event.direction, wire::Direction::out);
    EXPECT_EQ(event.outcome, wire::CheckinOutcome::checked_out);
    EXPECT_EQ(event.reason, wire::RefusalReason::none);
    EXPECT_EQ(event.at, kNine + hours{3});
    EXPECT_TRUE(event.decided_offline);
    EXPECT_EQ(event.recorded_at, kNine + hours{4});
    EXPECT_EQ(event.session_id, (*sessions)[0].id);

    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    auto morning = (*reader)->sessions_between(member, kNine - hours{1}, kNine + minutes{30});
    ASSERT_TRUE(morning);
    EXPECT_EQ(morning->size(), 1u);
    auto afterwards = (*reader)->sessions_between(member, kNine + hours{3} + seconds{7}, kNine + hours{5});
    ASSERT_TRUE(afterwards);
    EXPECT_TRUE(afterwards->empty()) << "a session ending as the range starts is not in it";
    auto open = (*reader)->open_session(member);
    ASSERT_TRUE(open);
    EXPECT_FALSE(*open);
}

TEST_P(StoreTest, AnAnswerIsStoredPerDeviceAndKey) {
    ASSERT_TRUE(m_store->add_device({"dev-a", "murat", "Kiosk A"}, std::string(64, 'c'), kNine));
    ASSERT_TRUE(m_store->add_device({"dev-b", "ydes", "Kiosk B"}, std::string(64, 'd'), kNine));
    {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        ASSERT_TRUE((*transaction)->save_answer("dev-a", "key-1", {"hash-a", 409, "{\"error\":\"x\"}"}, kNine));
        ASSERT_TRUE((*transaction)->commit());
    }
    auto transaction = m_store->begin();
    ASSERT_TRUE(transaction);
    auto found = (*transaction)->find_answer("dev-a", "key-1");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->request_hash, "hash-a");
    EXPECT_EQ((*found)->status, 409);
    EXPECT_EQ((*found)->body, "{\"error\":\"x\"}");
    auto other_device = (*transaction)->find_answer("dev-b", "key-1");
    ASSERT_TRUE(other_device);
    EXPECT_FALSE(*other_device);
}

TEST_P(StoreTest, DevicesAreFoundByTheirTokenHash) {
    const std::string hash(64, 'e');
    auto added = m_store->add_device({"dev-1", "mauriac", "Accueil"}, hash, kNine);
    ASSERT_TRUE(added) << added.error().message;
    auto found = m_store->find_device_by_token_hash(hash);
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->id, "dev-1");
    EXPECT_EQ((*found)->site_id, "mauriac");
    EXPECT_EQ((*found)->name, "Accueil");
    auto unknown = m_store->find_device_by_token_hash(std::string(64, 'f'));
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(*unknown);
    EXPECT_FALSE(m_store->add_device({"dev-2", "mauriac", "Twice"}, hash, kNine)) << "token hashes are unique";
}

INSTANTIATE_TEST_SUITE_P(Stores, StoreTest, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
