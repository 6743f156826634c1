// Slot arithmetic on Paris days: grids, free time, the longest booking, week summaries, the door
// panel's status, on ordinary days and on both DST days.

#include "telecentre/core/booking_slots.hpp"

#include <gtest/gtest.h>

using namespace telecentre;
using namespace telecentre::core;
using namespace std::chrono;

namespace {

// A Paris wall-clock time as a UTC instant.
wire::TimePoint paris(year_month_day date, int hour, int minute = 0) {
    return wire::from_paris(local_days{date} + hours{hour} + minutes{minute});
}

constexpr year_month_day kMonday = 2026y / November / 23d; // winter time, UTC+1

wire::BusyInterval busy(wire::TimePoint start, wire::TimePoint end, std::string id, std::string holder = {}) {
    wire::BusyInterval interval;
    interval.start = start;
    interval.end = end;
    interval.booking_id = std::move(id);
    if (!holder.empty()) {
        interval.holder = std::move(holder);
    }
    return interval;
}

// A week from Monday 23 November 2026: weekdays 08:30-12:30 and 13:30-18:00, Saturday morning,
// closed on Sunday. Office 1 is booked 10:00-11:30 on Monday; office 2 is free all week.
wire::Availability week() {
    wire::Availability availability;
    availability.site_id = "murat";
    availability.from = sys_days{kMonday};
    availability.days = 7;
    availability.rules.slot_minutes = 30;
    availability.rules.kinds = {{wire::ResourceKind::office, 600, false},
                                {wire::ResourceKind::meeting_room, 180, false}};
    for (int i = 0; i < 5; ++i) {
        const year_month_day day{sys_days{kMonday} + days{i}};
        availability.open.push_back({paris(day, 8, 30), paris(day, 12, 30)});
        availability.open.push_back({paris(day, 13, 30), paris(day, 18)});
    }
    const year_month_day saturday{sys_days{kMonday} + days{5}};
    availability.open.push_back({paris(saturday, 9), paris(saturday, 12)});

    wire::ResourceAvailability office1;
    office1.id = "murat-bureau-1";
    office1.name = "Bureau 1";
    office1.kind = wire::ResourceKind::office;
    office1.busy = {busy(paris(kMonday, 10), paris(kMonday, 11, 30), "b1", "Élodie V.")};
    wire::ResourceAvailability office2 = office1;
    office2.id = "murat-bureau-2";
    office2.name = "Bureau 2";
    office2.busy.clear();
    availability.resources = {office1, office2};
    return availability;
}

const LocalDay kMondayDay{local_days{kMonday}};

} // namespace

TEST(BookingSlots, DaysOfTheAvailabilityAreParisDays) {
    const wire::Availability availability = week();
    EXPECT_EQ(first_day(availability), kMondayDay);
    EXPECT_TRUE(covers_day(availability, kMondayDay + days{6}));
    EXPECT_FALSE(covers_day(availability, kMondayDay + days{7}));
    EXPECT_FALSE(covers_day(availability, kMondayDay - days{1}));
    const Interval span = day_span(kMondayDay);
    EXPECT_EQ(span.start, sys_days{kMonday} - hours{1}); // Paris midnight is 23:00 UTC the day before
    EXPECT_EQ(span.length(), hours{24});
}

TEST(BookingSlots, DstDaysLast23And25Hours) {
    EXPECT_EQ(day_span(local_days{2026y / March / 29d}).length(), hours{23});
    EXPECT_EQ(day_span(local_days{2026y / October / 25d}).length(), hours{25});
    EXPECT_EQ(day_span(local_days{2026y / October / 26d}).length(), hours{24});
}

