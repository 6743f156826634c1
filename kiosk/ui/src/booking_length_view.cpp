// How long: big - and + buttons a slot at a time, ready-made lengths as chips, and why the
// booking cannot be longer (the next booking, closing time, or the kind's maximum).

#include "booking_views.hpp"
#include "booking_widgets.hpp"
#include "telecentre/ui/text_format.hpp"

#include <algorithm>
#include <array>

namespace telecentre::ui {
namespace {

std::string limit_text(const Frame& frame, const core::BookingSelection& selection) {
    const std::string longest = format_duration(frame.language, selection.longest.length);
    switch (selection.longest.limit) {
    case core::LengthLimit::next_booking:
        return format(frame.language, Msg::length_limit_next,
                      {longest, clock_time(frame.language, selection.longest.limit_at)});
    case core::LengthLimit::closing:
        return format(frame.language, Msg::length_limit_closing,
                      {longest, clock_time(frame.language, selection.longest.limit_at)});
    case core::LengthLimit::kind_maximum: return format(frame.language, Msg::length_limit_maximum, {longest});
    }
    return {};
}

struct Preset {
    core::LengthPreset preset;
    Msg label;
};
constexpr std::array kPresets{Preset{core::LengthPreset::half_hour, Msg::preset_half_hour},
                              Preset{core::LengthPreset::hour, Msg::preset_hour},
                              Preset{core::LengthPreset::two_hours, Msg::preset_two_hours},
                              Preset{core::LengthPreset::half_day, Msg::preset_half_day},
                              Preset{core::LengthPreset::until_closing, Msg::preset_until_closing}};

// The chips, wrapped onto as many lines as the width needs; returns the height used.
float layout_presets(Frame& frame, const core::BookingSelection& selection, int slot_minutes, const Box& area,
                     bool draw) {
    const Metrics& m = frame.sizes();
    const float h = m.min_target;
    float x = area.min.x;
    float y = area.min.y;
    for (const Preset& preset : kPresets) {
        const std::string_view label = frame.t(preset.label);
        const float w = std::max(m.min_target * 1.3F, text_width(*frame.fonts().body_bold, label) + m.button_padding +
                                                          frame.fonts().body_bold->FontSize);
        if (x > area.min.x && x + w > area.max.x) {
            x = area.min.x;
            y += h + m.gap * 0.5F;
        }
        if (draw) {
            const auto length = core::preset_length(preset.preset, selection.longest, slot_minutes);
            draw_chip(frame, Command{Action::booking_length_preset, static_cast<int>(preset.preset)}, label,
                      Box::at({x, y}, {w, h}), length && *length == selection.length, length.has_value());
        }
        x += w + m.gap * 0.5F;
    }
    return y + h - area.min.y;
}

} // namespace

void draw_booking_length(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::BookingModel& booking = model.booking;
    if (!booking.selection || !booking.availability) {
        draw_booking_header(frame, model, Action::booking_back, frame.t(Msg::booking_back), frame.t(Msg::length_title),
                            {});
        return;
    }
    const core::BookingSelection& selection = *booking.selection;
    const int slot_minutes = booking.availability->data.rules.slot_minutes;
    const Box header =
        draw_booking_header(frame, model, Action::booking_back, frame.t(Msg::booking_back), frame.t(Msg::length_title),
                            format(frame.language, Msg::length_from, {clock_time(frame.language, selection.start)}));
    const Box area{{m.margin, header.max.y + m.margin}, {frame.size.x - m.margin, frame.size.y - m.margin}};

    // Landscape: what is booked on the left, the picker on the right. Portrait: one above the other.
    const BookingLines lines = selection_lines(frame, model, selection);
    const bool side = !frame.portrait();
    const float card_w = side ? std::min(area.width() * 0.38F, 640 * m.scale) : area.width();
    const float card_h = booking_card_height(frame, lines, card_w);
    draw_booking_card(frame, lines, selection.kind, Box::at(area.min, {card_w, card_h}));
    const Box picker = side ? Box{{area.min.x + card_w + m.margin, area.min.y}, area.max}
                            : Box{{area.min.x, area.min.y + card_h + m.margin}, area.max};

    // - [ 1 h 30 / 10 h - 11 h 30 ] +
    const float big = std::max(m.min_target, 150 * m.scale);
    const float caption_h = frame.fonts().body->FontSize * 1.3F;
    const float value_w = std::min(picker.width() - 2 * (big + m.gap), 560 * m.scale);
    const float row_w = value_w + 2 * (big + m.gap);
    const float row_x = picker.min.x + (picker.width() - row_w) * 0.5F;
    const float y = picker.min.y;
    const std::chrono::minutes slot{slot_minutes};
    const bool can_shorten = selection.length > slot;
    const bool can_lengthen = selection.length + slot <= selection.longest.length;
    icon_button(frame, Command{Action::booking_length_step, -1}, {}, Box::at({row_x, y}, {big, big}),
                ButtonKind::secondary, ButtonIcon::minus, can_shorten);
    icon_button(frame, Command{Action::booking_length_step, +1}, {}, Box::at({row_x + row_w - big, y}, {big, big}),
                ButtonKind::secondary, ButtonIcon::plus, can_lengthen);
    const ImFont& caption = *frame.fonts().body;
    draw_text(frame, caption, frame.t(Msg::length_shorter), {row_x, y + big + m.gap * 0.3F}, big, c.text_muted,
              Align::centre);
    draw_text(frame, caption, frame.t(Msg::length_longer), {row_x + row_w - big, y + big + m.gap * 0.3F}, big,
              c.text_muted, Align::centre);
    const float value_x = row_x + big + m.gap;
    frame.fills.rounded_rect(frame.draw, {value_x, y}, {value_x + value_w, y + big}, c.surface, m.corner);
    frame.draw.AddRect({value_x, y}, {value_x + value_w, y + big}, c.surface_border, m.corner, 0, m.border);
    const ImFont& value_font = *frame.fonts().title;
    const ImFont& range_font = *frame.fonts().lead;
    const float block = value_font.FontSize + m.gap * 0.3F + range_font.FontSize;
    const float value_y = y + (big - block) * 0.5F;
    draw_text(frame, value_font, format_duration(frame.language, selection.length), {value_x, value_y}, value_w, c.text,
              Align::centre);
    draw_text(frame, range_font, booked_hours(frame.language, selection.start, selection.end()),
              {value_x, value_y + value_font.FontSize + m.gap * 0.3F}, value_w, c.text_muted, Align::centre);

    // The ready-made lengths, then the limit in words, then Continue at the bottom.
    const float chips_top = y + big + caption_h + m.gap;
    const float chips_w = std::min(picker.width(), 1000 * m.scale);
    const Box chips{{picker.centre().x - chips_w * 0.5F, chips_top},
                    {picker.centre().x + chips_w * 0.5F, picker.max.y}};
    const float chips_h = layout_presets(frame, selection, slot_minutes, chips, true);
    const float limit_top = chips_top + chips_h + m.gap;
    const std::string limit = limit_text(frame, selection);
    draw_text(frame, *frame.fonts().body, limit, {chips.min.x, limit_top}, chips.width(), c.text_muted, Align::left);

    const std::string_view next = frame.t(Msg::length_confirm);
    const float next_w = std::max(button_width(frame, next), 420 * m.scale);
    icon_button(frame, Action::booking_confirm, next,
                Box{{picker.max.x - next_w, picker.max.y - m.button_height}, picker.max}, ButtonKind::primary,
                ButtonIcon::forward);
}

} // namespace telecentre::ui
