// The outcome of a booking (confirmed, pending offline, refused with its reason in plain words,
// not recorded), of a look-up of one's bookings, or of "I am here". A refused slot_taken offers the
// backend's suggestion, booked with one touch.

#include "booking_views.hpp"
#include "booking_widgets.hpp"
#include "pictograms.hpp"

#include <algorithm>

namespace telecentre::ui {
namespace {

enum class Icon { success, notice, alert };

struct OutcomeTexts {
    Msg title = Msg::outcome_confirmed_title;
    std::optional<Msg> text;
    Icon icon = Icon::success;
};

OutcomeTexts texts_for(const core::BookingModel& booking) {
    const core::BookingOutcome& outcome = *booking.outcome;
    const core::BadgePurpose purpose = booking.badge_purpose;
    const auto refusal = outcome.error ? std::optional{refusal_text(outcome.error->reason)} : std::nullopt;
    if (outcome.made_offline) {
        switch (outcome.kind) {
        case core::OutcomeKind::confirmed: return {Msg::news_confirmed_title, Msg::news_confirmed_text, Icon::success};
        case core::OutcomeKind::refused: {
            const bool taken = outcome.error && outcome.error->reason == wire::BookingRefusal::slot_taken;
            return {Msg::news_refused_title, taken ? std::optional{Msg::news_slot_taken_text} : refusal, Icon::alert};
        }
        default: return {Msg::news_failed_title, Msg::news_failed_text, Icon::alert};
        }
    }
    switch (outcome.kind) {
    case core::OutcomeKind::confirmed: return {Msg::outcome_confirmed_title, std::nullopt, Icon::success};
    case core::OutcomeKind::pending: return {Msg::outcome_pending_title, Msg::outcome_pending_text, Icon::notice};
    case core::OutcomeKind::refused:
        if (purpose == core::BadgePurpose::my_bookings) {
            return {Msg::outcome_lookup_refused_title, refusal, Icon::alert};
        }
        if (purpose == core::BadgePurpose::check_in) {
            return {Msg::outcome_check_in_refused_title, refusal, Icon::alert};
        }
        return {Msg::outcome_refused_title, refusal, Icon::alert};
    case core::OutcomeKind::failed:
        if (purpose == core::BadgePurpose::check_in) {
            return {Msg::outcome_check_in_refused_title, Msg::outcome_check_in_failed_text, Icon::alert};
        }
        return {Msg::outcome_failed_title, Msg::outcome_failed_text, Icon::alert};
    case core::OutcomeKind::unavailable:
        return {Msg::outcome_unavailable_title, Msg::outcome_unavailable_text, Icon::notice};
    case core::OutcomeKind::checked_in:
        return {Msg::outcome_checked_in_title, Msg::outcome_checked_in_text, Icon::success};
    case core::OutcomeKind::cancelled:
    case core::OutcomeKind::cancel_pending: break; // shown on the bookings list instead
    }
    return {Msg::outcome_failed_title, Msg::outcome_failed_text, Icon::alert};
}

// What the card shows: the booking as confirmed, or as asked.
std::optional<std::pair<BookingLines, wire::ResourceKind>> outcome_card(const Frame& frame,
                                                                        const core::KioskModel& model) {
    const core::BookingOutcome& outcome = *model.booking.outcome;
    if (outcome.kind == core::OutcomeKind::confirmed && outcome.booking &&
        outcome.booking->end > outcome.booking->start) {
        const wire::Booking& made = *outcome.booking;
        return std::pair{BookingLines{made.resource_name, model.site_name, booked_day(frame.language, made.start),
                                      booked_hours(frame.language, made.start, made.end)},
                         made.kind};
    }
    const bool about_booking = model.booking.badge_purpose == core::BadgePurpose::book;
    // A booking made offline is always shown as asked: it is what the member remembers.
    const bool suggested = outcome.error && outcome.error->suggestion && !outcome.made_offline;
    if (outcome.asked && about_booking && !suggested &&
        (outcome.kind == core::OutcomeKind::confirmed || outcome.kind == core::OutcomeKind::pending ||
         outcome.kind == core::OutcomeKind::refused || outcome.kind == core::OutcomeKind::failed)) {
        return std::pair{selection_lines(frame, model, *outcome.asked), outcome.asked->kind};
    }
    return std::nullopt;
}

// The backend's suggestion after slot_taken, and (`with_button`) the button that books it with the
// same badge, beside the card when there is room, else under it.
void draw_suggestion(Frame& frame, const core::KioskModel& model, const Box& area, bool with_button) {
    const Metrics& m = frame.sizes();
    const core::BookingOutcome& outcome = *model.booking.outcome;
    const wire::SlotSuggestion& suggestion = *outcome.error->suggestion;
    std::string name = !suggestion.resource_name.empty() ? suggestion.resource_name
                       : outcome.asked                   ? outcome.asked->resource_name
                                                         : std::string{};
    wire::ResourceKind kind = outcome.asked ? outcome.asked->kind : wire::ResourceKind::office;
    if (model.booking.availability) {
        if (const auto* other = core::find_resource(model.booking.availability->data, suggestion.resource_id)) {
            name = other->name;
            kind = other->kind;
        }
    }
    float y = area.min.y;
    y += draw_text(frame, *frame.fonts().body_bold, frame.t(Msg::outcome_suggestion), {area.min.x, y}, area.width(),
                   frame.colours().text) +
         m.gap * 0.5F;
    const BookingLines lines{name,
                             {},
                             booked_day(frame.language, suggestion.start),
                             booked_hours(frame.language, suggestion.start, suggestion.end)};
    const std::string_view take = frame.t(Msg::outcome_take_suggestion);
    const float take_w = with_button ? std::min(button_width(frame, take), area.width()) : 0.0F;
    const bool beside = with_button && area.width() - take_w - m.gap > 520 * m.scale;
    const float card_w = beside ? area.width() - take_w - m.gap : area.width();
    const float card_h = std::max(booking_card_height(frame, lines, card_w), beside ? m.button_height : 0.0F);
    draw_booking_card(frame, lines, kind, Box::at({area.min.x, y}, {card_w, card_h}));
    if (!with_button) {
        return;
    }
    const Box take_box =
        beside ? Box::at({area.max.x - take_w, y + (card_h - m.button_height) * 0.5F}, {take_w, m.button_height})
               : Box::at({area.max.x - take_w, y + card_h + m.gap}, {take_w, m.button_height});
    touch_button(frame, Action::booking_take_suggestion, take, take_box, ButtonKind::primary);
}

} // namespace

void draw_booking_result(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float top = draw_top_bar(frame, model);
    const core::BookingModel& booking = model.booking;
    if (!booking.outcome) {
        return;
    }
    const core::BookingOutcome& outcome = *booking.outcome;
    const OutcomeTexts texts = texts_for(booking);
    const float width = std::min(frame.size.x - 2 * m.margin, 1320 * m.scale);
    const Box column{{(frame.size.x - width) * 0.5F, top + m.margin},
                     {(frame.size.x + width) * 0.5F, frame.size.y - m.margin}};

    // The buttons at the bottom: "choose another slot" after a refusal, and always "Done".
    const std::string_view done = frame.t(Msg::result_done);
    const float done_w = button_width(frame, done);
    const float buttons_top = column.max.y - m.button_height;
    // With a suggestion to book, that is the one main action; "Done" steps back.
    const bool suggests = outcome.error && outcome.error->suggestion && !booking.badge_uid.empty() &&
                          booking.badge_purpose == core::BadgePurpose::book;
    touch_button(frame, Action::booking_exit, done,
                 Box{{column.max.x - done_w, buttons_top}, {column.max.x, column.max.y}},
                 suggests ? ButtonKind::secondary : ButtonKind::primary);
    // News of a booking made offline: what was asked and the slot offered instead, side by side
    // when the screen is wide enough, and "book this slot" beside "Done", so that all fits.
    const auto card = outcome_card(frame, model);
    const float half = (column.width() - m.gap * 2) * 0.5F;
    const bool side_by_side = card && suggests && outcome.made_offline && half >= 560 * m.scale;
    float take_w = 0;
    if (side_by_side) {
        const std::string_view take = frame.t(Msg::outcome_take_suggestion);
        take_w = button_width(frame, take);
        touch_button(frame, Action::booking_take_suggestion, take,
                     Box::at({column.max.x - done_w - m.gap - take_w, buttons_top}, {take_w, m.button_height}),
                     ButtonKind::primary);
        take_w += m.gap;
    }
    if (outcome.kind == core::OutcomeKind::refused && booking.badge_purpose == core::BadgePurpose::book &&
        booking.kind) {
        const std::string_view other = frame.t(Msg::outcome_other_slot);
        const float other_w =
            std::min(icon_button_width(frame, other, ButtonIcon::back), column.width() - done_w - m.gap);
        icon_button(frame, Action::booking_back, other,
                    Box{{column.min.x, buttons_top}, {column.min.x + other_w, column.max.y}}, ButtonKind::secondary,
                    ButtonIcon::back);
    } else {
        draw_text(frame, *frame.fonts().small, frame.t(Msg::result_auto_return),
                  {column.min.x, column.max.y - frame.fonts().small->FontSize},
                  column.width() - done_w - m.gap - take_w, c.text_muted);
    }

    // Icon, title and sentence.
    const float radius = m.icon_large * 0.5F;
    const float text_x = column.min.x + radius * 2 + m.gap * 1.2F;
    const float text_w = column.max.x - text_x;
    const ImFont& title_font = *frame.fonts().title;
    const ImFont& lead_font = *frame.fonts().lead;
    const std::string_view title = frame.t(texts.title);
    const std::string_view sentence = texts.text ? frame.t(*texts.text) : std::string_view{};
    const float title_h = text_height(frame, title_font, title, text_w);
    const float sentence_h = sentence.empty() ? 0.0F : m.gap * 0.5F + text_height(frame, lead_font, sentence, text_w);
    const float header_h = std::max(radius * 2, title_h + sentence_h);
    float y = column.min.y;
    const ImVec2 icon_centre{column.min.x + radius, y + header_h * 0.5F};
    switch (texts.icon) {
    case Icon::success: draw_arrival_icon(frame.draw, icon_centre, radius, c.success, c.on_accent); break;
    case Icon::notice: draw_info_icon(frame.draw, icon_centre, radius, c.notice, c.on_accent); break;
    case Icon::alert: draw_alert_icon(frame.draw, icon_centre, radius, c.alert, c.on_accent); break;
    }
    const float text_top = y + (header_h - title_h - sentence_h) * 0.5F;
    draw_text(frame, title_font, title, {text_x, text_top}, text_w, c.text, Align::left, Wrap::balanced);
    if (!sentence.empty()) {
        draw_text(frame, lead_font, sentence, {text_x, text_top + title_h + m.gap * 0.5F}, text_w, c.text);
    }
    y += header_h + m.margin;

    if (side_by_side) {
        const float label_h = draw_text(frame, *frame.fonts().body_bold, frame.t(Msg::news_your_booking),
                                        {column.min.x, y}, half, c.text) +
                              m.gap * 0.5F;
        BookingLines lines = card->first;
        lines.site.clear(); // the top bar names the site
        const float h = booking_card_height(frame, lines, half);
        draw_booking_card(frame, lines, card->second, Box::at({column.min.x, y + label_h}, {half, h}));
        draw_suggestion(frame, model, Box{{column.max.x - half, y}, {column.max.x, buttons_top - m.gap}}, false);
        return;
    }
    if (card) {
        const float h = booking_card_height(frame, card->first, column.width());
        draw_booking_card(frame, card->first, card->second, Box::at({column.min.x, y}, {column.width(), h}));
        y += h + m.gap;
    }
    // slot_taken: the nearest free slot, one touch away (the same badge books it).
    if (suggests) {
        draw_suggestion(frame, model, Box{{column.min.x, y}, {column.max.x, buttons_top - m.gap}}, true);
    }
}

} // namespace telecentre::ui
