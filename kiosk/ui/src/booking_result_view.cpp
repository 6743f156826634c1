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
    const bool suggested = outcome.error && outcome.error->suggestion;
    if (outcome.asked && about_booking && !suggested &&
        (outcome.kind == core::OutcomeKind::confirmed || outcome.kind == core::OutcomeKind::pending ||
         outcome.kind == core::OutcomeKind::refused || outcome.kind == core::OutcomeKind::failed)) {
        return std::pair{selection_lines(frame, model, *outcome.asked), outcome.asked->kind};
    }
    return std::nullopt;
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
                  {column.min.x, column.max.y - frame.fonts().small->FontSize}, column.width() - done_w - m.gap,
                  c.text_muted);
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

    if (const auto card = outcome_card(frame, model)) {
        const float h = booking_card_height(frame, card->first, column.width());
        draw_booking_card(frame, card->first, card->second, Box::at({column.min.x, y}, {column.width(), h}));
        y += h + m.gap;
    }

    // slot_taken: the nearest free slot, one touch away (the same badge books it).
    if (outcome.error && outcome.error->suggestion && booking.badge_purpose == core::BadgePurpose::book &&
        !booking.badge_uid.empty()) {
        const wire::SlotSuggestion& suggestion = *outcome.error->suggestion;
        std::string name = outcome.asked ? outcome.asked->resource_name : std::string{};
        wire::ResourceKind kind = outcome.asked ? outcome.asked->kind : wire::ResourceKind::office;
        if (booking.availability) {
            if (const auto* other = core::find_resource(booking.availability->data, suggestion.resource_id)) {
                name = other->name;
                kind = other->kind;
            }
        }
        y += draw_text(frame, *frame.fonts().body_bold, frame.t(Msg::outcome_suggestion), {column.min.x, y},
                       column.width(), c.text) +
             m.gap * 0.5F;
        const BookingLines lines{name,
                                 {},
                                 booked_day(frame.language, suggestion.start),
                                 booked_hours(frame.language, suggestion.start, suggestion.end)};
        const std::string_view take = frame.t(Msg::outcome_take_suggestion);
        const float take_w = button_width(frame, take);
        const bool beside = column.width() - take_w - m.gap > 520 * m.scale;
        const float card_w = beside ? column.width() - take_w - m.gap : column.width();
        const float card_h = std::max(booking_card_height(frame, lines, card_w), beside ? m.button_height : 0.0F);
        draw_booking_card(frame, lines, kind, Box::at({column.min.x, y}, {card_w, card_h}));
        const Box take_box =
            beside ? Box::at({column.max.x - take_w, y + (card_h - m.button_height) * 0.5F}, {take_w, m.button_height})
                   : Box::at({column.max.x - take_w, y + card_h + m.gap}, {take_w, m.button_height});
        touch_button(frame, Action::booking_take_suggestion, take, take_box, ButtonKind::primary);
    }
}

} // namespace telecentre::ui
