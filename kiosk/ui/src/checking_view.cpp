// Checking: a badge was read and the answer is coming (a fraction of a second, usually).

#include "pictograms.hpp"
#include "views.hpp"

namespace telecentre::ui {

void draw_checking(Frame& frame, const core::KioskModel& model, double seconds) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float top = draw_top_bar(frame, model);
    const Box area{{m.margin, top}, {frame.size.x - m.margin, frame.size.y}};

    const ImFont& title_font = *frame.fonts().title;
    const ImFont& detail_font = *frame.fonts().lead;
    const float radius = 84 * m.scale;
    const float title_h = text_height(frame, title_font, frame.t(Msg::checking_title), area.width());
    const float detail_h = text_height(frame, detail_font, frame.t(Msg::checking_detail), area.width());
    const float block = radius * 2 + m.gap * 2 + title_h + m.gap + detail_h;
    const float y = area.min.y + (area.height() - block) * 0.5F;

    draw_spinner(frame.draw, {area.centre().x, y + radius}, radius, 16 * m.scale, c.accent_soft, c.accent, seconds);
    const float title_top = y + radius * 2 + m.gap * 2;
    draw_text(frame, title_font, frame.t(Msg::checking_title), {area.min.x, title_top}, area.width(), c.text,
              Align::centre);
    draw_text(frame, detail_font, frame.t(Msg::checking_detail), {area.min.x, title_top + title_h + m.gap},
              area.width(), c.text_muted, Align::centre, Wrap::balanced);
}

} // namespace telecentre::ui
