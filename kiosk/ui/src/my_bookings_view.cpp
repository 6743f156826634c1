// A member's upcoming bookings after a badge tap, each with "Cancel" behind a confirmation;
// bookings made offline and not yet confirmed are marked pending (and cannot be cancelled here);
// a list from the kiosk's copy while offline says so, and offers no cancelling.

#include "booking_views.hpp"
#include "booking_widgets.hpp"
#include "pictograms.hpp"

#include <algorithm>

namespace telecentre::ui {
namespace {

// A small outlined tag ("Pending", "Another telecentre") with a leading mark.
float draw_tag(Frame& frame, std::string_view label, ImVec2 at, ImU32 ink, bool clock) {
    const Metrics& m = frame.sizes();
    const ImFont& font = *frame.fonts().small;
    const float mark = clock ? font.FontSize * 0.9F : 0.0F;
    const float w = text_width(font, label) + mark + m.gap * (clock ? 1.0F : 0.6F);
    const float h = font.FontSize * 1.5F;
    frame.draw.AddRect(at, {at.x + w, at.y + h}, ink, h * 0.5F, 0, std::max(1.5F, 2 * m.scale));
    if (clock) {
        draw_clock_mark(frame.draw, {at.x + m.gap * 0.3F + mark * 0.5F, at.y + h * 0.5F}, mark, ink);
    }
    draw_text(frame, font, label, {at.x + m.gap * 0.3F + mark + (clock ? m.gap * 0.2F : 0.0F), at.y + h * 0.2F},
              text_width(font, label) + 1, ink);
    return w;
}

std::optional<std::string> notice_text(const Frame& frame, const core::MemberBookingsView& view) {
    if (view.refusal) {
        return format(frame.language, Msg::my_bookings_cancel_refused, {frame.t(refusal_text(*view.refusal))});
    }
    if (view.failed) {
        return std::string{frame.t(Msg::my_bookings_cancel_failed)};
    }
    if (view.notice == core::OutcomeKind::cancelled) {
        return std::string{frame.t(Msg::my_bookings_cancelled)};
    }
    if (view.notice == core::OutcomeKind::cancel_pending) {
        return std::string{frame.t(Msg::my_bookings_cancel_pending)};
    }
    return std::nullopt;
}

BookingLines entry_lines(const Frame& frame, const core::KioskModel& model, const wire::Booking& booking) {
    return {booking.resource_name, booking.site_id == model.site_id ? model.site_name : std::string{},
            booked_day(frame.language, booking.start), booked_hours(frame.language, booking.start, booking.end)};
}

} // namespace

void draw_my_bookings(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::BookingModel& booking = model.booking;
    const std::string name = booking.member_bookings ? booking.member_bookings->member.display_name : std::string{};
    const std::string_view book = frame.t(Msg::home_book);
    const float book_w = icon_button_width(frame, book, ButtonIcon::forward);
    const Box header = draw_booking_header(frame, model, Action::booking_back, frame.t(Msg::booking_back),
                                           frame.t(Msg::my_bookings_title), name, book_w);
    icon_button(frame, Action::booking_open, book, Box{{header.max.x - book_w, header.min.y}, header.max},
                ButtonKind::secondary, ButtonIcon::forward);
    if (!booking.member_bookings) {
        return;
    }
    const core::MemberBookingsView& view = *booking.member_bookings;
    const float width = std::min(frame.size.x - 2 * m.margin, 1500 * m.scale);
    const float x = (frame.size.x - width) * 0.5F;
    float y = header.max.y + m.gap;

    if (view.stale) {
        const std::string text =
            view.fetched_at
                ? format(frame.language, Msg::my_bookings_stale_since,
                         {clock_time(frame.language, std::chrono::floor<std::chrono::seconds>(*view.fetched_at))})
                : std::string{frame.t(Msg::my_bookings_stale)};
        y += draw_offline_banner(frame, text, y, x, width) + m.gap;
    }
    if (const auto notice = notice_text(frame, view)) {
        const bool bad = view.refusal || view.failed;
        const ImFont& font = *frame.fonts().body_bold;
        const float h = text_height(frame, font, *notice, width - 2 * m.gap) + m.gap;
        frame.fills.rounded_rect(frame.draw, {x, y}, {x + width, y + h}, bad ? c.alert_soft : c.success_soft,
                                 m.corner * 0.6F);
        draw_text(frame, font, *notice, {x + m.gap, y + m.gap * 0.5F}, width - 2 * m.gap, bad ? c.alert : c.success);
        y += h + m.gap;
    }

    // The footer: Done on the right, the pending note or the paging on the left.
    const float footer_top = frame.size.y - m.margin * 0.6F - m.button_height;
    const std::string_view done = frame.t(Msg::result_done);
    const float done_w = button_width(frame, done);
    touch_button(frame, Action::booking_exit, done,
                 Box{{x + width - done_w, footer_top}, {x + width, footer_top + m.button_height}}, ButtonKind::primary);

    if (view.entries.empty()) {
        draw_text(frame, *frame.fonts().lead, frame.t(Msg::my_bookings_none), {x, y + m.gap}, width, c.text_muted,
                  Align::centre);
        return;
    }
    const float row_h = std::max(m.min_target + m.gap, 150 * m.scale);
    const float room = footer_top - m.gap - y;
    const int total = static_cast<int>(view.entries.size());
    const int visible = std::max(1, std::min(total, static_cast<int>((room + m.gap * 0.5F) / (row_h + m.gap * 0.5F))));
    const int first = std::clamp(booking.first_row, 0, std::max(0, total - visible));
    const std::string_view cancel = frame.t(Msg::my_bookings_cancel);
    const float cancel_w = button_width(frame, cancel);
    bool any_pending = false;
    for (int i = first; i < std::min(total, first + visible); ++i) {
        const core::MemberBooking& entry = view.entries[static_cast<std::size_t>(i)];
        any_pending = any_pending || entry.pending;
        const Box card = Box::at({x, y}, {width, row_h});
        draw_card(frame, card, c.surface);
        const BookingLines lines = entry_lines(frame, model, entry.booking);
        // When on the left, what on the right of it, the button at the end.
        const float when_w = std::min(width * 0.4F, 600 * m.scale);
        const float pad = m.card_padding * 0.8F;
        const ImFont& day_font = *frame.fonts().body;
        const ImFont& hours_font = *frame.fonts().heading;
        const float when_h = day_font.FontSize + m.gap * 0.3F + hours_font.FontSize;
        const float when_y = card.centre().y - when_h * 0.5F;
        draw_text(frame, day_font, fit_text(day_font, lines.day, when_w - pad), {x + pad, when_y}, when_w - pad,
                  c.text_muted);
        draw_text(frame, hours_font, fit_text(hours_font, lines.hours, when_w - pad),
                  {x + pad, when_y + day_font.FontSize + m.gap * 0.3F}, when_w - pad, c.text);
        const float what_x = x + pad + when_w;
        // Offline, nothing can be cancelled: the backend must say yes (the banner says so).
        const bool cancellable = !entry.pending && !view.stale;
        const float what_w = width - (what_x - x) - (cancellable ? cancel_w + 2 * pad : pad);
        const ImFont& name_font = *frame.fonts().heading;
        const bool other_site = entry.booking.site_id != model.site_id && !entry.booking.site_id.empty();
        const bool tagged = entry.pending || other_site;
        const float tag_h = frame.fonts().small->FontSize * 1.5F;
        const float what_h = name_font.FontSize + (tagged ? m.gap * 0.4F + tag_h : 0.0F);
        const float what_y = card.centre().y - what_h * 0.5F;
        draw_text(frame, name_font, fit_text(name_font, lines.resource, what_w), {what_x, what_y}, what_w, c.text);
        float tag_x = what_x;
        if (entry.pending) {
            tag_x += draw_tag(frame, frame.t(Msg::my_bookings_pending),
                              {tag_x, what_y + name_font.FontSize + m.gap * 0.4F}, c.notice, true) +
                     m.gap * 0.5F;
        }
        if (other_site) {
            draw_tag(frame, frame.t(Msg::my_bookings_other_site), {tag_x, what_y + name_font.FontSize + m.gap * 0.4F},
                     c.text_muted, false);
        }
        if (cancellable) {
            const float button_h = std::max(m.min_target, row_h - 2 * pad);
            touch_button(
                frame, Command{Action::booking_cancel_ask, i}, cancel,
                Box::at({card.max.x - pad - cancel_w, card.centre().y - button_h * 0.5F}, {cancel_w, button_h}),
                ButtonKind::secondary);
        }
        y += row_h + m.gap * 0.5F;
    }

    float left_w = width - done_w - m.gap;
    if (visible < total) {
        const float w = icon_button_width(frame, frame.t(Msg::my_bookings_previous), ButtonIcon::up);
        const float w2 = icon_button_width(frame, frame.t(Msg::my_bookings_next), ButtonIcon::down);
        icon_button(frame, Command{Action::booking_page_rows, std::max(0, first - visible)},
                    frame.t(Msg::my_bookings_previous), Box::at({x, footer_top}, {w, m.button_height}),
                    ButtonKind::secondary, ButtonIcon::up, first > 0);
        icon_button(frame, Command{Action::booking_page_rows, first + visible}, frame.t(Msg::my_bookings_next),
                    Box::at({x + w + m.gap * 0.5F, footer_top}, {w2, m.button_height}), ButtonKind::secondary,
                    ButtonIcon::down, first + visible < total);
        left_w = 0;
    }
    if (any_pending && left_w > 0) {
        const ImFont& font = *frame.fonts().small;
        draw_text(frame, font, frame.t(Msg::my_bookings_pending_note), {x, footer_top + m.gap * 0.3F}, left_w,
                  c.notice);
    }
}

void draw_cancel_confirm(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const core::BookingModel& booking = model.booking;
    const Box header = draw_booking_header(frame, model, Action::booking_back, frame.t(Msg::booking_back),
                                           frame.t(Msg::cancel_title), {});
    if (!booking.member_bookings || !booking.cancelling ||
        *booking.cancelling >= booking.member_bookings->entries.size()) {
        return;
    }
    const wire::Booking& target = booking.member_bookings->entries[*booking.cancelling].booking;
    const float width = std::min(frame.size.x - 2 * m.margin, 1100 * m.scale);
    const float x = (frame.size.x - width) * 0.5F;
    const BookingLines lines = entry_lines(frame, model, target);
    const float card_h = booking_card_height(frame, lines, width);
    const float block = card_h + m.margin + m.button_height;
    const float y = header.max.y + std::max(m.margin, (frame.size.y - header.max.y - block) * 0.4F);
    draw_booking_card(frame, lines, target.kind, Box::at({x, y}, {width, card_h}));
    const std::string_view keep = frame.t(Msg::cancel_no);
    const std::string_view yes = frame.t(Msg::cancel_yes);
    const float keep_w = button_width(frame, keep);
    const float yes_w = button_width(frame, yes);
    const float buttons_y = y + card_h + m.margin;
    touch_button(frame, Action::booking_cancel_keep, keep, Box::at({x, buttons_y}, {keep_w, m.button_height}),
                 ButtonKind::secondary);
    touch_button(frame, Action::booking_cancel_confirm, yes,
                 Box::at({x + width - yes_w, buttons_y}, {yes_w, m.button_height}), ButtonKind::primary);
}

} // namespace telecentre::ui