TEST(BookingSlots, SlotFloorAndCeilFollowTheParisClock) {
    EXPECT_EQ(slot_floor(paris(kMonday, 9, 41), 30), paris(kMonday, 9, 30));
    EXPECT_EQ(slot_ceil(paris(kMonday, 9, 41), 30), paris(kMonday, 10));
    EXPECT_EQ(slot_ceil(paris(kMonday, 10), 30), paris(kMonday, 10));
    EXPECT_EQ(slot_floor(paris(kMonday, 9, 41), 15), paris(kMonday, 9, 30));
    EXPECT_EQ(slot_floor(paris(kMonday, 9, 41), 60), paris(kMonday, 9));
    // October repeats 02:00-03:00: both passes floor within their own hour.
    const sys_days fall_back{2026y / October / 25d};
    EXPECT_EQ(slot_floor(fall_back + minutes{40}, 30), fall_back + minutes{30});  // 02:40 CEST
    EXPECT_EQ(slot_floor(fall_back + minutes{100}, 30), fall_back + minutes{90}); // 02:40 CET
    EXPECT_EQ(slot_floor(fall_back + minutes{70}, 60), fall_back + minutes{60});  // 02:10 CET -> 02:00 CET
    // March skips 02:00-03:00: 03:10 CEST floors to 03:00 CEST (01:00 UTC).
    const sys_days spring{2026y / March / 29d};
    EXPECT_EQ(slot_floor(spring + minutes{70}, 60), spring + minutes{60});
}

TEST(BookingSlots, OpenOnClipsToTheDay) {
    const wire::Availability availability = week();
    const auto monday = open_on(availability, kMondayDay);
    ASSERT_EQ(monday.size(), 2U);
    EXPECT_EQ(monday[0], (Interval{paris(kMonday, 8, 30), paris(kMonday, 12, 30)}));
    EXPECT_EQ(monday[1], (Interval{paris(kMonday, 13, 30), paris(kMonday, 18)}));
    EXPECT_TRUE(open_on(availability, kMondayDay + days{6}).empty()); // Sunday

    // An interval across midnight is cut at it.
    wire::Availability late = availability;
    late.open = {{paris(kMonday, 20), paris(year_month_day{sys_days{kMonday} + days{1}}, 2)}};
    ASSERT_EQ(open_on(late, kMondayDay).size(), 1U);
    EXPECT_EQ(open_on(late, kMondayDay)[0].end, day_span(kMondayDay).end);
    EXPECT_EQ(open_on(late, kMondayDay + days{1})[0].length(), hours{2});
}

TEST(BookingSlots, DayColumnsRunFromOpeningToClosingLunchIncluded) {
    const auto columns = day_columns(week(), kMondayDay);
    ASSERT_EQ(columns.size(), 19U); // 08:30 to 18:00
    EXPECT_EQ(columns.front(), (Interval{paris(kMonday, 8, 30), paris(kMonday, 9)}));
    EXPECT_EQ(columns.back().end, paris(kMonday, 18));
    EXPECT_TRUE(day_columns(week(), kMondayDay + days{6}).empty());
}

TEST(BookingSlots, ResourceSlotsArePastBusyClosedOrFree) {
    const wire::Availability availability = week();
    const auto columns = day_columns(availability, kMondayDay);
    const auto slots = resource_slots(availability, availability.resources[0], columns, paris(kMonday, 9, 41));
    ASSERT_EQ(slots.size(), columns.size());
    const auto state_at = [&](int hour, int minute) {
        for (const Slot& slot : slots) {
            if (slot.time.start == paris(kMonday, hour, minute)) {
                return slot.state;
            }
        }
        ADD_FAILURE() << "no slot at " << hour << ":" << minute;
        return SlotState::closed;
    };
    EXPECT_EQ(state_at(8, 30), SlotState::past);
    EXPECT_EQ(state_at(9, 0), SlotState::past);
    EXPECT_EQ(state_at(9, 30), SlotState::free) << "the current slot may still be booked";
    EXPECT_EQ(state_at(10, 0), SlotState::busy);
    EXPECT_EQ(state_at(11, 0), SlotState::busy);
    EXPECT_EQ(state_at(11, 30), SlotState::free);
    EXPECT_EQ(state_at(12, 30), SlotState::closed);
    EXPECT_EQ(state_at(13, 0), SlotState::closed);
    EXPECT_EQ(state_at(13, 30), SlotState::free);
    EXPECT_EQ(slots[3].busy_index, 0); // 10:00
    // Later that day the booking is over: past, still saying which booking it was.
    const auto evening = resource_slots(availability, availability.resources[0], columns, paris(kMonday, 19));
    EXPECT_EQ(evening[3].state, SlotState::past);
    EXPECT_EQ(evening[3].busy_index, 0);
}

