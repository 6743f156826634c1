#pragma once
// Pure presence arithmetic on the Paris-local day, kept apart from the store so it can be
// tested without one. Pure functions: callable from any thread.

#include "telecentre/backend/store.hpp"

#include <span>

namespace telecentre::backend {

// Where a session left open on an earlier day is closed: that day's closing time at its site,
// or its own start when the member came in after closing or on a closed day (the session then
// counts zero minutes; it is flagged auto-closed so staff can correct it).
[[nodiscard]] wire::TimePoint automatic_closing_time(wire::TimePoint in_at, std::span<const OpeningInterval> hours);

// Whole minutes spent inside on the Paris-local day of `at`, summing every session that
// overlaps that day; a session still open counts up to `at`.
[[nodiscard]] int minutes_on_day(std::span<const PresenceSession> sessions, wire::TimePoint at);

// The UTC bounds [start, end) of the Paris-local day of `at`.
struct DayBounds {
    wire::TimePoint start;
    wire::TimePoint end;
};
[[nodiscard]] DayBounds paris_day_bounds(wire::TimePoint at);

} // namespace telecentre::backend
