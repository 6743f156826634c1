// Dates, times and durations, the way each language writes them.

#include "telecentre/ui/text_format.hpp"

#include <gtest/gtest.h>

namespace telecentre::ui {
namespace {

using namespace std::chrono;
using core::Language;

constexpr const char* kNbsp = "\u00A0";

std::string nb(std::string text) {
    // Tests read better with '~' for the no-break space.
    std::string out;
    for (const char c : text) {
        if (c == '~') {
            out += kNbsp;
        } else {
            out += c;
        }
    }
    return out;
}

local_seconds at(int hour, int minute) { return local_days{2026y / November / 23d} + hours{hour} + minutes{minute}; }

TEST(TextFormat, FrenchDatesSayPremierForTheFirst) {
    EXPECT_EQ(format_date(Language::fr, 2026y / December / 1d), nb("1er~décembre~2026"));
    EXPECT_EQ(format_date(Language::fr, 2026y / October / 31d), nb("31~octobre~2026"));
    EXPECT_EQ(format_date(Language::en, 2026y / December / 1d), nb("1~December~2026"));
}

TEST(TextFormat, LongDateHasTheWeekday) {
    EXPECT_EQ(format_long_date(Language::fr, local_days{2026y / November / 23d}), nb("lundi 23~novembre~2026"));
    EXPECT_EQ(format_long_date(Language::en, local_days{2026y / November / 23d}), nb("Monday 23~November~2026"));
    EXPECT_EQ(format_long_date(Language::fr, local_days{2026y / November / 29d}), nb("dimanche 29~novembre~2026"));
}

TEST(TextFormat, ClockIsTwoDigitsEach) {
    EXPECT_EQ(format_clock(at(9, 41)), "09:41");
    EXPECT_EQ(format_clock(at(0, 5)), "00:05");
    EXPECT_EQ(format_clock(at(23, 59) + seconds{59}), "23:59");
}

TEST(TextFormat, TimesOfDay) {
    EXPECT_EQ(format_time(Language::fr, at(9, 41)), nb("9~h~41"));
    EXPECT_EQ(format_time(Language::fr, at(14, 0)), nb("14~h"));
    EXPECT_EQ(format_time(Language::fr, at(14, 5)), nb("14~h~05"));
    EXPECT_EQ(format_time(Language::en, at(9, 41)), "09:41");
    EXPECT_EQ(format_time(Language::en, at(14, 0)), "14:00");
}

TEST(TextFormat, TimeRanges) {
    EXPECT_EQ(format_time_range(Language::fr, at(14, 0), at(15, 30)), nb("14~h~– 15~h~30"));
    EXPECT_EQ(format_time_range(Language::en, at(14, 0), at(15, 30)), "14:00–15:30");
}

TEST(TextFormat, Durations) {
    EXPECT_EQ(format_duration(Language::fr, minutes{200}), nb("3~h~20"));
    EXPECT_EQ(format_duration(Language::fr, minutes{65}), nb("1~h~05"));
    EXPECT_EQ(format_duration(Language::fr, minutes{120}), nb("2~h"));
    EXPECT_EQ(format_duration(Language::fr, minutes{45}), nb("45~min"));
    EXPECT_EQ(format_duration(Language::en, minutes{200}), nb("3~h 20~min"));
    EXPECT_EQ(format_duration(Language::en, minutes{65}), nb("1~h 5~min"));
    EXPECT_EQ(format_duration(Language::en, minutes{-3}), nb("0~min"));
}

} // namespace
} // namespace telecentre::ui
