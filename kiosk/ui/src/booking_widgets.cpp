#include "booking_widgets.hpp"

#include "pictograms.hpp"
#include "telecentre/ui/text_format.hpp"
#include "telecentre/wire/local_time.hpp"

#include <algorithm>

namespace telecentre::ui {
namespace {

void draw_icon(ImDrawList& draw, ButtonIcon icon, ImVec2 centre, float size, ImU32 ink) {
    switch (icon) {
    case ButtonIcon::none: break;
    case ButtonIcon::back: draw_chevron(draw, centre, size, Direction::left, ink); break;
    case ButtonIcon::forward: draw_chevron(draw, centre, size, Direction::right, ink); break;
    case ButtonIcon::up: draw_chevron(draw, centre, size, Direction::up, ink); break;
    case ButtonIcon::down: draw_chevron(draw, centre, size, Direction::down, ink); break;
    case ButtonIcon::plus: draw_plus_minus(draw, centre, size, true, ink); break;
    case ButtonIcon::minus: draw_plus_minus(draw, centre, size, false, ink); break;
    case ButtonIcon::search: draw_search_mark(draw, centre, size, ink); break;
    case ButtonIcon::shift: draw_shift_mark(draw, centre, size, false, ink); break;
    case ButtonIcon::backspace: draw_backspace_mark(draw, centre, size, ink); break;
    case ButtonIcon::close:
        draw.AddLine({centre.x - size * 0.3F, centre.y - size * 0.3F}, {centre.x + size * 0.3F, centre.y + size * 0.3F},
                     ink, std::max(2.0F, size * 0.12F));
        draw.AddLine({centre.x - size * 0.3F, centre.y + size * 0.3F}, {centre.x + size * 0.3F, centre.y - size * 0.3F},
                     ink, std::max(2.0F, size * 0.12F));
        break;
    }
}

} // namespace

float icon_button_width(const Frame& frame, std::string_view label, ButtonIcon icon) {
    const Metrics& m = frame.sizes();
    const float icon_w = icon == ButtonIcon::none ? 0.0F : frame.fonts().body_bold->FontSize;
    const float gap = icon != ButtonIcon::none && !label.empty() ? m.gap * 0.5F : 0.0F;
    return std::max(m.min_target, text_width(*frame.fonts().body_bold, label) + icon_w + gap + m.button_padding);
}

void icon_button(Frame& frame, const Command& command, std::string_view label, Box box, ButtonKind kind,
                 ButtonIcon icon, bool enabled) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    bool held = false;
    if (enabled) {
        touch_target(frame, command, box, &held);
    }
    const float sink = held ? std::max(1.0F, 3 * m.scale) : 0.0F;
    const Box face{{box.min.x, box.min.y + sink}, {box.max.x, box.max.y + sink}};
    ImU32 ink = c.accent;
    if (!enabled) {
        frame.fills.rounded_rect(frame.draw, face.min, face.max, c.background, m.corner);
        frame.draw.AddRect(face.min, face.max, c.surface_border, m.corner, 0, 2 * m.scale);
        ink = c.text_muted;
    } else if (kind == ButtonKind::primary) {
        if (!held) {
            frame.fills.rounded_rect(frame.draw, {box.min.x, box.min.y + 4 * m.scale},
                                     {box.max.x, box.max.y + 4 * m.scale}, c.accent_pressed, m.corner);
        }
        frame.fills.rounded_rect(frame.draw, face.min, face.max, held ? c.accent_pressed : c.accent, m.corner);
        ink = c.on_accent;
    } else {
        frame.fills.rounded_rect(frame.draw, face.min, face.max, held ? c.accent_soft : c.surface, m.corner);
        frame.draw.AddRect(face.min, face.max, c.accent, m.corner, 0, 3 * m.scale);
    }
    const ImFont& font = *frame.fonts().body_bold;
    // An icon alone fills more of its button: it is the whole label.
    const float icon_w = icon == ButtonIcon::none ? 0.0F
                         : label.empty() ? std::max(font.FontSize, std::min(face.width(), face.height()) * 0.42F)
                                         : font.FontSize;
    const float gap = icon != ButtonIcon::none && !label.empty() ? m.gap * 0.5F : 0.0F;
    const std::string shown = fit_text(font, label, face.width() - icon_w - gap - m.button_padding * 0.5F);
    const float content = icon_w + gap + text_width(font, shown);
    const float x = face.min.x + (face.width() - content) * 0.5F;
    const float cy = face.centre().y;
    draw_icon(frame.draw, icon, {x + icon_w * 0.5F, cy}, icon_w, ink);
    if (!shown.empty()) {
        draw_text(frame, font, shown, {x + icon_w + gap, cy - font.FontSize * 0.55F}, text_width(font, shown) + 1, ink);
    }
}

