#pragma once
// Small helpers shared by the BookingController's source files.

#include "telecentre/core/clock.hpp"
#include "telecentre/wire/local_time.hpp"

#include <chrono>

namespace telecentre::core::detail {

inline wire::TimePoint seconds_of(TimePoint now) { return std::chrono::floor<std::chrono::seconds>(now); }

inline wire::Date as_date(std::chrono::local_days day) { return wire::Date{day.time_since_epoch()}; }

// std::visit with one lambda per alternative.
template <class... Ts> struct Overloaded : Ts... { using Ts::operator()...; };

} // namespace telecentre::core::detail
