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
    bookings_pending_one,
    bookings_pending_many, // {0}: how many
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

    // Home: booking entries.
    home_book,
    home_my_bookings,

    // Booking: common.
    booking_back,
    booking_exit,
    stale_since,
    stale,

    // Booking: kinds.
    kinds_title,
    kind_office,
    kind_office_detail,
    kind_office_plural,
    kind_open_space,
    kind_open_space_detail,
    kind_open_space_plural,
    kind_meeting_room,
    kind_meeting_room_detail,
    kind_meeting_room_plural,
    kind_visio_room,
    kind_visio_room_detail,
    kind_visio_room_plural,

    // Booking: the grid.
    grid_day,
    grid_week,
    grid_today,
    grid_week_of,
    grid_loading,
    grid_failed_title,
    grid_failed_text,
    grid_retry,
    grid_no_resources,
    grid_no_match,
    grid_closed_day,
    grid_week_hint,
    legend_free,
    legend_busy,
    legend_closed,
    legend_past,
    grid_rows_range,
    grid_rows_previous,
    grid_rows_next,
    grid_earlier,
    grid_later,
    week_free_percent,
    week_full,
    week_closed,
    week_over,

    // Booking: search with the on-screen keyboard.
    search_open,
    search_title,
    search_placeholder,
    search_matches_none,
    search_matches_one,
    search_matches_many,
    search_filter,
    search_clear,
    key_accents,
    key_letters,
    key_space,
    key_done,

    // Booking: length.
    length_title,
    length_from,
    length_limit_next,
    length_limit_closing,
    length_limit_maximum,
    length_shorter,
    length_longer,
    preset_half_hour,
    preset_hour,
    preset_two_hours,
    preset_half_day,
    preset_until_closing,
    length_confirm,

    // Booking: badge and waiting.
    badge_book_title,
    badge_book_detail,
    badge_my_bookings_title,
    badge_my_bookings_detail,
    badge_check_in_title,
    badge_check_in_detail,
    badge_cancel,
    waiting_booking,
    waiting_my_bookings,
    waiting_cancel,
    waiting_check_in,

    // Visio-accueil.
    call_button,
    call_consent_title,
    call_consent_text,
    call_consent_text_no_camera, // the same without the camera's picture to agree to
    call_name_label,
    call_reason_label,
    call_start,
    call_cancel,
    call_self_view,
    call_waiting_title,
    call_waiting_sent,
    call_waiting_next,
    call_waiting_one_ahead,
    call_waiting_position,
    call_nobody,
    call_nobody_wait,
    call_ask_callback,
    call_connecting_named,
    call_connecting,
    call_with_named,
    call_with,
    call_mute,
    call_unmute,
    call_camera_off,
    call_camera_on,
    call_hang_up,
    call_video_waiting,
    call_no_camera,   // no camera plugged in: consent, waiting, and a call made without it
    call_camera_lost, // the camera went during the call
    call_ended_title,
    call_ended_agent_title,
    call_ended_text,
    call_unanswered_title,
    call_unanswered_text,
    call_failed_title,
    call_failed_text,
    call_unavailable_title,
    call_unavailable_text,
    call_help_title,
    call_help_phone,
    call_help_hours,
    call_callback_title,
    call_callback_name,
    call_callback_phone,
    call_callback_send,
    call_callback_failed,
    call_callback_privacy,
    call_sent_title,
    call_sent_text,

    // Booking: outcomes.
    outcome_confirmed_title,
    outcome_pending_title,
    outcome_pending_text,
    outcome_refused_title,
    outcome_failed_title,
    outcome_failed_text,
    outcome_unavailable_title,
    outcome_unavailable_text,
    outcome_checked_in_title,
    outcome_checked_in_text,
    outcome_check_in_refused_title,
    outcome_check_in_failed_text,
    outcome_lookup_refused_title,
    outcome_suggestion,
    outcome_take_suggestion,
    outcome_other_slot,
    my_bookings_stale_since, // {0}: when the kiosk's copy was fetched
    my_bookings_stale,
    news_confirmed_title, // how a booking made offline settled, told at the member's next tap
    news_confirmed_text,
    news_refused_title,
    news_your_booking,
    news_slot_taken_text,
    news_failed_title,
    news_failed_text,

    // Booking refusals: one sentence for each wire::BookingRefusal.
    refusal_unknown_badge,
    refusal_badge_revoked,
    refusal_pass_not_valid,
    refusal_not_allowed_by_pass,
    refusal_unknown_resource,
    refusal_invalid_time_range,
    refusal_off_grid,
    refusal_in_the_past,
    refusal_too_far_ahead,
    refusal_too_long,
    refusal_outside_opening_hours,
    refusal_site_closed,
    refusal_slot_taken,
    refusal_not_your_booking,
    refusal_unknown_booking,
    refusal_booking_not_changeable,

    // My bookings.
    my_bookings_title,
    my_bookings_none,
    my_bookings_pending,
    my_bookings_pending_note,
    my_bookings_other_site,
    my_bookings_cancel,
    my_bookings_cancelled,
    my_bookings_cancel_pending,
    my_bookings_cancel_failed,
    my_bookings_cancel_refused,
    my_bookings_previous,
    my_bookings_next,
    cancel_title,
    cancel_yes,
    cancel_no,

    // Door panel (room role).
    door_free,
    door_busy,
    door_closed,
    door_until,
    door_until_by,
    door_opens_at,
    door_later_today,
    door_nothing_later,
    door_book_now,
    door_check_in,
    door_check_in_for,
    door_loading,
    door_unknown_room,

    // Conference (room role).
    door_conference_start,
    conference_badge_title,
    conference_badge_detail,
    conference_badge_ad_hoc,
    conference_cancel,
    conference_starting,
    conference_joining,
    conference_reconnecting,
    conference_reconnecting_detail,
    conference_waiting_guests,
    conference_self_view,
    conference_camera_off_tile,
    conference_speaking,
    conference_more,
    conference_invite,
    conference_invite_title,
    conference_invite_text,
    conference_invite_close,
    conference_leave,
    conference_ending_soon,
    conference_extend,
    conference_extending,
    conference_extended,
    conference_extend_refused,
    conference_extend_failed,
    conference_refused_title,
    conference_refused_not_yours,
    conference_refused_no_booking,
    conference_refused_pass,
    conference_refused_badge,
    conference_refused_taken,
    conference_refused_sfu,
    conference_refused_unreachable,
    conference_refused_other,
    conference_back,
    conference_ended_title,
    conference_ended_text,

    // Short weekday names, for the week grid.
    weekday_short_monday,
    weekday_short_tuesday,
    weekday_short_wednesday,
    weekday_short_thursday,
    weekday_short_friday,
    weekday_short_saturday,
    weekday_short_sunday,
    weekday_day,

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
