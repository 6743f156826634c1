// Pieces the call and conference screens share (call_widgets.hpp).

#include "call_widgets.hpp"

#include "pictograms.hpp"

#include <algorithm>

namespace telecentre::ui {

Column column(const Frame& frame, float top, float max_width) {
    const Metrics& m = frame.sizes();
    const float width = std::min(frame.size.x - 2 * m.margin, max_width * m.scale);
    return {(frame.size.x - width) * 0.5F, width, top + m.margin * 0.6F, frame.size.y - m.margin * 0.6F};
}

// A video tile: the picture, whole and centred on a dark ground; until there is one, a word in
// its middle.
void draw_video_tile(Frame& frame, const Box& box, std::string_view label, const VideoPicture& picture) {
    const Metrics& m = frame.sizes();
    frame.fills.rounded_rect(frame.draw, box.min, box.max, IM_COL32(28, 34, 38, 255), m.corner);
    if (picture.texture != nullptr && picture.width > 0 && picture.height > 0) {
        const float scale = std::min(box.width() / static_cast<float>(picture.width),
                                     box.height() / static_cast<float>(picture.height));
        const ImVec2 size{static_cast<float>(picture.width) * scale, static_cast<float>(picture.height) * scale};
        const ImVec2 at{box.centre().x - size.x * 0.5F, box.centre().y - size.y * 0.5F};
        frame.fills.image(frame.draw, at, {at.x + size.x, at.y + size.y}, picture.texture);
        return;
    }
    const ImFont& font = *frame.fonts().body_bold;
    const float w = std::min(box.width() - 2 * m.gap, text_width(font, label) + 2);
    draw_text(frame, font, fit_text(font, label, w), {box.centre().x - w * 0.5F, box.centre().y - font.FontSize * 0.6F},
              w + 1, IM_COL32(220, 226, 228, 255));
}

// The title and its sentence, with an icon on the left; returns the height used.
float draw_heading(Frame& frame, Mark mark, std::string_view title, std::string_view sentence, ImVec2 at, float width) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float radius = mark == Mark::none ? 0.0F : m.icon_large * 0.4F;
    const float text_x = at.x + (mark == Mark::none ? 0.0F : radius * 2 + m.gap);
    const float text_w = at.x + width - text_x;
    const ImFont& title_font = *frame.fonts().title;
    const ImFont& lead_font = *frame.fonts().lead;
    const float title_h = text_height(frame, title_font, title, text_w);
    const float sentence_h = sentence.empty() ? 0.0F : m.gap * 0.4F + text_height(frame, lead_font, sentence, text_w);
    const float height = std::max(radius * 2, title_h + sentence_h);
    const ImVec2 centre{at.x + radius, at.y + height * 0.5F};
    switch (mark) {
    case Mark::none: break;
    case Mark::success: draw_arrival_icon(frame.draw, centre, radius, c.success, c.on_accent); break;
    case Mark::notice: draw_info_icon(frame.draw, centre, radius, c.notice, c.on_accent); break;
    case Mark::alert: draw_alert_icon(frame.draw, centre, radius, c.alert, c.on_accent); break;
    }
    const float top = at.y + (height - title_h - sentence_h) * 0.5F;
    draw_text(frame, title_font, title, {text_x, top}, text_w, c.text, Align::left, Wrap::balanced);
    if (!sentence.empty()) {
        draw_text(frame, lead_font, sentence, {text_x, top + title_h + m.gap * 0.4F}, text_w, c.text);
    }
    return height;
}

// A sentence on a soft band across the column (nobody to answer, no camera); returns its height.
float draw_notice(Frame& frame, std::string_view text, ImVec2 at, float width) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const ImFont& font = *frame.fonts().body_bold;
    const float h = text_height(frame, font, text, width - 2 * m.gap) + m.gap;
    frame.fills.rounded_rect(frame.draw, at, {at.x + width, at.y + h}, c.notice_soft, m.corner * 0.6F);
    draw_text(frame, font, text, {at.x + m.gap, at.y + m.gap * 0.5F}, width - 2 * m.gap, c.notice);
    return h;
}

// Buttons along the bottom of the column, right to left: the first is the main one.
float draw_bottom_buttons(Frame& frame, const Column& col, std::initializer_list<BottomButton> buttons) {
    const Metrics& m = frame.sizes();
    float right = col.x + col.width;
    const float top = col.bottom - m.button_height;
    for (const BottomButton& button : buttons) {
        const float w = std::min(button_width(frame, button.label), right - col.x);
        touch_button(frame, button.command, button.label, Box{{right - w, top}, {right, col.bottom}}, button.kind);
        right -= w + m.gap;
    }
    return top;
}

} // namespace telecentre::ui