void draw_chip(Frame& frame, const Command& command, std::string_view label, Box box, bool selected, bool enabled) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    bool held = false;
    if (enabled) {
        touch_target(frame, command, box, &held);
    }
    const float radius = std::min(box.height() * 0.5F, m.corner * 1.5F);
    ImU32 ink = c.accent;
    if (!enabled) {
        frame.draw.AddRect(box.min, box.max, c.surface_border, radius, 0, 2 * m.scale);
        ink = c.text_muted;
    } else if (selected || held) {
        frame.fills.rounded_rect(frame.draw, box.min, box.max, held && !selected ? c.accent_pressed : c.accent, radius);
        ink = c.on_accent;
    } else {
        frame.fills.rounded_rect(frame.draw, box.min, box.max, c.surface, radius);
        frame.draw.AddRect(box.min, box.max, c.accent, radius, 0, 3 * m.scale);
    }
    const ImFont& font = *frame.fonts().body_bold;
    float x = box.min.x;
    float w = box.width();
    if (selected) {
        // The chosen chip also carries a check mark: its state reads without colour.
        const float mark = font.FontSize * 0.7F;
        const float content = mark + m.gap * 0.3F + text_width(font, label);
        x = box.min.x + (box.width() - content) * 0.5F;
        draw_check_mark(frame.draw, {x + mark * 0.5F, box.centre().y}, mark * 0.5F, ink, 3.5F * m.scale);
        x += mark + m.gap * 0.3F;
        w = text_width(font, label) + 1;
        draw_text(frame, font, label, {x, box.centre().y - font.FontSize * 0.55F}, w, ink);
        return;
    }
    draw_text(frame, font, fit_text(font, label, w - m.gap), {x, box.centre().y - font.FontSize * 0.55F}, w, ink,
              Align::centre);
}

Box draw_booking_header(Frame& frame, const core::KioskModel& model, const Command& back, std::string_view back_label,
                        std::string_view title, std::string_view subtitle, float right) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float top = draw_top_bar(frame, model) + m.gap;
    const float height = m.button_height;
    const Box row{{m.margin, top}, {frame.size.x - m.margin, top + height}};
    const float back_w = icon_button_width(frame, back_label, ButtonIcon::back);
    icon_button(frame, back, back_label, Box::at(row.min, {back_w, height}), ButtonKind::secondary, ButtonIcon::back);

    const float text_x = row.min.x + back_w + m.gap;
    const float text_w = std::max(1.0F, row.max.x - right - text_x - (right > 0 ? m.gap : 0.0F));
    const ImFont& title_font = *frame.fonts().heading;
    const ImFont& sub_font = *frame.fonts().body;
    // A title alone may take two lines (narrow screens); with a line under it, it is cut instead.
    const bool two_lines = subtitle.empty() && text_width(title_font, title) > text_w &&
                           wrap_lines(title_font, title, text_w).size() == 2 && words_fit(title_font, title, text_w);
    if (two_lines) {
        const float block = line_height(frame, title_font) + title_font.FontSize;
        draw_text(frame, title_font, title, {text_x, row.min.y + (height - block) * 0.5F}, text_w, c.text, Align::left,
                  Wrap::balanced);
        return row;
    }
    const std::string shown_title = fit_text(title_font, title, text_w);
    const std::string shown_sub = fit_text(sub_font, subtitle, text_w);
    const float block = title_font.FontSize + (subtitle.empty() ? 0.0F : m.gap * 0.25F + sub_font.FontSize);
    const float y = row.min.y + (height - block) * 0.5F;
    draw_text(frame, title_font, shown_title, {text_x, y}, text_w, c.text);
    if (!subtitle.empty()) {
        draw_text(frame, sub_font, shown_sub, {text_x, y + title_font.FontSize + m.gap * 0.25F}, text_w, c.text_muted);
    }
    return row;
}

