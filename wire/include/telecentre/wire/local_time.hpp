#pragma once
// Local civil time of the network's sites (France, Europe/Paris), without a time-zone database:
// libstdc++ 12 has no std::chrono::tzdb, and the EU rule is fixed (CET +1, CEST +2 from the last
// Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC).

#include "telecentre/wire/types.hpp"

namespace telecentre::wire {

using LocalTime = std::chrono::local_seconds;

[[nodiscard]] std::chrono::seconds paris_offset(TimePoint utc);
[[nodiscard]] LocalTime to_paris(TimePoint utc);
// The local calendar day a moment falls on, and the UTC instants where that day starts and ends.
[[nodiscard]] std::chrono::local_days paris_day(TimePoint utc);
[[nodiscard]] TimePoint paris_day_start(std::chrono::local_days day);
[[nodiscard]] TimePoint from_paris(LocalTime local);

} // namespace telecentre::wire
