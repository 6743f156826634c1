// The booking rules as pure functions: grid, opening hours with a lunch break, closures, the
// pass, how far ahead and how long, Paris time across the DST changes, and the nearest free slot.
#include "telecentre/backend/booking_rules.hpp"
#include "telecentre/wire/local_time.hpp"

#include <gtest/gtest.h>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;
using wire::BookingRefusal;

wire::TimePoint paris_at(local_days day, int hour, int minute = 0) {
    return wire::from_paris(wire::LocalTime{day} + hours{hour} + minutes{minute});
}

// A village telecentre: 09:00-12:00 and 13:30-17:30 every day of the week (Sundays included so
// that the DST Sundays can be tested).
class BookingRules : public ::testing::Test {
protected:
    BookingRules() {
        for (int weekday = 1; weekday <= 7; ++weekday) {
            m_hours.push_back({weekday, 9 * 60, 12 * 60});
            m_hours.push_back({weekday, 13 * 60 + 30, 17 * 60 + 30});
        }
        m_pass.joined = sys_days{2025y / January / 1};
        m_pass.free_until = sys_days{2025y / June / 30};
        m_pass.paid_until = sys_days{2030y / December / 31};
    }

    std::optional<BookingRefusal> refusal(local_days day, int from_h, int from_m, int to_h, int to_m,
                                          ResourceKind kind = ResourceKind::office) {
        const RuleInput input{m_rules, m_hours, m_closures, kind, m_pass, m_now};
        auto broken = check_booking(input, paris_at(day, from_h, from_m), paris_at(day, to_h, to_m));
        if (!broken) {
            return std::nullopt;
        }
        EXPECT_FALSE(broken->message.empty());
        return broken->reason;
    }

    wire::BookingRules m_rules = default_booking_rules();
    std::vector<OpeningInterval> m_hours;
    std::vector<ClosureRecord> m_closures;
    wire::PassDates m_pass;
    local_days m_today{2026y / November / 23};
    wire::TimePoint m_now = paris_at(m_today, 9, 40);
};

TEST_F(BookingRules, AMorningSlotIsAllowedAndTheLunchBreakIsNot) {
    const auto tomorrow = m_today + days{1};
    EXPECT_EQ(refusal(tomorrow, 9, 0, 12, 0), std::nullopt);
    EXPECT_EQ(refusal(tomorrow, 13, 30, 17, 30), std::nullopt);
    EXPECT_EQ(refusal(tomorrow, 11, 0, 14, 0), BookingRefusal::outside_opening_hours);
    EXPECT_EQ(refusal(tomorrow, 8, 30, 9, 30), BookingRefusal::outside_opening_hours);
    EXPECT_EQ(refusal(tomorrow, 17, 0, 18, 0), BookingRefusal::outside_opening_hours);
}

TEST_F(BookingRules, TheGridIsTheSitesSlotFromLocalMidnight) {
    const auto tomorrow = m_today + days{1};
    EXPECT_EQ(refusal(tomorrow, 9, 15, 10, 0), BookingRefusal::off_grid);
    EXPECT_EQ(refusal(tomorrow, 9, 0, 9, 45), BookingRefusal::off_grid);
    m_rules.slot_minutes = 15;
    EXPECT_EQ(refusal(tomorrow, 9, 15, 9, 45), std::nullopt);
    // Seconds are off the grid whatever the slot.
    const RuleInput input{m_rules, m_hours, m_closures, ResourceKind::office, m_pass, m_now};
    EXPECT_EQ(check_booking(input, paris_at(tomorrow, 10) + seconds{1}, paris_at(tomorrow, 11))->reason,
              BookingRefusal::off_grid);
}

TEST_F(BookingRules, TheCurrentSlotMayStillBeBookedButNotAnEarlierOne) {
    EXPECT_EQ(refusal(m_today, 9, 30, 10, 30), std::nullopt) << "09:30 is the slot under way at 09:40";
    EXPECT_EQ(refusal(m_today, 9, 0, 10, 0), BookingRefusal::in_the_past);
    EXPECT_EQ(refusal(m_today - days{1}, 10, 0, 11, 0), BookingRefusal::in_the_past);
}

TEST_F(BookingRules, HowFarAheadAndHowLong) {
    EXPECT_EQ(refusal(m_today + days{60}, 9, 0, 10, 0), std::nullopt);
    EXPECT_EQ(refusal(m_today + days{61}, 9, 0, 10, 0), BookingRefusal::too_far_ahead);
    m_rules.kinds[0].max_minutes = 120;
    EXPECT_EQ(refusal(m_today + days{1}, 9, 0, 11, 0), std::nullopt);
    EXPECT_EQ(refusal(m_today + days{1}, 9, 0, 11, 30), BookingRefusal::too_long);
}