namespace {

std::string stale_text(const Frame& frame, const core::ShownAvailability& shown) {
    if (!shown.offline_since) {
        return std::string{frame.t(Msg::stale)};
    }
    const auto since = std::chrono::floor<std::chrono::seconds>(*shown.offline_since);
    return format(frame.language, Msg::stale_since, {clock_time(frame.language, since)});
}

} // namespace

float stale_banner_height(const Frame& frame, const core::ShownAvailability& shown, float width) {
    if (shown.origin == core::AvailabilityOrigin::live) {
        return 0;
    }
    return offline_banner_height(frame, stale_text(frame, shown), width);
}

float draw_stale_banner(Frame& frame, const core::ShownAvailability& shown, float top, float left, float width) {
    if (shown.origin == core::AvailabilityOrigin::live) {
        return 0;
    }
    return draw_offline_banner(frame, stale_text(frame, shown), top, left, width);
}

float offline_banner_height(const Frame& frame, std::string_view text, float width) {
    const Metrics& m = frame.sizes();
    const ImFont& font = *frame.fonts().body_bold;
    return text_height(frame, font, text, width - font.FontSize - 3 * m.gap) + m.gap;
}

float draw_offline_banner(Frame& frame, std::string_view text, float top, float left, float width) {
    const float height = offline_banner_height(frame, text, width);
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const ImFont& font = *frame.fonts().body_bold;
    frame.fills.rounded_rect(frame.draw, {left, top}, {left + width, top + height}, c.notice_soft, m.corner * 0.6F);
    frame.draw.AddRect({left, top}, {left + width, top + height}, c.notice, m.corner * 0.6F, 0, 2 * m.scale);
    const float mark = font.FontSize * 0.36F;
    draw_connection_mark(frame.draw, {left + m.gap + mark, top + m.gap * 0.5F + font.FontSize * 0.55F}, mark,
                         core::Connection::offline, c.notice);
    draw_text(frame, font, text, {left + m.gap * 2 + mark * 2, top + m.gap * 0.5F}, width - font.FontSize - 3 * m.gap,
              c.notice);
    return height;
}

void draw_waiting_block(Frame& frame, const Box& box, std::string_view title, std::string_view detail) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const ImFont& title_font = *frame.fonts().title;
    const ImFont& detail_font = *frame.fonts().lead;
    const float radius = 70 * m.scale;
    const float title_h = text_height(frame, title_font, title, box.width());
    const float detail_h = detail.empty() ? 0.0F : m.gap + text_height(frame, detail_font, detail, box.width());
    const float block = radius * 2 + m.gap * 1.5F + title_h + detail_h;
    const float y = box.min.y + std::max(0.0F, (box.height() - block) * 0.5F);
    draw_spinner(frame.draw, {box.centre().x, y + radius}, radius, 14 * m.scale, c.accent_soft, c.accent,
                 frame.seconds);
    const float title_top = y + radius * 2 + m.gap * 1.5F;
    draw_text(frame, title_font, title, {box.min.x, title_top}, box.width(), c.text, Align::centre);
    if (!detail.empty()) {
        draw_text(frame, detail_font, detail, {box.min.x, title_top + title_h + m.gap}, box.width(), c.text_muted,
                  Align::centre, Wrap::balanced);
    }
    frame.animate = true;
}

Msg kind_name(wire::ResourceKind kind) {
    switch (kind) {
    case wire::ResourceKind::office: return Msg::kind_office;
    case wire::ResourceKind::open_space: return Msg::kind_open_space;
    case wire::ResourceKind::meeting_room: return Msg::kind_meeting_room;
    case wire::ResourceKind::visio_room: return Msg::kind_visio_room;
    }
    return Msg::kind_office;
}

Msg kind_plural(wire::ResourceKind kind) {
    switch (kind) {
    case wire::ResourceKind::office: return Msg::kind_office_plural;
    case wire::ResourceKind::open_space: return Msg::kind_open_space_plural;
    case wire::ResourceKind::meeting_room: return Msg::kind_meeting_room_plural;
    case wire::ResourceKind::visio_room: return Msg::kind_visio_room_plural;
    }
    return Msg::kind_office_plural;
}

Msg kind_detail(wire::ResourceKind kind) {
    switch (kind) {
    case wire::ResourceKind::office: return Msg::kind_office_detail;
    case wire::ResourceKind::open_space: return Msg::kind_open_space_detail;
    case wire::ResourceKind::meeting_room: return Msg::kind_meeting_room_detail;
    case wire::ResourceKind::visio_room: return Msg::kind_visio_room_detail;
    }
    return Msg::kind_office_detail;
}

