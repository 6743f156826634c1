// The Store contract on both stores, booking part: bookings and their life cycle, overlaps,
// resources with equipment, rules, closures, calendar feeds.
#include "store_fixture.hpp"

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

const wire::TimePoint kNine = sys_days{2026y / December / 1} + hours{9};
const std::string kAntoine = "m-antoine-veyrines";
const std::string kLucie = "m-lucie-marty";

class BookingStoreTest : public StoreFixture {
protected:
    static BookingRecord booking(std::string id, std::string resource, std::string member, wire::TimePoint start,
                                 wire::TimePoint end) {
        return BookingRecord{std::move(id), std::move(resource), std::move(member), start, end, kNine - days{1}, ""};
    }

    std::vector<std::string> ids(const StoreResult<std::vector<wire::Booking>>& bookings) {
        EXPECT_TRUE(bookings) << bookings.error().message;
        std::vector<std::string> found;
        for (const auto& booking : bookings.value_or(std::vector<wire::Booking>{})) {
            found.push_back(booking.id);
        }
        return found;
    }

    // b1 ydes-bureau-1 Antoine 09:00-12:00, b2 ydes-bureau-2 Lucie 10:00-11:00, b3 murat-bureau-1
    // Antoine 09:00-10:00, b4 ydes-bureau-1 Lucie 14:00-15:00 then cancelled.
    void add_the_day() {
        ASSERT_EQ(m_store->add_booking(booking("b1", "ydes-bureau-1", kAntoine, kNine, kNine + hours{3})),
                  BookingOutcome::added);
        ASSERT_EQ(m_store->add_booking(booking("b2", "ydes-bureau-2", kLucie, kNine + hours{1}, kNine + hours{2})),
                  BookingOutcome::added);
        ASSERT_EQ(m_store->add_booking(booking("b3", "murat-bureau-1", kAntoine, kNine, kNine + hours{1})),
                  BookingOutcome::added);
        ASSERT_EQ(m_store->add_booking(booking("b4", "ydes-bureau-1", kLucie, kNine + hours{5}, kNine + hours{6})),
                  BookingOutcome::added);
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        ASSERT_TRUE((*transaction)->close_booking("b4", wire::BookingStatus::cancelled, kNine - hours{2}));
        ASSERT_TRUE((*transaction)->commit());
    }
};

TEST_P(BookingStoreTest, OverlappingBookingsOfOneResourceAreRefused) {
    const auto first = booking("b1", "ydes-bureau-1", kAntoine, kNine - hours{1}, kNine + hours{2});
    ASSERT_EQ(m_store->add_booking(first), BookingOutcome::added);
    EXPECT_EQ(m_store->add_booking(first), BookingOutcome::already_there);
    EXPECT_EQ(m_store->add_booking(booking("b2", "ydes-bureau-1", kLucie, kNine + hours{1}, kNine + hours{3})),
              BookingOutcome::overlaps);
    EXPECT_EQ(m_store->add_booking(booking("b3", "ydes-bureau-1", kLucie, kNine + hours{2}, kNine + hours{3})),
              BookingOutcome::added)
        << "back-to-back is not an overlap";
    EXPECT_EQ(m_store->add_booking(booking("b4", "ydes-bureau-2", kLucie, kNine, kNine + hours{1})),
              BookingOutcome::added);
}

