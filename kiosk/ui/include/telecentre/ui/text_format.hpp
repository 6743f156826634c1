#pragma once
// Dates, times and durations written the way each language writes them, from catalogue patterns:
// "lundi 1er décembre 2026", "9 h 41", "14 h – 15 h 30", "3 h 05" in French;
// "Monday 1 December 2026", "09:41", "14:00–15:30", "3 h 5 min" in English.
// Threading: pure functions.

#include "telecentre/core/kiosk_model.hpp"

#include <chrono>
#include <string>

namespace telecentre::ui {

[[nodiscard]] std::string format_date(core::Language language, std::chrono::year_month_day date);
[[nodiscard]] std::string format_long_date(core::Language language, std::chrono::local_days day);
// The big clock: "09:41" in both languages.
[[nodiscard]] std::string format_clock(std::chrono::local_seconds time);
[[nodiscard]] std::string format_time(core::Language language, std::chrono::local_seconds time);
[[nodiscard]] std::string format_time_range(core::Language language, std::chrono::local_seconds start,
                                            std::chrono::local_seconds end);
[[nodiscard]] std::string format_duration(core::Language language, std::chrono::minutes duration);

} // namespace telecentre::ui