Msg refusal_text(wire::BookingRefusal reason) {
    switch (reason) {
    case wire::BookingRefusal::unknown_badge: return Msg::refusal_unknown_badge;
    case wire::BookingRefusal::badge_revoked: return Msg::refusal_badge_revoked;
    case wire::BookingRefusal::pass_not_valid: return Msg::refusal_pass_not_valid;
    case wire::BookingRefusal::not_allowed_by_pass: return Msg::refusal_not_allowed_by_pass;
    case wire::BookingRefusal::unknown_resource: return Msg::refusal_unknown_resource;
    case wire::BookingRefusal::invalid_time_range: return Msg::refusal_invalid_time_range;
    case wire::BookingRefusal::off_grid: return Msg::refusal_off_grid;
    case wire::BookingRefusal::in_the_past: return Msg::refusal_in_the_past;
    case wire::BookingRefusal::too_far_ahead: return Msg::refusal_too_far_ahead;
    case wire::BookingRefusal::too_long: return Msg::refusal_too_long;
    case wire::BookingRefusal::outside_opening_hours: return Msg::refusal_outside_opening_hours;
    case wire::BookingRefusal::site_closed: return Msg::refusal_site_closed;
    case wire::BookingRefusal::slot_taken: return Msg::refusal_slot_taken;
    case wire::BookingRefusal::not_your_booking: return Msg::refusal_not_your_booking;
    case wire::BookingRefusal::unknown_booking: return Msg::refusal_unknown_booking;
    case wire::BookingRefusal::booking_not_changeable: return Msg::refusal_booking_not_changeable;
    }
    return Msg::refusal_slot_taken;
}

Msg weekday_short(std::chrono::weekday day) {
    return static_cast<Msg>(static_cast<unsigned>(Msg::weekday_short_monday) + day.iso_encoding() - 1);
}

std::string booked_day(core::Language language, wire::TimePoint start) {
    return format_long_date(language, wire::paris_day(start));
}

std::string booked_hours(core::Language language, wire::TimePoint start, wire::TimePoint end) {
    return format_time_range(language, wire::to_paris(start), wire::to_paris(end));
}

std::string clock_time(core::Language language, wire::TimePoint at) {
    return format_time(language, wire::to_paris(at));
}

namespace {

// The hours stand out; the site and the day are quieter.
const ImFont& line_font(const Frame& frame, const BookingLines& lines, const std::string* line) {
    return line == &lines.hours ? *frame.fonts().lead : *frame.fonts().body;
}

} // namespace

float booking_card_height(const Frame& frame, const BookingLines& lines, float width) {
    const Metrics& m = frame.sizes();
    const float inner = width - 2 * m.card_padding - frame.fonts().heading->FontSize * 1.6F - m.gap;
    float h = m.card_padding * 2 + text_height(frame, *frame.fonts().heading, lines.resource, inner);
    for (const std::string* line : {&lines.site, &lines.day, &lines.hours}) {
        if (!line->empty()) {
            h += m.gap * 0.4F + text_height(frame, line_font(frame, lines, line), *line, inner);
        }
    }
    return h;
}

void draw_booking_card(Frame& frame, const BookingLines& lines, wire::ResourceKind kind, const Box& box) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    draw_card(frame, box, c.surface);
    const float mark = frame.fonts().heading->FontSize * 1.6F;
    draw_kind_mark(frame.draw, kind,
                   {box.min.x + m.card_padding + mark * 0.5F, box.min.y + m.card_padding + mark * 0.5F}, mark,
                   c.accent);
    const float x = box.min.x + m.card_padding + mark + m.gap;
    const float w = box.max.x - m.card_padding - x;
    float y = box.min.y + m.card_padding;
    y += draw_text(frame, *frame.fonts().heading, lines.resource, {x, y}, w, c.text);
    for (const std::string* line : {&lines.site, &lines.day, &lines.hours}) {
        if (!line->empty()) {
            y += m.gap * 0.4F;
            y += draw_text(frame, line_font(frame, lines, line), *line, {x, y}, w,
                           line == &lines.hours ? c.text : c.text_muted);
        }
    }
}

} // namespace telecentre::ui