TEST_P(BookingStoreTest, ABookingIsReadWithItsResourceAndHolder) {
    ASSERT_TRUE(m_store->add_device({"dev-ydes", "ydes", "Kiosk"}, std::string(64, 'a'), kNine));
    // At an odd second, to see times come back exactly.
    const auto start = kNine + minutes{1} + seconds{7};
    auto record = booking("b1", "ydes-bureau-1", kAntoine, start, start + hours{2});
    record.created_by_device = "dev-ydes";
    ASSERT_EQ(m_store->add_booking(record), BookingOutcome::added);
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    auto found = (*reader)->find_booking("b1");
    ASSERT_TRUE(found && *found) << (found ? "" : found.error().message);
    const auto& read = **found;
    EXPECT_EQ(read.site_id, "ydes");
    EXPECT_EQ(read.resource_id, "ydes-bureau-1");
    EXPECT_EQ(read.resource_name, "Bureau 1");
    EXPECT_EQ(read.kind, ResourceKind::office);
    EXPECT_EQ(read.member_id, kAntoine);
    EXPECT_EQ(read.holder, "Antoine V.");
    EXPECT_EQ(read.start, start);
    EXPECT_EQ(read.end, start + hours{2});
    EXPECT_EQ(read.status, wire::BookingStatus::confirmed);
    EXPECT_FALSE(read.checked_in_at);
    auto missing = (*reader)->find_booking("nope");
    ASSERT_TRUE(missing);
    EXPECT_FALSE(*missing);
}

TEST_P(BookingStoreTest, BookingReadsAreBoundedAndOrdered) {
    add_the_day();
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    const auto morning = kNine - hours{1};
    const auto evening = kNine + hours{9};
    EXPECT_EQ(ids((*reader)->site_bookings("ydes", morning, evening)), (std::vector<std::string>{"b1", "b2"}));
    EXPECT_EQ(ids((*reader)->site_bookings("ydes", kNine + hours{2}, kNine + hours{3})), std::vector<std::string>{"b1"})
        << "b2 ends as the range starts";
    EXPECT_EQ(ids((*reader)->resource_bookings("ydes-bureau-1", morning, evening)), std::vector<std::string>{"b1"})
        << "cancelled bookings are not listed";
    EXPECT_EQ(ids((*reader)->member_bookings(kAntoine, morning, evening)), (std::vector<std::string>{"b1", "b3"}))
        << "by start, then id";
    EXPECT_EQ(ids((*reader)->member_bookings(kLucie, morning, evening)), std::vector<std::string>{"b2"});
    EXPECT_EQ(ids((*reader)->unattended_bookings(kNine + minutes{30})), (std::vector<std::string>{"b1", "b3"}));
    auto cancelled = (*reader)->find_booking("b4");
    ASSERT_TRUE(cancelled && *cancelled);
    EXPECT_EQ((*cancelled)->status, wire::BookingStatus::cancelled);
}

TEST_P(BookingStoreTest, ABookingMovesIsCheckedIntoAndCloses) {
    add_the_day();
    ASSERT_EQ(m_store->add_booking(booking("b5", "ydes-bureau-1", kLucie, kNine + hours{4}, kNine + hours{5})),
              BookingOutcome::added);
    {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        EXPECT_EQ((*transaction)->move_booking("b5", kNine + hours{2}, kNine + hours{3}), BookingOutcome::overlaps);
        EXPECT_EQ((*transaction)->move_booking("b5", kNine + hours{3}, kNine + hours{4}), BookingOutcome::added)
            << "the transaction goes on after a refused move";
        EXPECT_FALSE((*transaction)->move_booking("b4", kNine, kNine + hours{1})) << "b4 is cancelled";
        ASSERT_TRUE((*transaction)->commit());
    }
    {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        ASSERT_TRUE((*transaction)->check_in_booking("b1", kNine + minutes{5}));
        ASSERT_TRUE((*transaction)->check_in_booking("b1", kNine + minutes{50})) << "the first arrival stays";
        ASSERT_TRUE((*transaction)->close_booking("b3", wire::BookingStatus::no_show, kNine + minutes{30}));
        EXPECT_FALSE((*transaction)->close_booking("b2", wire::BookingStatus::confirmed, kNine));
        ASSERT_TRUE((*transaction)->commit());
    }
    auto transaction = m_store->begin();
    ASSERT_TRUE(transaction);
    EXPECT_FALSE((*transaction)->close_booking("b3", wire::BookingStatus::cancelled, kNine)) << "already closed";
    auto moved = (*transaction)->find_booking("b5");
    ASSERT_TRUE(moved && *moved);
    EXPECT_EQ((*moved)->start, kNine + hours{3});
    auto attended = (*transaction)->find_booking("b1");
    ASSERT_TRUE(attended && *attended);
    EXPECT_EQ((*attended)->checked_in_at, kNine + minutes{5});
    auto released = (*transaction)->find_booking("b3");
    ASSERT_TRUE(released && *released);
    EXPECT_EQ((*released)->status, wire::BookingStatus::no_show);
    EXPECT_EQ(ids((*transaction)->unattended_bookings(kNine + hours{1})), std::vector<std::string>{"b2"});
    // The slot of a released booking is free again.
    EXPECT_EQ((*transaction)->insert_booking(booking("b6", "murat-bureau-1", kLucie, kNine, kNine + hours{1})),
              BookingOutcome::added);
}

