// The booking flow: which view each step shows, the kinds to pick from, and the steps that wait
// (for a badge, for the backend).

#include "booking_views.hpp"
#include "booking_widgets.hpp"
#include "pictograms.hpp"
#include "views.hpp"

#include <algorithm>

namespace telecentre::ui {

std::vector<int> shown_resources(const core::BookingModel& booking) {
    std::vector<int> rows;
    if (!booking.availability) {
        return rows;
    }
    const auto& resources = booking.availability->data.resources;
    for (std::size_t i = 0; i < resources.size(); ++i) {
        if (core::matches_search(resources[i].name, booking.search.text)) {
            rows.push_back(static_cast<int>(i));
        }
    }
    return rows;
}

BookingLines selection_lines(const Frame& frame, const core::KioskModel& model,
                             const core::BookingSelection& selection) {
    return {selection.resource_name.empty() ? std::string{frame.t(kind_name(selection.kind))} : selection.resource_name,
            model.site_name, booked_day(frame.language, selection.start),
            booked_hours(frame.language, selection.start, selection.end())};
}

void draw_booking(Frame& frame, const core::KioskModel& model) {
    switch (model.booking.step) {
    case core::BookingStep::kinds: draw_booking_kinds(frame, model); return;
    case core::BookingStep::grid: draw_booking_grid(frame, model); return;
    case core::BookingStep::search: draw_booking_search(frame, model); return;
    case core::BookingStep::length: draw_booking_length(frame, model); return;
    case core::BookingStep::badge: draw_booking_badge(frame, model); return;
    case core::BookingStep::waiting: draw_booking_waiting(frame, model); return;
    case core::BookingStep::result: draw_booking_result(frame, model); return;
    case core::BookingStep::my_bookings: draw_my_bookings(frame, model); return;
    case core::BookingStep::cancel_confirm: draw_cancel_confirm(frame, model); return;
    }
}

void draw_booking_kinds(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const std::string_view mine = frame.t(Msg::home_my_bookings);
    const float mine_w = icon_button_width(frame, mine, ButtonIcon::forward);
    const Box header = draw_booking_header(frame, model, Action::booking_exit, frame.t(Msg::booking_exit),
                                           frame.t(Msg::kinds_title), {}, mine_w);
    icon_button(frame, Action::my_bookings_open, mine, Box{{header.max.x - mine_w, header.min.y}, header.max},
                ButtonKind::secondary, ButtonIcon::forward);

    // Four big tiles: in a row on a wide screen, two by two otherwise.
    constexpr std::array kKinds{wire::ResourceKind::office, wire::ResourceKind::open_space,
                                wire::ResourceKind::meeting_room, wire::ResourceKind::visio_room};
    const Box area{{m.margin, header.max.y + m.margin}, {frame.size.x - m.margin, frame.size.y - m.margin}};
    const bool one_row = area.width() / 4 >= 330 * m.scale && area.width() > area.height() * 1.4F;
    const int columns = one_row ? 4 : 2;
    const int rows = one_row ? 1 : 2;
    const float tile_w = (area.width() - m.gap * static_cast<float>(columns - 1)) / static_cast<float>(columns);
    const float tile_h = std::min((area.height() - m.gap * static_cast<float>(rows - 1)) / static_cast<float>(rows),
                                  tile_w * (one_row ? 1.35F : 1.0F));
    const float top =
        area.min.y + (area.height() - tile_h * static_cast<float>(rows) - m.gap * static_cast<float>(rows - 1)) * 0.35F;
    for (std::size_t i = 0; i < kKinds.size(); ++i) {
        const auto column = static_cast<float>(static_cast<int>(i) % columns);
        const auto row = static_cast<float>(static_cast<int>(i) / columns);
        const Box tile =
            Box::at({area.min.x + column * (tile_w + m.gap), top + row * (tile_h + m.gap)}, {tile_w, tile_h});
        bool held = false;
        touch_target(frame, Command{Action::booking_pick_kind, static_cast<int>(kKinds[i])}, tile, &held);
        const float sink = held ? 3 * m.scale : 0.0F;
        const Box face{{tile.min.x, tile.min.y + sink}, {tile.max.x, tile.max.y + sink}};
        if (!held) {
            frame.fills.rounded_rect(frame.draw, {tile.min.x, tile.min.y + 5 * m.scale},
                                     {tile.max.x, tile.max.y + 5 * m.scale}, c.surface_border, m.corner);
        }
        frame.fills.rounded_rect(frame.draw, face.min, face.max, held ? c.accent_soft : c.surface, m.corner);
        frame.draw.AddRect(face.min, face.max, c.accent, m.corner, 0, 3 * m.scale);

        const ImFont& detail_font = *frame.fonts().body;
        const float inner_w = face.width() - 2 * m.card_padding;
        const std::string_view name = frame.t(kind_name(kKinds[i]));
        // A narrow tile takes the name a size down rather than cut a word ("Open-space").
        const ImFont& name_font =
            words_fit(*frame.fonts().heading, name, inner_w) ? *frame.fonts().heading : *frame.fonts().body_bold;
        const std::string_view detail = frame.t(kind_detail(kKinds[i]));
        const float name_h = text_height(frame, name_font, name, inner_w);
        const float detail_h = text_height(frame, detail_font, detail, inner_w);
        const float mark = std::clamp(face.height() - name_h - detail_h - m.gap * 2 - m.card_padding * 2.5F,
                                      60 * m.scale, 170 * m.scale);
        const float block = mark + m.gap * 1.2F + name_h + m.gap * 0.5F + detail_h;
        float y = face.min.y + std::max(m.card_padding, (face.height() - block) * 0.5F);
        draw_kind_mark(frame.draw, kKinds[i], {face.centre().x, y + mark * 0.5F}, mark, c.accent);
        y += mark + m.gap * 1.2F;
        y += draw_text(frame, name_font, name, {face.min.x + m.card_padding, y}, inner_w, c.text, Align::centre,
                       Wrap::balanced);
        draw_text(frame, detail_font, detail, {face.min.x + m.card_padding, y + m.gap * 0.5F}, inner_w, c.text_muted,
                  Align::centre, Wrap::balanced);
    }
}

void draw_booking_badge(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const core::BookingModel& booking = model.booking;
    Msg title = Msg::badge_book_title;
    Msg detail = Msg::badge_book_detail;
    if (booking.badge_purpose == core::BadgePurpose::my_bookings) {
        title = Msg::badge_my_bookings_title;
        detail = Msg::badge_my_bookings_detail;
    } else if (booking.badge_purpose == core::BadgePurpose::check_in) {
        title = Msg::badge_check_in_title;
        detail = Msg::badge_check_in_detail;
    }
    const Box header = draw_booking_header(frame, model, Action::booking_back, frame.t(Msg::badge_cancel), {}, {});

    // What is being confirmed, beside (landscape) or above (portrait) the badge pictogram.
    std::optional<BookingLines> lines;
    wire::ResourceKind kind = wire::ResourceKind::office;
    if (booking.badge_purpose == core::BadgePurpose::book && booking.selection) {
        lines = selection_lines(frame, model, *booking.selection);
        kind = booking.selection->kind;
    } else if (booking.badge_purpose == core::BadgePurpose::check_in && booking.check_in) {
        const auto* room =
            booking.door.today ? core::find_resource(booking.door.today->data, booking.door.resource_id) : nullptr;
        lines = BookingLines{room ? room->name : std::string{},
                             model.site_name,
                             {},
                             booked_hours(frame.language, booking.check_in->start, booking.check_in->end)};
        kind = room ? room->kind : wire::ResourceKind::meeting_room;
    }
    const Box area{{m.margin, header.max.y + m.margin}, {frame.size.x - m.margin, frame.size.y - m.margin}};
    Box prompt = area;
    if (lines) {
        const bool side = !frame.portrait();
        const float card_w = side ? std::min(area.width() * 0.42F, 700 * m.scale) : area.width();
        const float card_h = booking_card_height(frame, *lines, card_w);
        const Box card = side ? Box::at({area.min.x, area.min.y + (area.height() - card_h) * 0.4F}, {card_w, card_h})
                              : Box::at(area.min, {card_w, card_h});
        draw_booking_card(frame, *lines, kind, card);
        prompt =
            side ? Box{{card.max.x + m.margin, area.min.y}, area.max} : Box{{area.min.x, card.max.y + m.gap}, area.max};
    }
    const ImFont& title_font = *frame.fonts().title;
    const ImFont& detail_font = *frame.fonts().lead;
    const float title_h = text_height(frame, title_font, frame.t(title), prompt.width());
    const float detail_h = text_height(frame, detail_font, frame.t(detail), prompt.width());
    const float picture_h = std::clamp(prompt.height() - title_h - detail_h - m.gap * 4, 120 * m.scale, 420 * m.scale);
    const float block = picture_h + m.gap * 2 + title_h + m.gap + detail_h;
    float y = prompt.min.y + std::max(0.0F, (prompt.height() - block) * 0.45F);
    const Box picture{{prompt.centre().x - picture_h * 0.62F, y},
                      {prompt.centre().x + picture_h * 0.62F, y + picture_h}};
    draw_badge_on_reader(frame.draw, picture, c, model.reader.state != core::ReaderState::unavailable);
    y += picture_h + m.gap * 2;
    y += draw_text(frame, title_font, frame.t(title), {prompt.min.x, y}, prompt.width(), c.text, Align::centre,
                   Wrap::balanced);
    draw_text(frame, detail_font, frame.t(detail), {prompt.min.x, y + m.gap}, prompt.width(), c.text_muted,
              Align::centre, Wrap::balanced);
}

void draw_booking_waiting(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const float top = draw_top_bar(frame, model);
    Msg detail = Msg::waiting_booking;
    if (model.booking.step == core::BookingStep::waiting) {
        if (model.booking.cancelling) {
            detail = Msg::waiting_cancel;
        } else if (model.booking.badge_purpose == core::BadgePurpose::my_bookings) {
            detail = Msg::waiting_my_bookings;
        } else if (model.booking.badge_purpose == core::BadgePurpose::check_in) {
            detail = Msg::waiting_check_in;
        }
    }
    draw_waiting_block(frame, Box{{m.margin, top}, {frame.size.x - m.margin, frame.size.y}},
                       frame.t(Msg::checking_title), frame.t(detail));
}

} // namespace telecentre::ui
