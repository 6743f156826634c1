// Home: where the kiosk rests. The instruction to tap a badge dominates; the clock and the date
// orient; the status line says, in words, whether the kiosk is online and the reader ready.

#include "pictograms.hpp"
#include "telecentre/ui/text_format.hpp"
#include "telecentre/wire/local_time.hpp"
#include "views.hpp"

#include <algorithm>

namespace telecentre::ui {

std::chrono::local_seconds local_now(const core::KioskModel& model) {
    return wire::to_paris(std::chrono::floor<std::chrono::seconds>(model.now));
}

namespace {

std::string pending_text(core::Language language, int pending, Msg one, Msg many) {
    if (pending == 1) {
        return std::string{text(language, one)};
    }
    return format(language, many, {std::to_string(pending)});
}

Msg reader_label(core::ReaderState state) {
    switch (state) {
    case core::ReaderState::ready: return Msg::reader_ready;
    case core::ReaderState::starting: return Msg::reader_starting;
    case core::ReaderState::unavailable: return Msg::reader_unavailable;
    }
    return Msg::reader_starting;
}

Msg connection_label(core::Connection connection) {
    switch (connection) {
    case core::Connection::online: return Msg::connection_online;
    case core::Connection::offline: return Msg::connection_offline;
    case core::Connection::unknown: return Msg::connection_unknown;
    }
    return Msg::connection_unknown;
}

// The bottom line: connection on the left, reader on the right. Words first; the marks only help.
void draw_status_line(Frame& frame, const core::KioskModel& model, float top) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const ImFont& font = *frame.fonts().small;
    frame.draw.AddLine({m.margin, top}, {frame.size.x - m.margin, top}, c.surface_border, m.border);
    const float y = top + (frame.size.y - top - font.FontSize) * 0.5F;
    const float mark = font.FontSize * 0.36F;

    const ImU32 connection_ink = model.connection == core::Connection::offline ? c.notice : c.text_muted;
    float x = m.margin;
    const ImU32 mark_ink = model.connection == core::Connection::online ? c.success : connection_ink;
    draw_connection_mark(frame.draw, {x + mark, y + font.FontSize * 0.55F}, mark, model.connection, mark_ink);
    x += mark * 2 + m.gap * 0.5F;
    const std::string_view connection = frame.t(connection_label(model.connection));
    const float connection_w = text_width(font, connection);
    draw_text(frame, font, connection, {x, y}, connection_w + 1, connection_ink);
    // Taps and bookings waiting to reach the backend matter to staff when the link is down: say
    // how many. Bookings wait only while their backend is out of reach, whatever check-in says.
    // On a narrow screen they are shortened rather than run into the reader's state.
    const std::string_view reader = frame.t(reader_label(model.reader.state));
    const float reader_w = text_width(font, reader);
    const float reader_x = frame.size.x - m.margin - reader_w;
    const float left_end = reader_x - m.gap * 1.5F - font.FontSize;
    x += connection_w;
    const auto waiting = [&](const std::string& pending) {
        const float room = left_end - (x + 2 * m.gap);
        if (room < font.FontSize * 3) {
            return;
        }
        x += m.gap;
        frame.draw.AddCircleFilled({x, y + font.FontSize * 0.55F}, mark * 0.4F, connection_ink, 12);
        x += m.gap;
        const std::string shown = fit_text(font, pending, room);
        draw_text(frame, font, shown, {x, y}, room + 1, connection_ink);
        x += text_width(font, shown);
    };
    if (model.connection == core::Connection::offline && model.journal_pending > 0) {
        waiting(
            pending_text(frame.language, model.journal_pending, Msg::journal_pending_one, Msg::journal_pending_many));
    }
    if (model.bookings_pending > 0) {
        waiting(pending_text(frame.language, model.bookings_pending, Msg::bookings_pending_one,
                             Msg::bookings_pending_many));
    }

    const ImU32 reader_ink = model.reader.state == core::ReaderState::unavailable ? c.alert : c.text_muted;
    draw_reader_mark(frame.draw, {reader_x - m.gap * 0.5F - font.FontSize * 0.5F, y + font.FontSize * 0.5F},
                     font.FontSize, model.reader.state, reader_ink);
    draw_text(frame, font, reader, {reader_x, y}, reader_w + 1, reader_ink);
}

// The big clock and the date, centred in `box`.
void draw_clock(Frame& frame, const core::KioskModel& model, const Box& box) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const auto now = local_now(model);
    const std::string clock = format_clock(now);
    const std::string date = format_long_date(frame.language, std::chrono::floor<std::chrono::days>(now));
    const ImFont& clock_font = *frame.fonts().clock;
    const ImFont& date_font = *frame.fonts().lead;
    const float date_h = text_height(frame, date_font, date, box.width());
    // DejaVu's digits sit low in their em box: trim the space above them.
    const float clock_h = clock_font.FontSize * 0.8F;
    const float block = clock_h + m.gap + date_h;
    const float top = box.min.y + (box.height() - block) * 0.5F;
    draw_text(frame, clock_font, clock, {box.min.x, top - clock_font.FontSize * 0.12F}, box.width(), c.text,
              Align::centre);
    draw_text(frame, date_font, date, {box.min.x, top + clock_h + m.gap}, box.width(), c.text_muted, Align::centre);
}