TEST_P(BookingStoreTest, ResourcesComeInKioskOrderWithTheirEquipment) {
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    auto resources = (*reader)->site_resources("murat");
    ASSERT_TRUE(resources) << resources.error().message;
    ASSERT_EQ(resources->size(), 14u);
    EXPECT_EQ((*resources)[0].name, "Bureau 1");
    EXPECT_EQ((*resources)[3].name, "Bureau 4");
    EXPECT_EQ((*resources)[4].name, "Poste open space 1");
    EXPECT_EQ((*resources)[12].kind, ResourceKind::meeting_room);
    EXPECT_EQ((*resources)[13].kind, ResourceKind::visio_room);
    EXPECT_EQ((*resources)[12].equipment, (std::vector<std::string>{"phone", "screen", "whiteboard"}));
    EXPECT_EQ((*resources)[0].equipment, (std::vector<std::string>{"lockable", "second_screen"}));
    EXPECT_TRUE((*resources)[4].equipment.empty());
    auto room = (*reader)->find_resource("murat-salle-visio");
    ASSERT_TRUE(room && *room);
    EXPECT_EQ((*room)->capacity, 6);
    EXPECT_EQ((*room)->site_id, "murat");
    EXPECT_EQ((*room)->equipment, (std::vector<std::string>{"microphone", "screen", "webcam"}));
    auto none = (*reader)->find_resource("nope");
    ASSERT_TRUE(none);
    EXPECT_FALSE(*none);
}

TEST_P(BookingStoreTest, BookingRulesAreTheSitesOrTheNetworks) {
    auto before = m_store->read();
    ASSERT_TRUE(before);
    auto seeded = (*before)->booking_rules("murat");
    before->reset();
    ASSERT_TRUE(seeded) << seeded.error().message;
    EXPECT_EQ(seeded->slot_minutes, 30);
    EXPECT_EQ(seeded->max_days_ahead, 60);
    EXPECT_EQ(seeded->no_show_grace_minutes, 30);
    ASSERT_EQ(seeded->kinds.size(), 4u);
    EXPECT_EQ(seeded->kinds[1].kind, ResourceKind::open_space);
    EXPECT_TRUE(seeded->kinds[1].free_period_allowed);
    EXPECT_EQ(seeded->kinds[2].max_minutes, 240);

    wire::BookingRules own;
    own.slot_minutes = 15;
    own.max_days_ahead = 14;
    own.no_show_grace_minutes = 10;
    own.kinds = {{ResourceKind::office, 120, true}};
    ASSERT_TRUE(m_store->set_booking_rules("murat", own));
    ASSERT_TRUE(m_store->set_booking_rules("murat", own)) << "setting twice replaces";
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    auto rules = (*reader)->booking_rules("murat");
    ASSERT_TRUE(rules);
    EXPECT_EQ(rules->slot_minutes, 15);
    EXPECT_EQ(rules->max_days_ahead, 14);
    EXPECT_EQ(rules->no_show_grace_minutes, 10);
    ASSERT_EQ(rules->kinds.size(), 4u);
    EXPECT_EQ(rules->kinds[0].max_minutes, 120);
    EXPECT_TRUE(rules->kinds[0].free_period_allowed);
    EXPECT_EQ(rules->kinds[3].max_minutes, 180) << "a kind the site does not list keeps the network's rule";
    auto other = (*reader)->booking_rules("ydes");
    ASSERT_TRUE(other);
    EXPECT_EQ(other->slot_minutes, 30);
}