TEST(BookingSlots, FreeIntervalsStartAtTheCurrentSlot) {
    const wire::Availability availability = week();
    const auto free =
        free_intervals(availability, availability.resources[0], day_span(kMondayDay), paris(kMonday, 9, 41));
    ASSERT_EQ(free.size(), 3U);
    EXPECT_EQ(free[0], (Interval{paris(kMonday, 9, 30), paris(kMonday, 10)}));
    EXPECT_EQ(free[1], (Interval{paris(kMonday, 11, 30), paris(kMonday, 12, 30)}));
    EXPECT_EQ(free[2], (Interval{paris(kMonday, 13, 30), paris(kMonday, 18)}));
}

TEST(BookingSlots, LongestBookingStopsAtTheNextBookingClosingOrTheKindMaximum) {
    wire::Availability availability = week();
    const wire::TimePoint now = paris(kMonday, 9, 41);
    const auto& office1 = availability.resources[0];

    const LongestBooking before_booking = longest_booking(availability, office1, paris(kMonday, 9, 30), now);
    EXPECT_EQ(before_booking.length, minutes{30});
    EXPECT_EQ(before_booking.limit, LengthLimit::next_booking);
    EXPECT_EQ(before_booking.limit_at, paris(kMonday, 10));

    const LongestBooking before_lunch = longest_booking(availability, office1, paris(kMonday, 11, 30), now);
    EXPECT_EQ(before_lunch.length, minutes{60});
    EXPECT_EQ(before_lunch.limit, LengthLimit::closing);

    const LongestBooking afternoon = longest_booking(availability, office1, paris(kMonday, 13, 30), now);
    EXPECT_EQ(afternoon.length, minutes{270});
    EXPECT_EQ(afternoon.limit, LengthLimit::closing);

    // A meeting room allows three hours at once.
    availability.resources[1].kind = wire::ResourceKind::meeting_room;
    const LongestBooking room = longest_booking(availability, availability.resources[1], paris(kMonday, 13, 30), now);
    EXPECT_EQ(room.length, minutes{180});
    EXPECT_EQ(room.limit, LengthLimit::kind_maximum);
    EXPECT_EQ(room.limit_at, paris(kMonday, 16, 30));

    EXPECT_EQ(longest_booking(availability, office1, paris(kMonday, 9), now).length, minutes{0}) << "over";
    EXPECT_EQ(longest_booking(availability, office1, paris(kMonday, 10), now).length, minutes{0}) << "taken";
    EXPECT_EQ(longest_booking(availability, office1, paris(kMonday, 10, 30), now).length, minutes{0}) << "taken";
    EXPECT_EQ(longest_booking(availability, office1, paris(kMonday, 11, 45), now).length, minutes{0}) << "off grid";
    EXPECT_EQ(longest_booking(availability, office1, paris(kMonday, 12, 30), now).length, minutes{0}) << "closed";
}

TEST(BookingSlots, UnknownKindFallsBackToTenHours) {
    wire::BookingRules rules;
    EXPECT_EQ(kind_limit(rules, wire::ResourceKind::visio_room), minutes{600});
    rules.kinds.push_back({wire::ResourceKind::visio_room, 90, false});
    EXPECT_EQ(kind_limit(rules, wire::ResourceKind::visio_room), minutes{90});
}

TEST(BookingSlots, PresetsAreOfferedOnlyWhenTheyFit) {
    const wire::Availability availability = week();
    const wire::TimePoint now = paris(kMonday, 9, 41);
    const auto& office1 = availability.resources[0];
    const LongestBooking morning = longest_booking(availability, office1, paris(kMonday, 11, 30), now);
    EXPECT_EQ(preset_length(LengthPreset::half_hour, morning, 30), minutes{30});
    EXPECT_EQ(preset_length(LengthPreset::hour, morning, 30), minutes{60});
    EXPECT_EQ(preset_length(LengthPreset::two_hours, morning, 30), std::nullopt);
    EXPECT_EQ(preset_length(LengthPreset::until_closing, morning, 30), minutes{60});
    EXPECT_EQ(preset_length(LengthPreset::half_hour, morning, 60), std::nullopt) << "not on an hourly grid";

    const LongestBooking short_one = longest_booking(availability, office1, paris(kMonday, 9, 30), now);
    EXPECT_EQ(preset_length(LengthPreset::until_closing, short_one, 30), std::nullopt) << "a booking comes first";
    const LongestBooking afternoon = longest_booking(availability, office1, paris(kMonday, 13, 30), now);
    EXPECT_EQ(preset_length(LengthPreset::half_day, afternoon, 30), kHalfDay);
    EXPECT_EQ(preset_length(LengthPreset::until_closing, afternoon, 30), minutes{270});
}

