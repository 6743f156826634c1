// Check-in result: who was greeted, arriving or leaving, their pass, their time today and their
// bookings for the rest of the day. The controller brings the kiosk home by itself; "Done" is for
// those who want the screen back now.

#include "pictograms.hpp"
#include "telecentre/ui/text_format.hpp"
#include "telecentre/wire/local_time.hpp"
#include "views.hpp"

#include <algorithm>
#include <functional>
#include <optional>

namespace telecentre::ui {
namespace {

enum class CardMark { pass, clock, calendar };

// A card row: one value across the card, or a time and what it is for (bookings).
struct CardRow {
    std::string value;
    std::string detail;
    bool quiet = false; // an absence ("no bookings today"): plain type, muted
};

struct CardSpec {
    CardMark mark = CardMark::pass;
    Msg heading = Msg::pass_heading;
    std::vector<CardRow> rows;
};

std::optional<std::string> pass_text(core::Language language, const core::CheckinResult& result) {
    if (!result.pass_state) {
        return std::nullopt;
    }
    const std::optional<std::string> until =
        result.pass_valid_until
            ? std::optional{format_date(language, std::chrono::year_month_day{*result.pass_valid_until})}
            : std::nullopt;
    const auto with_date = [&](Msg dated, Msg plain) {
        return until ? format(language, dated, {*until}) : std::string{text(language, plain)};
    };
    switch (*result.pass_state) {
    case wire::PassState::free_period: return with_date(Msg::pass_free_until, Msg::pass_free);
    case wire::PassState::active: return with_date(Msg::pass_active_until, Msg::pass_active);
    case wire::PassState::expired: return with_date(Msg::pass_expired_on, Msg::pass_expired);
    case wire::PassState::suspended: return std::string{text(language, Msg::pass_suspended)};
    }
    return std::nullopt;
}

float row_time_width(const Frame& frame, const CardSpec& card) {
    float widest = 0;
    for (const CardRow& row : card.rows) {
        if (!row.detail.empty()) {
            widest = std::max(widest, text_width(*frame.fonts().body_bold, row.value));
        }
    }
    return widest;
}

// Lays out (and, when `draw` is set, draws) a card's content; returns the card's height.
float layout_card(Frame& frame, const CardSpec& card, const Box& box, bool draw) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float inner_x = box.min.x + m.card_padding;
    const float inner_w = box.width() - 2 * m.card_padding;
    float y = box.min.y + m.card_padding;

    const ImFont& heading_font = *frame.fonts().body_bold;
    const float mark = heading_font.FontSize * 1.1F;
    if (draw) {
        const ImVec2 mark_centre{inner_x + mark * 0.5F, y + heading_font.FontSize * 0.5F};
        switch (card.mark) {
        case CardMark::pass: draw_pass_mark(frame.draw, mark_centre, mark, c.accent); break;
        case CardMark::clock: draw_clock_mark(frame.draw, mark_centre, mark, c.accent); break;
        case CardMark::calendar: draw_calendar_mark(frame.draw, mark_centre, mark, c.accent); break;
        }
        draw_text(frame, heading_font, frame.t(card.heading), {inner_x + mark + m.gap * 0.6F, y},
                  inner_w - mark - m.gap * 0.6F, c.text_muted);
    }
    y += text_height(frame, heading_font, frame.t(card.heading), inner_w - mark - m.gap * 0.6F) + m.gap * 0.8F;