TEST_P(BookingStoreTest, ClosuresOfTheSiteAndOfTheNetwork) {
    const wire::Date first{sys_days{2026y / December / 1}};
    const wire::Date last{sys_days{2026y / December / 31}};
    ASSERT_TRUE(m_store->add_closure(
        {"murat", wire::Date{sys_days{2026y / December / 7}}, wire::Date{sys_days{2026y / December / 8}}, "Travaux"}));
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    auto murat = (*reader)->closures("murat", first, last);
    ASSERT_TRUE(murat) << murat.error().message;
    ASSERT_EQ(murat->size(), 2u);
    EXPECT_EQ((*murat)[0].site_id, "murat");
    EXPECT_EQ((*murat)[0].reason, "Travaux");
    EXPECT_EQ((*murat)[0].last_day, wire::Date{sys_days{2026y / December / 8}});
    EXPECT_FALSE((*murat)[1].site_id);
    EXPECT_EQ((*murat)[1].first_day, wire::Date{sys_days{2026y / December / 25}});
    EXPECT_EQ((*murat)[1].reason, "Noël");
    auto ydes = (*reader)->closures("ydes", first, last);
    ASSERT_TRUE(ydes);
    EXPECT_EQ(ydes->size(), 1u);
    auto touching = (*reader)->closures("murat", wire::Date{sys_days{2026y / December / 8}},
                                        wire::Date{sys_days{2026y / December / 8}});
    ASSERT_TRUE(touching);
    EXPECT_EQ(touching->size(), 1u) << "a closure touching the range counts";
}

TEST_P(BookingStoreTest, ACalendarFeedOpensItsSubject) {
    const std::string hash(64, '7');
    {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        ASSERT_TRUE(
            (*transaction)->add_calendar_feed(hash, {CalendarSubjectKind::resource, "murat-salle-visio"}, kNine));
        ASSERT_TRUE((*transaction)->commit());
    }
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    auto feed = (*reader)->find_calendar_feed(hash);
    ASSERT_TRUE(feed && *feed);
    EXPECT_EQ((*feed)->kind, CalendarSubjectKind::resource);
    EXPECT_EQ((*feed)->id, "murat-salle-visio");
    auto unknown = (*reader)->find_calendar_feed(std::string(64, '8'));
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(*unknown);
}

TEST_P(BookingStoreTest, AWriteUnitIsKeptOrUndoneAsItSays) {
    const auto unit = [](BookingRecord record, UnitEnd end) -> WriteUnit {
        return [record = std::move(record), end](Transaction& transaction) -> StoreResult<UnitEnd> {
            auto outcome = transaction.insert_booking(record);
            if (!outcome) {
                return std::unexpected(outcome.error());
            }
            if (*outcome != BookingOutcome::added) {
                return std::unexpected(StoreError{"overlaps"});
            }
            return end;
        };
    };
    ASSERT_TRUE(
        m_store->write(unit(booking("kept", "ydes-bureau-1", kLucie, kNine, kNine + hours{1}), UnitEnd::commit)));
    ASSERT_TRUE(
        m_store->write(unit(booking("undone", "ydes-bureau-2", kLucie, kNine, kNine + hours{1}), UnitEnd::roll_back)));
    auto refused =
        m_store->write(unit(booking("refused", "ydes-bureau-1", kAntoine, kNine, kNine + hours{1}), UnitEnd::commit));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message, "overlaps");
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    EXPECT_EQ(ids((*reader)->site_bookings("ydes", kNine - hours{1}, kNine + hours{2})),
              std::vector<std::string>{"kept"});
}

INSTANTIATE_TEST_SUITE_P(Stores, BookingStoreTest, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
