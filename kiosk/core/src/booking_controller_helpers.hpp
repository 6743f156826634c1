#pragma once
// Small helpers shared by the BookingController's source files.

#include "telecentre/core/clock.hpp"
#include "telecentre/core/overloaded.hpp"
#include "telecentre/wire/local_time.hpp"

#include <chrono>

namespace telecentre::core::detail {

inline wire::TimePoint seconds_of(TimePoint now) { return std::chrono::floor<std::chrono::seconds>(now); }

inline wire::Date as_date(std::chrono::local_days day) { return wire::Date{day.time_since_epoch()}; }

using core::Overloaded;

} // namespace telecentre::core::detail
