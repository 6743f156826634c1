#include "telecentre/wire/local_time.hpp"

namespace telecentre::wire {
namespace {

using namespace std::chrono;

sys_seconds last_sunday_0100_utc(year y, month m) {
    const sys_days last_sunday{year_month_weekday_last{y, m, weekday_last{Sunday}}};
    return last_sunday + hours{1};
}

} // namespace

std::chrono::seconds paris_offset(TimePoint utc) {
    const auto y = year_month_day{floor<days>(utc)}.year();
    const bool summer = utc >= last_sunday_0100_utc(y, March) && utc < last_sunday_0100_utc(y, October);
    return summer ? hours{2} : hours{1};
}

LocalTime to_paris(TimePoint utc) { return LocalTime{(utc + paris_offset(utc)).time_since_epoch()}; }

std::chrono::local_days paris_day(TimePoint utc) { return floor<days>(to_paris(utc)); }

TimePoint from_paris(LocalTime local) {
    // Try the winter offset first; the hour that does not exist in spring maps forward.
    const TimePoint winter{local.time_since_epoch() - hours{1}};
    const TimePoint summer{local.time_since_epoch() - hours{2}};
    return paris_offset(summer) == hours{2} ? summer : winter;
}

TimePoint paris_day_start(std::chrono::local_days day) { return from_paris(LocalTime{day}); }

} // namespace telecentre::wire
