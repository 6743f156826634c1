#include "telecentre/backend/presence_rules.hpp"

#include "telecentre/wire/local_time.hpp"

#include <algorithm>

namespace telecentre::backend {

using namespace std::chrono;

DayBounds paris_day_bounds(wire::TimePoint at) {
    const auto day = wire::paris_day(at);
    return {wire::paris_day_start(day), wire::paris_day_start(day + days{1})};
}

wire::TimePoint automatic_closing_time(wire::TimePoint in_at, std::span<const OpeningInterval> hours) {
    const auto day = wire::paris_day(in_at);
    const int iso_weekday = static_cast<int>(weekday{day}.iso_encoding());
    int closes = -1;
    for (const auto& interval : hours) {
        if (interval.iso_weekday == iso_weekday) {
            closes = std::max(closes, interval.closes_minute);
        }
    }
    if (closes < 0) {
        return in_at;
    }
    const auto closing = wire::from_paris(wire::LocalTime{day} + minutes{closes});
    return std::max(closing, in_at);
}

int minutes_on_day(std::span<const PresenceSession> sessions, wire::TimePoint at) {
    const auto bounds = paris_day_bounds(at);
    seconds inside{0};
    for (const auto& session : sessions) {
        const auto start = std::max(session.in_at, bounds.start);
        const auto end = std::min(session.out_at.value_or(at), bounds.end);
        if (end > start) {
            inside += end - start;
        }
    }
    return static_cast<int>(duration_cast<minutes>(inside).count());
}

} // namespace telecentre::backend
