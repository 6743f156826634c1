// Presence arithmetic on the Paris-local day.
#include "telecentre/backend/presence_rules.hpp"
#include "telecentre/wire/local_time.hpp"

#include <gtest/gtest.h>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

wire::TimePoint local(year_month_day date, int hour, int minute) {
    return wire::from_paris(wire::LocalTime{local_days{date}} + hours{hour} + minutes{minute});
}

const std::vector<OpeningInterval> kVillageHours{
    {2, 9 * 60, 12 * 60}, {2, 13 * 60 + 30, 17 * 60 + 30}, {6, 10 * 60, 12 * 60}};

TEST(PresenceRules, StaleSessionClosesAtThatDaysLastClosingTime) {
    const auto tuesday = 2026y / November / 17;
    EXPECT_EQ(automatic_closing_time(local(tuesday, 9, 15), kVillageHours), local(tuesday, 17, 30));
}

TEST(PresenceRules, SessionStartedAfterClosingOrOnAClosedDayCountsNothing) {
    const auto tuesday = 2026y / November / 17;
    EXPECT_EQ(automatic_closing_time(local(tuesday, 19, 0), kVillageHours), local(tuesday, 19, 0));
    const auto sunday = 2026y / November / 22;
    EXPECT_EQ(automatic_closing_time(local(sunday, 10, 0), kVillageHours), local(sunday, 10, 0));
}

TEST(PresenceRules, MinutesCountOnlyTheLocalDayAndOpenSessionsUpToNow) {
    const auto monday = 2026y / November / 23;
    const auto sunday = 2026y / November / 22;
    std::vector<PresenceSession> sessions{
        {1, "m", "murat", local(sunday, 23, 0), local(monday, 1, 0), false}, // 60 of its minutes are Monday's
        {2, "m", "murat", local(monday, 9, 0), local(monday, 12, 0), false},
        {3, "m", "murat", local(monday, 14, 0), std::nullopt, false},
    };
    EXPECT_EQ(minutes_on_day(sessions, local(monday, 14, 45)), 60 + 180 + 45);
}

TEST(PresenceRules, DayBoundsFollowSummerTime) {
    const auto summer = paris_day_bounds(sys_days{2026y / July / 14} + hours{12});
    EXPECT_EQ(summer.start, sys_days{2026y / July / 13} + hours{22});
    EXPECT_EQ(summer.end - summer.start, hours{24});
    const auto autumn_change = paris_day_bounds(sys_days{2026y / October / 25} + hours{12});
    EXPECT_EQ(autumn_change.end - autumn_change.start, hours{25});
}

} // namespace
} // namespace telecentre::backend::test