TEST(BookingSlots, WeekSummaryCountsWhatIsLeftOfEachDay) {
    wire::Availability availability = week();
    // Tuesday is fully booked for office 1.
    const year_month_day tuesday{sys_days{kMonday} + days{1}};
    availability.resources[0].busy.push_back(busy(paris(tuesday, 8, 30), paris(tuesday, 12, 30), "b2"));
    availability.resources[0].busy.push_back(busy(paris(tuesday, 13, 30), paris(tuesday, 18), "b3"));

    const auto summary = week_summary(availability, availability.resources[0], paris(kMonday, 9, 41));
    ASSERT_EQ(summary.size(), 7U);
    // Monday from 09:30: 3 h + 4 h 30 open, 1 h 30 booked.
    EXPECT_EQ(summary[0].state, DayState::open);
    EXPECT_EQ(summary[0].open, minutes{450});
    EXPECT_EQ(summary[0].free, minutes{360});
    EXPECT_EQ(summary[0].free_percent(), 80);
    EXPECT_EQ(summary[1].free_percent(), 0);
    EXPECT_EQ(summary[1].state, DayState::open);
    EXPECT_EQ(summary[2].free_percent(), 100);
    EXPECT_EQ(summary[5].open, minutes{180}); // Saturday morning
    EXPECT_EQ(summary[6].state, DayState::closed);
    EXPECT_EQ(summary[6].free_percent(), 0);

    const auto evening = week_summary(availability, availability.resources[0], paris(kMonday, 18, 5));
    EXPECT_EQ(evening[0].state, DayState::over);
    EXPECT_EQ(evening[2].free_percent(), 100);
}

TEST(BookingSlots, FreePercentNeverRoundsToAllOrNothing) {
    DaySummary day{.day = kMondayDay, .state = DayState::open, .open = minutes{600}, .free = minutes{2}};
    EXPECT_EQ(day.free_percent(), 1);
    day.free = minutes{598};
    EXPECT_EQ(day.free_percent(), 99);
    day.free = minutes{300};
    EXPECT_EQ(day.free_percent(), 50);
}

TEST(BookingSlots, WeekAcrossTheAutumnDstChangeKeepsLocalOpeningHours) {
    // Open every day 08:00-12:00 Paris from Friday 23 to Thursday 29 October 2026; the clocks go
    // back on Sunday 25.
    wire::Availability availability;
    availability.from = sys_days{2026y / October / 23d};
    availability.days = 7;
    for (int i = 0; i < 7; ++i) {
        const year_month_day day{sys_days{2026y / October / 23d} + days{i}};
        availability.open.push_back({paris(day, 8), paris(day, 12)});
    }
    wire::ResourceAvailability desk;
    desk.id = "desk";
    desk.kind = wire::ResourceKind::open_space;
    availability.resources = {desk};

    const auto saturday = day_columns(availability, local_days{2026y / October / 24d});
    const auto sunday = day_columns(availability, local_days{2026y / October / 25d});
    ASSERT_EQ(saturday.size(), 8U);
    ASSERT_EQ(sunday.size(), 8U);
    EXPECT_EQ(saturday.front().start, sys_days{2026y / October / 24d} + hours{6}); // CEST
    EXPECT_EQ(sunday.front().start, sys_days{2026y / October / 25d} + hours{7});   // CET

    const auto summary = week_summary(availability, desk, sys_days{2026y / October / 22d} + hours{12});
    for (const DaySummary& day : summary) {
        EXPECT_EQ(day.open, minutes{240});
        EXPECT_EQ(day.free_percent(), 100);
    }
}

