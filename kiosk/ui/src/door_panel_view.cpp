// The room terminal's home screen: one room, read from across the corridor. Its state in a big
// coloured panel with a word and an icon (free, in use, closed), until when and by whom; the day's
// next bookings; "Book now" for 30 or 60 minutes and "I'm here" for the holder, both by badge; in a
// visio room, "Start the conference" (ConferenceController::offer).

#include "booking_pictograms.hpp"
#include "booking_widgets.hpp"
#include "telecentre/ui/text_format.hpp"
#include "views.hpp"

#include <algorithm>
#include <array>

namespace telecentre::ui {
namespace {

// A two-line button: "30 min" over "until 11:00"; disabled when the room is not free that long.
void book_now_button(Frame& frame, int minutes, const std::optional<core::Interval>& slot, const Box& box) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    bool held = false;
    const bool enabled = slot.has_value();
    if (enabled) {
        touch_target(frame, Command{Action::door_book_now, minutes}, box, &held);
    }
    const ImU32 fill = !enabled ? c.background : held ? c.accent_pressed : c.accent;
    const ImU32 ink = enabled ? c.on_accent : c.text_muted;
    frame.fills.rounded_rect(frame.draw, box.min, box.max, fill, m.corner);
    if (!enabled) {
        frame.draw.AddRect(box.min, box.max, c.surface_border, m.corner, 0, 2 * m.scale);
    }
    const ImFont& big = *frame.fonts().heading;
    const ImFont& small = *frame.fonts().body;
    const std::string length = format_duration(frame.language, std::chrono::minutes{minutes});
    const float block = big.FontSize + (slot ? m.gap * 0.2F + small.FontSize : 0.0F);
    const float y = box.centre().y - block * 0.5F;
    draw_text(frame, big, length, {box.min.x, y}, box.width(), ink, Align::centre);
    if (slot) {
        draw_text(frame, small, format(frame.language, Msg::door_until, {clock_time(frame.language, slot->end)}),
                  {box.min.x, y + big.FontSize + m.gap * 0.2F}, box.width(), ink, Align::centre);
    }
}

void draw_status(Frame& frame, const wire::ResourceAvailability& room, const core::RoomStatus& status, const Box& box) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    ImU32 fill = c.success;
    Msg word = Msg::door_free;
    std::string detail;
    if (status.state == core::RoomState::busy) {
        fill = c.alert;
        word = Msg::door_busy;
        const std::string until = status.until ? clock_time(frame.language, *status.until) : std::string{};
        detail = status.current && status.current->holder
                     ? format(frame.language, Msg::door_until_by, {until, *status.current->holder})
                     : format(frame.language, Msg::door_until, {until});
    } else if (status.state == core::RoomState::closed) {
        fill = c.text_muted;
        word = Msg::door_closed;
        if (status.until) {
            detail = format(frame.language, Msg::door_opens_at, {clock_time(frame.language, *status.until)});
        }
    } else if (status.until) {
        detail = format(frame.language, Msg::door_until, {clock_time(frame.language, *status.until)});
    }
    frame.fills.rounded_rect(frame.draw, box.min, box.max, fill, m.corner);
    if (status.state == core::RoomState::busy) {
        // In use is also hatched, so the panel differs from "free" without its colour; the corners'
        // small squares stay plain, inside the rounding.
        frame.fills.pattern(frame.draw, {box.min.x + m.corner, box.min.y}, {box.max.x - m.corner, box.max.y},
                            Pattern::in_use_panel);
        frame.fills.pattern(frame.draw, {box.min.x, box.min.y + m.corner}, {box.min.x + m.corner, box.max.y - m.corner},
                            Pattern::in_use_panel);
        frame.fills.pattern(frame.draw, {box.max.x - m.corner, box.min.y + m.corner}, {box.max.x, box.max.y - m.corner},
                            Pattern::in_use_panel);
    }
    const float pad = m.card_padding * 1.5F;
    const float inner_w = box.width() - 2 * pad;
    const ImFont& name_font = *frame.fonts().heading;
    const ImFont& word_font = *frame.fonts().display;
    const ImFont& detail_font = *frame.fonts().title;
    const float radius = std::min(110 * m.scale, box.height() * 0.14F);
    const float name_h = text_height(frame, name_font, room.name, inner_w);
    const float detail_h = detail.empty() ? 0.0F : m.gap + text_height(frame, detail_font, detail, inner_w);
    const float block = name_h + m.gap * 1.5F + radius * 2 + m.gap + word_font.FontSize + detail_h;
    float y = box.min.y + std::max(pad, (box.height() - block) * 0.5F);
    y += draw_text(frame, name_font, room.name, {box.min.x + pad, y}, inner_w, c.on_accent, Align::centre,
                   Wrap::balanced) +
         m.gap * 1.5F;
    const ImVec2 icon{box.centre().x, y + radius};
    switch (status.state) {
    case core::RoomState::free: draw_free_icon(frame.draw, icon, radius, c.on_accent, fill); break;
    case core::RoomState::busy: draw_in_use_icon(frame.draw, icon, radius, c.on_accent, fill); break;
    case core::RoomState::closed: draw_closed_icon(frame.draw, icon, radius, c.on_accent, fill); break;
    }
    y += radius * 2 + m.gap;
    draw_text(frame, word_font, frame.t(word), {box.min.x + pad, y}, inner_w, c.on_accent, Align::centre);
    y += word_font.FontSize;
    if (!detail.empty()) {
        draw_text(frame, detail_font, detail, {box.min.x + pad, y + m.gap}, inner_w, c.on_accent, Align::centre,
                  Wrap::balanced);
    }
}

