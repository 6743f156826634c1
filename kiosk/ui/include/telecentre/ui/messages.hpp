#pragma once
// The message catalogue: every string a visitor can read, in French (the default) and English.
// Views never hold text of their own; they name a key. Parameters are written {0}, {1}, ...
// Threading: plain constant data, safe from any thread.

#include "telecentre/core/kiosk_model.hpp"

#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>

namespace telecentre::ui {

enum class Msg : std::uint16_t {
    // Language switch: each language named in itself, so that a visitor finds their own.
    language_french,
    language_english,

    // Top bar and status line.
    network_name,
    site_unnamed,
    connection_online,
    connection_offline,
    connection_unknown,
    journal_pending_one,
    journal_pending_many,
    reader_ready,
    reader_starting,
    reader_unavailable,

    // Home.
    home_instruction,
    home_instruction_detail,
    home_reader_down_title,
    home_reader_down_detail,
    home_reader_starting_detail,

    // Checking.
    checking_title,
    checking_detail,

    // Check-in result.
    greeting_in_named,
    greeting_in,
    greeting_out_named,
    greeting_out,
    checked_in_at,
    checked_out_at,
    pass_heading,
    pass_free_until,
    pass_free,
    pass_active_until,
    pass_active,
    pass_expired_on,
    pass_expired,
    pass_suspended,
    time_heading,
    hours_today,
    bookings_heading,
    bookings_none,
    bookings_more_one,
    bookings_more_many,
    offline_decision,
    result_done,
    result_auto_return,

    // Errors: a title, a plain explanation (with the member's first name when known) and what to do.
    error_unknown_badge_title,
    error_unknown_badge_text,
    error_unknown_badge_todo,
    error_badge_revoked_title,
    error_badge_revoked_text,
    error_badge_revoked_text_named,
    error_badge_revoked_todo,
    error_pass_expired_title,
    error_pass_expired_text,
    error_pass_expired_text_on,
    error_pass_expired_text_named,
    error_pass_expired_text_named_on,
    error_pass_expired_todo,
    error_pass_suspended_title,
    error_pass_suspended_text,
    error_pass_suspended_text_named,
    error_pass_suspended_todo,
    error_reader_unavailable_title,
    error_reader_unavailable_text,
    error_reader_unavailable_todo,
    error_offline_unknown_title,
    error_offline_unknown_text,
    error_offline_unknown_todo,
    error_storage_failure_title,
    error_storage_failure_text,
    error_storage_failure_todo,
    error_back,

    // Patterns for dates, times and durations (the order of words differs between languages).
    date_day_month_year,
    date_weekday_day_month_year,
    day_first_of_month,
    time_of_day,
    time_of_day_whole_hour,
    time_range,
    duration_hours_minutes,
    duration_hours,
    duration_minutes,

    month_january,
    month_february,
    month_march,
    month_april,
    month_may,
    month_june,
    month_july,
    month_august,
    month_september,
    month_october,
    month_november,
    month_december,

    weekday_monday,
    weekday_tuesday,
    weekday_wednesday,
    weekday_thursday,
    weekday_friday,
    weekday_saturday,
    weekday_sunday,

    count // not a message: the number of keys
};

inline constexpr std::size_t kMessageCount = static_cast<std::size_t>(Msg::count);

struct CatalogueEntry {
    Msg key;
    std::string_view name; // the key's name, for start-up errors and tests
    std::string_view fr;
    std::string_view en;
};

// Every entry, in key order.
[[nodiscard]] std::span<const CatalogueEntry> catalogue();

[[nodiscard]] std::string_view text(core::Language language, Msg key);
[[nodiscard]] std::string_view key_name(Msg key);

// The message with {0}, {1}, ... replaced by the arguments; a placeholder without an argument stays.
[[nodiscard]] std::string format(core::Language language, Msg key, std::initializer_list<std::string_view> args);

} // namespace telecentre::ui