    const float time_w = row_time_width(frame, card);
    for (std::size_t i = 0; i < card.rows.size(); ++i) {
        const CardRow& row = card.rows[i];
        if (i > 0) {
            y += m.gap * 0.5F;
        }
        if (row.detail.empty()) {
            const ImFont& font = row.quiet ? *frame.fonts().lead : *frame.fonts().heading;
            if (draw) {
                draw_text(frame, font, row.value, {inner_x, y}, inner_w, row.quiet ? c.text_muted : c.text, Align::left,
                          Wrap::balanced);
            }
            y += text_height(frame, font, row.value, inner_w);
            continue;
        }
        // Time on the left in bold, what it is for on the right; the name wraps if it must.
        const ImFont& time_font = *frame.fonts().body_bold;
        const ImFont& name_font = *frame.fonts().body;
        const float name_x = inner_x + time_w + m.gap;
        const float name_w = std::max(1.0F, inner_w - time_w - m.gap);
        if (draw) {
            draw_text(frame, time_font, row.value, {inner_x, y}, time_w + 1, c.text);
            draw_text(frame, name_font, row.detail, {name_x, y}, name_w, c.text);
        }
        y += std::max(time_font.FontSize, text_height(frame, name_font, row.detail, name_w));
    }
    return y + m.card_padding - box.min.y;
}

float card_height(Frame& frame, const CardSpec& card, float width) {
    return layout_card(frame, card, Box{{0, 0}, {width, 0}}, false);
}

void draw_card_at(Frame& frame, const CardSpec& card, const Box& box) {
    draw_card(frame, box, frame.colours().surface);
    layout_card(frame, card, box, true);
}

std::optional<CardSpec> bookings_card(Frame& frame, const core::CheckinResult& result, std::size_t max_rows) {
    const bool offline = result.source == core::DecisionSource::offline_cache;
    // Offline, an empty list means "not known", not "none": say nothing rather than something wrong.
    if (result.bookings_today.empty() && offline) {
        return std::nullopt;
    }
    CardSpec card{.mark = CardMark::calendar, .heading = Msg::bookings_heading, .rows = {}};
    if (result.bookings_today.empty()) {
        card.rows.push_back({std::string{frame.t(Msg::bookings_none)}, {}, true});
        return card;
    }
    std::vector<wire::BookingSummary> bookings = result.bookings_today;
    std::ranges::sort(bookings, {}, &wire::BookingSummary::start);
    const std::size_t shown = std::min(bookings.size(), std::max<std::size_t>(1, max_rows));
    for (std::size_t i = 0; i < shown; ++i) {
        const wire::BookingSummary& booking = bookings[i];
        card.rows.push_back(
            {format_time_range(frame.language, wire::to_paris(booking.start), wire::to_paris(booking.end)),
             booking.resource_name});
    }
    const std::size_t hidden = bookings.size() - shown;
    if (hidden == 1) {
        card.rows.push_back({{}, std::string{frame.t(Msg::bookings_more_one)}});
    } else if (hidden > 1) {
        card.rows.push_back({{}, format(frame.language, Msg::bookings_more_many, {std::to_string(hidden)})});
    }
    return card;
}

// Greeting, with the time the arrival or departure was recorded. Returns its height; draws only
// when `draw` is set.
float layout_header(Frame& frame, const core::KioskModel& model, const core::CheckinResult& result, const Box& column,
                    bool draw) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const bool leaving = result.outcome == wire::CheckinOutcome::checked_out;
    const bool named = !result.first_name.empty();
    const std::string greeting = leaving ? (named ? format(frame.language, Msg::greeting_out_named, {result.first_name})
                                                  : std::string{frame.t(Msg::greeting_out)})
                                         : (named ? format(frame.language, Msg::greeting_in_named, {result.first_name})
                                                  : std::string{frame.t(Msg::greeting_in)});
    const core::TimePoint when = model.screen_since.time_since_epoch().count() != 0 ? model.screen_since : model.now;
    const std::string at = format_time(frame.language, wire::to_paris(std::chrono::floor<std::chrono::seconds>(when)));
    const std::optional<std::string> recorded =
        result.outcome == wire::CheckinOutcome::refused
            ? std::nullopt
            : std::optional{format(frame.language, leaving ? Msg::checked_out_at : Msg::checked_in_at, {at})};

    const float radius = m.icon_large * 0.5F;
    const float text_x = column.min.x + radius * 2 + m.gap * 1.2F;
    const float text_w = column.max.x - text_x;
    const ImFont& title_font = *frame.fonts().title;
    const ImFont& lead_font = *frame.fonts().lead;
    const float title_h = text_height(frame, title_font, greeting, text_w);
    const float lead_h = recorded ? m.gap * 0.5F + text_height(frame, lead_font, *recorded, text_w) : 0.0F;
    const float block = std::max(radius * 2, title_h + lead_h);
    const float text_top = column.min.y + (block - title_h - lead_h) * 0.5F;
    if (!draw) {
        return block;
    }

    const ImVec2 icon_centre{column.min.x + radius, column.min.y + block * 0.5F};
    if (leaving) {
        draw_departure_icon(frame.draw, icon_centre, radius, c.departure, c.on_accent);
    } else {
        draw_arrival_icon(frame.draw, icon_centre, radius, c.success, c.on_accent);
    }
    draw_text(frame, title_font, greeting, {text_x, text_top}, text_w, c.text, Align::left, Wrap::balanced);
    if (recorded) {
        draw_text(frame, lead_font, *recorded, {text_x, text_top + title_h + m.gap * 0.5F}, text_w, c.text_muted);
    }
    return block;
}

