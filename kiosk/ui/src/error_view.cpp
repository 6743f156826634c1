// Errors: what happened, in plain words, what to do about it, and one way back.

#include "pictograms.hpp"
#include "telecentre/ui/text_format.hpp"
#include "views.hpp"

#include <algorithm>

namespace telecentre::ui {
namespace {

enum class ErrorIcon { alert, notice, info };

struct ErrorTexts {
    Msg title;
    std::string explanation;
    Msg todo;
    ErrorIcon icon;
};

ErrorTexts texts_for(core::Language language, core::ErrorKind kind, const std::optional<core::CheckinResult>& result) {
    const std::string name = result ? result->first_name : std::string{};
    const std::optional<std::string> expired_on =
        result && result->pass_valid_until
            ? std::optional{format_date(language, std::chrono::year_month_day{*result->pass_valid_until})}
            : std::nullopt;
    // The plain explanation, addressed to the member by name when the badge told us who they are.
    const auto explain = [&](Msg plain, Msg named) {
        return name.empty() ? std::string{text(language, plain)} : format(language, named, {name});
    };
    switch (kind) {
    case core::ErrorKind::unknown_badge:
        return {Msg::error_unknown_badge_title, std::string{text(language, Msg::error_unknown_badge_text)},
                Msg::error_unknown_badge_todo, ErrorIcon::alert};
    case core::ErrorKind::badge_revoked:
        return {Msg::error_badge_revoked_title,
                explain(Msg::error_badge_revoked_text, Msg::error_badge_revoked_text_named),
                Msg::error_badge_revoked_todo, ErrorIcon::alert};
    case core::ErrorKind::pass_expired: {
        std::string explanation;
        if (expired_on) {
            explanation = name.empty() ? format(language, Msg::error_pass_expired_text_on, {*expired_on})
                                       : format(language, Msg::error_pass_expired_text_named_on, {name, *expired_on});
        } else {
            explanation = explain(Msg::error_pass_expired_text, Msg::error_pass_expired_text_named);
        }
        return {Msg::error_pass_expired_title, std::move(explanation), Msg::error_pass_expired_todo, ErrorIcon::alert};
    }
    case core::ErrorKind::pass_suspended:
        return {Msg::error_pass_suspended_title,
                explain(Msg::error_pass_suspended_text, Msg::error_pass_suspended_text_named),
                Msg::error_pass_suspended_todo, ErrorIcon::alert};
    case core::ErrorKind::reader_unavailable: break;
    case core::ErrorKind::offline_unknown:
        return {Msg::error_offline_unknown_title, std::string{text(language, Msg::error_offline_unknown_text)},
                Msg::error_offline_unknown_todo, ErrorIcon::info};
    case core::ErrorKind::storage_failure:
        return {Msg::error_storage_failure_title, std::string{text(language, Msg::error_storage_failure_text)},
                Msg::error_storage_failure_todo, ErrorIcon::alert};
    }
    return {Msg::error_reader_unavailable_title, std::string{text(language, Msg::error_reader_unavailable_text)},
            Msg::error_reader_unavailable_todo, ErrorIcon::notice};
}

} // namespace

void draw_error(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float top = draw_top_bar(frame, model);
    // Without a kind (it should not happen) the kiosk still says something useful: try again.
    const ErrorTexts texts =
        texts_for(frame.language, model.error.value_or(core::ErrorKind::reader_unavailable), model.result);

    const float width = std::min(frame.size.x - 2 * m.margin, 1320 * m.scale);
    const float x = (frame.size.x - width) * 0.5F;
    const ImFont& title_font = *frame.fonts().title;
    const ImFont& lead_font = *frame.fonts().lead;
    const ImFont& todo_font = *frame.fonts().body;
    const std::string_view title = frame.t(texts.title);
    const std::string_view todo = frame.t(texts.todo);
    const std::string_view back = frame.t(Msg::error_back);

    // Measure the whole block first, to centre it between the top bar and the bottom of the screen.
    const float radius = m.icon_large * 0.5F;
    const float mark = todo_font.FontSize * 1.1F;
    const float todo_text_x = x + m.card_padding + mark + m.gap * 0.7F;
    const float todo_text_w = width - (todo_text_x - x) - m.card_padding;
    const float title_h = text_height(frame, title_font, title, width);
    const float lead_h = text_height(frame, lead_font, texts.explanation, width);
    const float todo_h = text_height(frame, todo_font, todo, todo_text_w) + 2 * m.card_padding * 0.8F;
    const float block =
        radius * 2 + m.gap * 1.2F + title_h + m.gap + lead_h + m.gap * 1.6F + todo_h + m.margin + m.button_height;
    float y = top + std::max(m.margin * 0.6F, (frame.size.y - top - block) * 0.5F);

    const ImVec2 icon_centre{frame.size.x * 0.5F, y + radius};
    switch (texts.icon) {
    case ErrorIcon::alert: draw_alert_icon(frame.draw, icon_centre, radius, c.alert, c.on_accent); break;
    case ErrorIcon::notice: draw_alert_icon(frame.draw, icon_centre, radius, c.notice, c.on_accent); break;
    case ErrorIcon::info: draw_info_icon(frame.draw, icon_centre, radius, c.accent, c.on_accent); break;
    }
    y += radius * 2 + m.gap * 1.2F;
    y += draw_text(frame, title_font, title, {x, y}, width, c.text, Align::centre, Wrap::balanced) + m.gap;
    y += draw_text(frame, lead_font, texts.explanation, {x, y}, width, c.text, Align::centre, Wrap::balanced) +
         m.gap * 1.6F;

    // What to do, in a tinted panel led by an arrow.
    frame.fills.rounded_rect(frame.draw, {x, y}, {x + width, y + todo_h}, c.accent_soft, m.corner);
    const float todo_top = y + m.card_padding * 0.8F;
    draw_arrow_mark(frame.draw, {x + m.card_padding + mark * 0.5F, todo_top + todo_font.FontSize * 0.55F}, mark,
                    c.accent);
    draw_text(frame, todo_font, todo, {todo_text_x, todo_top}, todo_text_w, c.text, Align::left, Wrap::balanced);
    y += todo_h + m.margin;

    const float back_w = button_width(frame, back);
    touch_button(frame, Action::go_home, back,
                 Box{{(frame.size.x - back_w) * 0.5F, y}, {(frame.size.x + back_w) * 0.5F, y + m.button_height}},
                 ButtonKind::primary);
}

} // namespace telecentre::ui
