#pragma once
// What the booking screens share: the header with its way back, the offline banner, icon buttons
// and chips, the waiting block, and the words for kinds, refusals and booked times.

#include "booking_pictograms.hpp"
#include "telecentre/core/booking_model.hpp"
#include "widgets.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace telecentre::ui {

enum class ButtonIcon { none, back, forward, up, down, plus, minus, search, shift, backspace, close };

// A touch button with a pictogram before its label (or alone, when the label is empty).
void icon_button(Frame& frame, const Command& command, std::string_view label, Box box, ButtonKind kind,
                 ButtonIcon icon, bool enabled = true);
// The width an icon button needs.
[[nodiscard]] float icon_button_width(const Frame& frame, std::string_view label, ButtonIcon icon);

// A rounded chip that can be selected; a disabled chip is drawn muted and is no target.
void draw_chip(Frame& frame, const Command& command, std::string_view label, Box box, bool selected, bool enabled);

// The top bar, then a row with the way back on the left and the title (and a smaller line under
// it). `right` is how much room to leave on the right for the screen's own buttons. Returns the
// header row's box.
Box draw_booking_header(Frame& frame, const core::KioskModel& model, const Command& back, std::string_view back_label,
                        std::string_view title, std::string_view subtitle, float right = 0);

// "Schedule may be out of date (offline since 10:42)": a band with the offline mark. Returns its
// height (0 when the availability is live).
float draw_stale_banner(Frame& frame, const core::ShownAvailability& shown, float top, float left, float width);
[[nodiscard]] float stale_banner_height(const Frame& frame, const core::ShownAvailability& shown, float width);
// The same band with any text (a member's bookings listed from the kiosk's copy).
float draw_offline_banner(Frame& frame, std::string_view text, float top, float left, float width);
[[nodiscard]] float offline_banner_height(const Frame& frame, std::string_view text, float width);

// A spinner with a line under it, centred in the box (the caller asks for frames: frame.animate).
void draw_waiting_block(Frame& frame, const Box& box, std::string_view title, std::string_view detail);

[[nodiscard]] Msg kind_name(wire::ResourceKind kind);
[[nodiscard]] Msg kind_plural(wire::ResourceKind kind);
[[nodiscard]] Msg kind_detail(wire::ResourceKind kind);
[[nodiscard]] Msg refusal_text(wire::BookingRefusal reason);
[[nodiscard]] Msg weekday_short(std::chrono::weekday day);

// "lundi 23 novembre 2026" and "10 h – 11 h 30", Paris time.
[[nodiscard]] std::string booked_day(core::Language language, wire::TimePoint start);
[[nodiscard]] std::string booked_hours(core::Language language, wire::TimePoint start, wire::TimePoint end);
[[nodiscard]] std::string clock_time(core::Language language, wire::TimePoint at);

// A card listing what is (being) booked: the resource, the site, the day and the hours.
struct BookingLines {
    std::string resource;
    std::string site;
    std::string day;
    std::string hours;
};
[[nodiscard]] float booking_card_height(const Frame& frame, const BookingLines& lines, float width);
void draw_booking_card(Frame& frame, const BookingLines& lines, wire::ResourceKind kind, const Box& box);

} // namespace telecentre::ui