// The footer: the "Done" button on the right; on the left the offline note and the auto-return hint.
void draw_footer(Frame& frame, const core::CheckinResult& result, const Box& column, float button_top) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const std::string_view done = frame.t(Msg::result_done);
    const float done_w = button_width(frame, done);
    touch_button(frame, Action::go_home, done,
                 Box{{column.max.x - done_w, button_top}, {column.max.x, button_top + m.button_height}},
                 ButtonKind::primary);

    const ImFont& font = *frame.fonts().small;
    const float text_w = column.width() - done_w - m.gap * 2;
    float y = button_top + m.button_height - font.FontSize;
    draw_text(frame, font, frame.t(Msg::result_auto_return), {column.min.x, y}, text_w, c.text_muted);
    if (result.source == core::DecisionSource::offline_cache) {
        const float mark = font.FontSize * 0.36F;
        const float note_h = text_height(frame, font, frame.t(Msg::offline_decision), text_w - mark * 2 - m.gap * 0.5F);
        y -= note_h + m.gap * 0.6F;
        draw_connection_mark(frame.draw, {column.min.x + mark, y + font.FontSize * 0.55F}, mark,
                             core::Connection::offline, c.notice);
        draw_text(frame, font, frame.t(Msg::offline_decision), {column.min.x + mark * 2 + m.gap * 0.5F, y},
                  text_w - mark * 2 - m.gap * 0.5F, c.notice);
    }
}

} // namespace

void draw_result(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const float top = draw_top_bar(frame, model);
    const core::CheckinResult result = model.result.value_or(core::CheckinResult{});

    const float width = std::min(frame.size.x - 2 * m.margin, m.content_max_width);
    const Box column{{(frame.size.x - width) * 0.5F, top + m.margin},
                     {(frame.size.x + width) * 0.5F, frame.size.y - m.margin}};
    const float button_top = column.max.y - m.button_height;
    draw_footer(frame, result, column, button_top);

    std::vector<CardSpec> side;
    if (auto pass = pass_text(frame.language, result)) {
        side.push_back({.mark = CardMark::pass, .heading = Msg::pass_heading, .rows = {{std::move(*pass), {}}}});
    }
    // Time spent today: unknown offline, and nothing worth saying before the first minute.
    if (result.minutes_today && *result.minutes_today > 0) {
        const std::string spent = format_duration(frame.language, std::chrono::minutes{*result.minutes_today});
        side.push_back({.mark = CardMark::clock,
                        .heading = Msg::time_heading,
                        .rows = {{format(frame.language, Msg::hours_today, {spent}), {}}}});
    }

    const float header_h = layout_header(frame, model, result, column, false);
    const float cards_top = column.min.y + header_h + m.margin;
    const float cards_room = button_top - m.margin - cards_top;

    // Landscape without bookings to show (offline): the cards side by side, of equal height.
    const bool any_bookings = bookings_card(frame, result, 1).has_value();
    if (!frame.portrait() && !any_bookings) {
        layout_header(frame, model, result, column, true);
        const auto count = static_cast<float>(side.size());
        const float card_w = (width - m.gap * (count - 1)) / std::max(1.0F, count);
        float card_h = 0;
        for (const CardSpec& card : side) {
            card_h = std::max(card_h, card_height(frame, card, card_w));
        }
        float x = column.min.x;
        for (const CardSpec& card : side) {
            draw_card_at(frame, card, Box{{x, cards_top}, {x + card_w, cards_top + card_h}});
            x += card_w + m.gap;
        }
        return;
    }

    // Landscape: pass and time on the left, bookings on the right. Portrait: one column.
    const bool two_columns = !frame.portrait() && !side.empty();
    const float side_w = two_columns ? (width - m.gap) * 0.5F : width;
    const float main_w = two_columns ? width - side_w - m.gap : width;
    float side_h = 0;
    for (const CardSpec& card : side) {
        side_h += card_height(frame, card, side_w) + m.gap;
    }

    // Show as many bookings as fit; the rest are counted.
    std::size_t max_rows = result.bookings_today.size();
    std::optional<CardSpec> bookings = bookings_card(frame, result, max_rows);
    const float bookings_room = two_columns ? cards_room : cards_room - side_h;
    while (bookings && max_rows > 1 && card_height(frame, *bookings, main_w) > bookings_room) {
        --max_rows;
        bookings = bookings_card(frame, result, max_rows);
    }
    const float bookings_h = bookings ? card_height(frame, *bookings, main_w) : 0.0F;
    const float cards_h =
        two_columns ? std::max(side_h - m.gap, bookings_h) : side_h + bookings_h - (bookings ? 0.0F : m.gap);

    // A tall portrait screen would leave the content hanging from the top: centre it a little.
    const float spare = cards_room - std::max(0.0F, cards_h);
    const float shift = frame.portrait() ? std::max(0.0F, spare * 0.25F) : 0.0F;

    layout_header(frame, model, result, Box{{column.min.x, column.min.y + shift}, column.max}, true);
    float side_y = cards_top + shift;
    for (const CardSpec& card : side) {
        const float h = card_height(frame, card, side_w);
        draw_card_at(frame, card, Box{{column.min.x, side_y}, {column.min.x + side_w, side_y + h}});
        side_y += h + m.gap;
    }
    if (bookings) {
        const float x = two_columns ? column.min.x + side_w + m.gap : column.min.x;
        const float y = two_columns ? cards_top + shift : side_y;
        draw_card_at(frame, *bookings, Box{{x, y}, {x + main_w, y + bookings_h}});
    }
}

} // namespace telecentre::ui