// The card that asks for the badge, with its pictogram.
void draw_instruction(Frame& frame, const core::KioskModel& model, const Box& box) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    draw_card(frame, box, c.surface);

    const bool available = model.reader.state != core::ReaderState::unavailable;
    Msg title = Msg::home_instruction;
    Msg detail = Msg::home_instruction_detail;
    if (model.reader.state == core::ReaderState::unavailable) {
        title = Msg::home_reader_down_title;
        detail = Msg::home_reader_down_detail;
    } else if (model.reader.state == core::ReaderState::starting) {
        detail = Msg::home_reader_starting_detail;
    }

    const float inner_w = box.width() - 2 * m.card_padding * 1.5F;
    const float inner_x = box.min.x + m.card_padding * 1.5F;
    const ImFont& title_font = *frame.fonts().title;
    const ImFont& detail_font = *frame.fonts().lead;
    const float title_h = text_height(frame, title_font, frame.t(title), inner_w);
    const float detail_h = text_height(frame, detail_font, frame.t(detail), inner_w);
    const float text_h = title_h + m.gap + detail_h;
    const float picture_h = std::clamp(box.height() - text_h - 4 * m.card_padding, 120 * m.scale, 480 * m.scale);
    const float block = picture_h + m.gap * 2 + text_h;
    const float top = box.min.y + std::max(m.card_padding, (box.height() - block) * 0.5F);

    const Box picture{{box.centre().x - picture_h * 0.62F, top}, {box.centre().x + picture_h * 0.62F, top + picture_h}};
    draw_badge_on_reader(frame.draw, picture, c, available);
    const float title_top = top + picture_h + m.gap * 2;
    draw_text(frame, title_font, frame.t(title), {inner_x, title_top}, inner_w, available ? c.text : c.alert,
              Align::centre, Wrap::balanced);
    draw_text(frame, detail_font, frame.t(detail), {inner_x, title_top + title_h + m.gap}, inner_w, c.text_muted,
              Align::centre, Wrap::balanced);
}

// "Book" and "My bookings": the way into the booking screens.
void draw_booking_entries(Frame& frame, const Box& box, bool side_by_side) {
    const Metrics& m = frame.sizes();
    const std::string_view book = frame.t(Msg::home_book);
    const std::string_view mine = frame.t(Msg::home_my_bookings);
    if (side_by_side) {
        const float w = (box.width() - m.gap) * 0.5F;
        touch_button(frame, Action::booking_open, book, Box::at(box.min, {w, m.button_height}), ButtonKind::primary);
        touch_button(frame, Action::my_bookings_open, mine, Box::at({box.max.x - w, box.min.y}, {w, m.button_height}),
                     ButtonKind::secondary);
        return;
    }
    touch_button(frame, Action::booking_open, book, Box::at(box.min, {box.width(), m.button_height}),
                 ButtonKind::primary);
    touch_button(frame, Action::my_bookings_open, mine,
                 Box::at({box.min.x, box.min.y + m.button_height + m.gap}, {box.width(), m.button_height}),
                 ButtonKind::secondary);
}

} // namespace

void draw_home(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const float top = draw_top_bar(frame, model) + m.margin;
    const float status_top = frame.size.y - m.status_bar_height;
    draw_status_line(frame, model, status_top);
    const float bottom = status_top - m.margin;

    if (frame.portrait()) {
        // Portrait: the clock above, the booking buttons, the instruction filling the rest.
        const float clock_h = frame.fonts().clock->FontSize * 0.8F + m.gap + frame.fonts().heading->FontSize * 2.6F;
        draw_clock(frame, model, Box{{m.margin, top}, {frame.size.x - m.margin, top + clock_h}});
        const float buttons_top = top + clock_h + m.gap;
        draw_booking_entries(
            frame, Box{{m.margin, buttons_top}, {frame.size.x - m.margin, buttons_top + m.button_height}}, true);
        draw_instruction(frame, model,
                         Box{{m.margin, buttons_top + m.button_height + m.margin}, {frame.size.x - m.margin, bottom}});
        return;
    }
    const float clock_w = std::clamp(frame.size.x * 0.36F, 300 * m.scale, 760 * m.scale);
    const float buttons_h = 2 * m.button_height + m.gap;
    draw_clock(frame, model, Box{{m.margin, top}, {m.margin + clock_w, bottom - buttons_h - m.gap}});
    draw_booking_entries(frame, Box{{m.margin, bottom - buttons_h}, {m.margin + clock_w, bottom}}, false);
    draw_instruction(frame, model, Box{{m.margin * 2 + clock_w, top}, {frame.size.x - m.margin, bottom}});
}

} // namespace telecentre::ui