TEST(BookingSlots, SpringDstDayGridSkipsNothingOfTheOpeningHours) {
    wire::Availability availability;
    availability.from = sys_days{2026y / March / 29d};
    availability.days = 1;
    availability.open.push_back({paris(2026y / March / 29d, 1), paris(2026y / March / 29d, 5)});
    // 01:00 CET to 05:00 CEST is three real hours: the 02:00-03:00 hour does not exist.
    const auto columns = day_columns(availability, local_days{2026y / March / 29d});
    EXPECT_EQ(columns.size(), 6U);
    EXPECT_EQ(columns.front().start, sys_days{2026y / March / 29d});
    EXPECT_EQ(columns.back().end, sys_days{2026y / March / 29d} + hours{3});
}

TEST(BookingSlots, RoomStatusFreeBusyOrClosed) {
    const wire::Availability availability = week();
    const auto& room = availability.resources[0];

    const RoomStatus early = room_status(availability, room, paris(kMonday, 8));
    EXPECT_EQ(early.state, RoomState::closed);
    EXPECT_EQ(early.until, paris(kMonday, 8, 30)) << "opens at";

    const RoomStatus morning = room_status(availability, room, paris(kMonday, 9, 12));
    EXPECT_EQ(morning.state, RoomState::free);
    EXPECT_EQ(morning.until, paris(kMonday, 10));
    EXPECT_FALSE(morning.free_until_closing);
    ASSERT_EQ(morning.next.size(), 1U);
    EXPECT_FALSE(morning.check_in) << "more than 15 minutes before the booking";

    const RoomStatus soon = room_status(availability, room, paris(kMonday, 9, 50));
    ASSERT_TRUE(soon.check_in);
    EXPECT_EQ(soon.check_in->booking_id, "b1");

    const RoomStatus during = room_status(availability, room, paris(kMonday, 10, 20));
    EXPECT_EQ(during.state, RoomState::busy);
    EXPECT_EQ(during.until, paris(kMonday, 11, 30));
    ASSERT_TRUE(during.current);
    EXPECT_EQ(during.current->holder, "Élodie V.");
    EXPECT_TRUE(during.next.empty());
    ASSERT_TRUE(during.check_in);

    wire::Availability checked = availability;
    checked.resources[0].busy[0].checked_in = true;
    EXPECT_FALSE(room_status(checked, checked.resources[0], paris(kMonday, 10, 20)).check_in);

    const RoomStatus after = room_status(availability, room, paris(kMonday, 11, 40));
    EXPECT_EQ(after.state, RoomState::free);
    EXPECT_EQ(after.until, paris(kMonday, 12, 30));
    EXPECT_TRUE(after.free_until_closing);

    const RoomStatus lunch = room_status(availability, room, paris(kMonday, 12, 45));
    EXPECT_EQ(lunch.state, RoomState::closed);
    EXPECT_EQ(lunch.until, paris(kMonday, 13, 30));

    const RoomStatus night = room_status(availability, room, paris(kMonday, 19));
    EXPECT_EQ(night.state, RoomState::closed);
    EXPECT_FALSE(night.until);
}

TEST(BookingSlots, BookNowCoversTheLengthFromNowOnTheGrid) {
    const wire::Availability availability = week();
    const auto& office1 = availability.resources[0];
    const auto& office2 = availability.resources[1];
    EXPECT_EQ(book_now_interval(availability, office2, paris(kMonday, 9, 41), minutes{30}),
              (Interval{paris(kMonday, 9, 30), paris(kMonday, 10, 30)}));
    EXPECT_EQ(book_now_interval(availability, office2, paris(kMonday, 9, 30), minutes{60}),
              (Interval{paris(kMonday, 9, 30), paris(kMonday, 10, 30)}));
    EXPECT_FALSE(book_now_interval(availability, office1, paris(kMonday, 9, 41), minutes{30})) << "booked at 10:00";
    EXPECT_TRUE(book_now_interval(availability, office1, paris(kMonday, 11, 40), minutes{30}));
    EXPECT_FALSE(book_now_interval(availability, office1, paris(kMonday, 11, 40), minutes{60})) << "lunch break";
    EXPECT_FALSE(book_now_interval(availability, office1, paris(kMonday, 19), minutes{30})) << "closed";
}