// Later today, then the actions at the bottom.
void draw_side(Frame& frame, const core::KioskModel& model, const wire::Availability& data,
               const wire::ResourceAvailability& room, const core::RoomStatus& status, const Box& box) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const wire::TimePoint now = std::chrono::floor<std::chrono::seconds>(model.now);

    // Actions, measured from the bottom up.
    const float book_h = std::max(m.min_target, 130 * m.scale);
    float bottom = box.max.y - book_h;
    const float half = (box.width() - m.gap) * 0.5F;
    book_now_button(frame, 30, core::book_now_interval(data, room, now, std::chrono::minutes{30}),
                    Box::at({box.min.x, bottom}, {half, book_h}));
    book_now_button(frame, 60, core::book_now_interval(data, room, now, std::chrono::minutes{60}),
                    Box::at({box.max.x - half, bottom}, {half, book_h}));
    const ImFont& label_font = *frame.fonts().body_bold;
    bottom -= m.gap * 0.5F + label_font.FontSize;
    draw_text(frame, label_font, frame.t(Msg::door_book_now), {box.min.x, bottom}, box.width(), c.text);
    // A visio room: its conference starts here, for the booking or ad hoc in the free room.
    if (model.conference_offer.available) {
        bottom -= m.gap + m.button_height;
        touch_button(frame, Command{Action::door_conference, model.conference_offer.ad_hoc_minutes.value_or(0)},
                     frame.t(Msg::door_conference_start), Box::at({box.min.x, bottom}, {box.width(), m.button_height}),
                     ButtonKind::primary);
    }
    if (status.check_in) {
        const std::string who = format(frame.language, Msg::door_check_in_for,
                                       {status.check_in->holder.value_or(std::string{}),
                                        booked_hours(frame.language, status.check_in->start, status.check_in->end)});
        const ImFont& small = *frame.fonts().body;
        bottom -= m.gap + m.button_height;
        touch_button(frame, Action::door_check_in, frame.t(Msg::door_check_in),
                     Box::at({box.min.x, bottom}, {box.width(), m.button_height}),
                     model.conference_offer.available ? ButtonKind::secondary : ButtonKind::primary);
        const float who_h = text_height(frame, small, who, box.width());
        bottom -= m.gap * 0.4F + who_h;
        draw_text(frame, small, who, {box.min.x, bottom}, box.width(), c.text);
    }

    // The day's next bookings, as many as fit above the actions.
    float y = box.min.y;
    const ImFont& heading = *frame.fonts().heading;
    y += draw_text(frame, heading, frame.t(Msg::door_later_today), {box.min.x, y}, box.width(), c.text) + m.gap;
    if (status.next.empty()) {
        draw_text(frame, *frame.fonts().lead, frame.t(Msg::door_nothing_later), {box.min.x, y}, box.width(),
                  c.text_muted);
        return;
    }
    const ImFont& time_font = *frame.fonts().heading;
    const ImFont& who_font = *frame.fonts().lead;
    const float row_h = time_font.FontSize + m.gap * 0.9F;
    const float time_w = std::min(box.width() * 0.55F, 420 * m.scale);
    for (const wire::BusyInterval& next : status.next) {
        if (y + row_h > bottom - m.gap) {
            break;
        }
        draw_text(frame, time_font, booked_hours(frame.language, next.start, next.end), {box.min.x, y}, time_w, c.text);
        if (next.holder) {
            const float w = box.width() - time_w - m.gap;
            draw_text(frame, who_font, fit_text(who_font, *next.holder, w),
                      {box.min.x + time_w + m.gap, y + 4 * m.scale}, w, c.text_muted);
        }
        y += row_h;
    }
}

} // namespace

void draw_door_panel(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    float top = draw_top_bar(frame, model) + m.gap;
    const core::DoorPanel& door = model.booking.door;
    const Box area{{m.margin, top}, {frame.size.x - m.margin, frame.size.y - m.margin * 0.6F}};
    const wire::ResourceAvailability* room =
        door.today ? core::find_resource(door.today->data, door.resource_id) : nullptr;
    if (room == nullptr) {
        const std::string_view what = frame.t(door.loading || !door.today ? Msg::door_loading : Msg::door_unknown_room);
        if (door.loading) {
            draw_waiting_block(frame, area, what, {});
        } else {
            draw_text(frame, *frame.fonts().title, what, {area.min.x, area.centre().y}, area.width(), c.text_muted,
                      Align::centre, Wrap::balanced);
        }
        return;
    }
    top += draw_stale_banner(frame, *door.today, top, area.min.x, area.width());
    const Box content{{area.min.x, top + (door.today->origin == core::AvailabilityOrigin::cache ? m.gap : 0.0F)},
                      area.max};
    const core::RoomStatus status =
        core::room_status(door.today->data, *room, std::chrono::floor<std::chrono::seconds>(model.now));
    if (frame.portrait()) {
        const float status_h = content.height() * 0.5F;
        draw_status(frame, *room, status, Box::at(content.min, {content.width(), status_h}));
        draw_side(frame, model, door.today->data, *room, status,
                  Box{{content.min.x, content.min.y + status_h + m.margin}, content.max});
        return;
    }
    const float status_w = content.width() * 0.56F;
    draw_status(frame, *room, status, Box::at(content.min, {status_w, content.height()}));
    draw_side(frame, model, door.today->data, *room, status,
              Box{{content.min.x + status_w + m.margin, content.min.y}, content.max});
}

} // namespace telecentre::ui
