#include "telecentre/ui/text_format.hpp"

#include "telecentre/ui/messages.hpp"

#include <array>

namespace telecentre::ui {
namespace {

using namespace std::chrono;

std::string two_digits(long value) {
    std::string out = std::to_string(value);
    if (out.size() < 2) {
        out.insert(out.begin(), '0');
    }
    return out;
}

Msg month_key(month m) {
    const auto index = static_cast<unsigned>(m);
    const unsigned valid = index >= 1 && index <= 12 ? index : 1;
    return static_cast<Msg>(static_cast<unsigned>(Msg::month_january) + valid - 1);
}

Msg weekday_key(weekday day) {
    // iso_encoding: Monday is 1, Sunday is 7.
    return static_cast<Msg>(static_cast<unsigned>(Msg::weekday_monday) + day.iso_encoding() - 1);
}

std::string day_number(core::Language language, day d) {
    if (d == day{1}) {
        return std::string{text(language, Msg::day_first_of_month)};
    }
    return std::to_string(static_cast<unsigned>(d));
}

} // namespace

std::string format_date(core::Language language, year_month_day date) {
    return format(language, Msg::date_day_month_year,
                  {day_number(language, date.day()), text(language, month_key(date.month())),
                   std::to_string(static_cast<int>(date.year()))});
}

std::string format_long_date(core::Language language, local_days day_point) {
    const year_month_day date{day_point};
    const weekday day_of_week{day_point};
    return format(language, Msg::date_weekday_day_month_year,
                  {text(language, weekday_key(day_of_week)), day_number(language, date.day()),
                   text(language, month_key(date.month())), std::to_string(static_cast<int>(date.year()))});
}

std::string format_clock(local_seconds time) {
    const hh_mm_ss clock{time - floor<days>(time)};
    return two_digits(clock.hours().count()) + ":" + two_digits(clock.minutes().count());
}

std::string format_time(core::Language language, local_seconds time) {
    const hh_mm_ss clock{time - floor<days>(time)};
    const long hour = clock.hours().count();
    const long minute = clock.minutes().count();
    if (language == core::Language::en) {
        return format(language, Msg::time_of_day, {two_digits(hour), two_digits(minute)});
    }
    if (minute == 0) {
        return format(language, Msg::time_of_day_whole_hour, {std::to_string(hour)});
    }
    return format(language, Msg::time_of_day, {std::to_string(hour), two_digits(minute)});
}

std::string format_time_range(core::Language language, local_seconds start, local_seconds end) {
    return format(language, Msg::time_range, {format_time(language, start), format_time(language, end)});
}

std::string format_duration(core::Language language, minutes duration) {
    const long total = duration.count() < 0 ? 0 : duration.count();
    const long hours_part = total / 60;
    const long minutes_part = total % 60;
    if (hours_part == 0) {
        return format(language, Msg::duration_minutes, {std::to_string(minutes_part)});
    }
    if (minutes_part == 0) {
        return format(language, Msg::duration_hours, {std::to_string(hours_part)});
    }
    // French writes "3 h 05"; English spells the unit out, "3 h 5 min".
    const std::string minutes_text =
        language == core::Language::fr ? two_digits(minutes_part) : std::to_string(minutes_part);
    return format(language, Msg::duration_hours_minutes, {std::to_string(hours_part), minutes_text});
}

} // namespace telecentre::ui