TEST_F(BookingRules, ThePassDecidesOnTheBookingsDay) {
    const auto day = m_today + days{3};
    m_pass.free_until = wire::Date{(day + days{10}).time_since_epoch()};
    m_pass.paid_until = wire::Date{(day - days{100}).time_since_epoch()};
    EXPECT_EQ(refusal(day, 9, 0, 10, 0, ResourceKind::office), BookingRefusal::not_allowed_by_pass);
    EXPECT_EQ(refusal(day, 9, 0, 10, 0, ResourceKind::open_space), std::nullopt);
    // After the free months with nothing paid, the pass has expired by the booking's day.
    EXPECT_EQ(refusal(day + days{11}, 9, 0, 10, 0, ResourceKind::open_space), BookingRefusal::pass_not_valid);
    m_pass.suspended = true;
    EXPECT_EQ(refusal(day, 9, 0, 10, 0, ResourceKind::open_space), BookingRefusal::pass_not_valid);
}

TEST_F(BookingRules, ClosuresOfTheSiteOrTheNetwork) {
    const auto day = m_today + days{2};
    const wire::Date date{day.time_since_epoch()};
    m_closures.push_back({std::nullopt, date, date, "jour férié"});
    EXPECT_EQ(refusal(day, 9, 0, 10, 0), BookingRefusal::site_closed);
    EXPECT_EQ(refusal(day + days{1}, 9, 0, 10, 0), std::nullopt);
    EXPECT_TRUE(open_intervals(m_hours, m_closures, day, 1).empty());
    EXPECT_EQ(open_intervals(m_hours, m_closures, day - days{1}, 3).size(), 4u);
}

TEST_F(BookingRules, OpenIntervalsFollowParisTimeAcrossDaylightSaving) {
    // 28 March 2027: clocks go forward at 02:00 local; 31 October 2027: back at 03:00.
    const local_days spring{2027y / March / 28};
    auto open = open_intervals(m_hours, {}, spring - days{1}, 2);
    ASSERT_EQ(open.size(), 4u);
    EXPECT_EQ(open[0].start, sys_days{2027y / March / 27} + hours{8}) << "09:00 CET is 08:00 UTC";
    EXPECT_EQ(open[2].start, sys_days{2027y / March / 28} + hours{7}) << "09:00 CEST is 07:00 UTC";
    const local_days autumn{2027y / October / 31};
    open = open_intervals(m_hours, {}, autumn, 1);
    ASSERT_EQ(open.size(), 2u);
    EXPECT_EQ(open[0].start, sys_days{2027y / October / 31} + hours{8});
    EXPECT_EQ(open[1].end, sys_days{2027y / October / 31} + hours{16} + minutes{30});

    // The grid counts from local midnight on those days too.
    m_now = paris_at(spring - days{2}, 9);
    EXPECT_EQ(refusal(spring, 9, 0, 10, 30), std::nullopt);
    m_now = paris_at(autumn - days{1}, 9);
    EXPECT_EQ(refusal(autumn, 13, 30, 15, 0), std::nullopt);
}

TEST_F(BookingRules, TheNearestFreeSlotPrefersTheSameTimeElsewhereThenTheNearestTime) {
    const auto day = m_today + days{1};
    const RuleInput input{m_rules, m_hours, m_closures, ResourceKind::office, m_pass, m_now};
    const std::vector<ResourceRecord> offices{{"b1", "s", ResourceKind::office, "Bureau 1", 1, {}},
                                              {"b2", "s", ResourceKind::office, "Bureau 2", 1, {}}};
    BusyMap busy;
    busy["b1"].push_back({paris_at(day, 9), paris_at(day, 11)});
    auto offer = nearest_free_slot(input, offices, busy, paris_at(day, 10), paris_at(day, 11));
    ASSERT_TRUE(offer);
    EXPECT_EQ(offer->resource_id, "b2");
    EXPECT_EQ(offer->start, paris_at(day, 10));

    busy["b2"].push_back({paris_at(day, 9), paris_at(day, 12)});
    offer = nearest_free_slot(input, offices, busy, paris_at(day, 10), paris_at(day, 11));
    ASSERT_TRUE(offer);
    EXPECT_EQ(offer->resource_id, "b1");
    EXPECT_EQ(offer->start, paris_at(day, 11));

    // Nothing within the horizon: no offer rather than a wrong one.
    busy["b1"] = {{paris_at(m_today, 0), paris_at(day + days{30}, 0)}};
    busy["b2"] = busy["b1"];
    EXPECT_FALSE(nearest_free_slot(input, offices, busy, paris_at(day, 10), paris_at(day, 11)));
}

} // namespace
} // namespace telecentre::backend::test
