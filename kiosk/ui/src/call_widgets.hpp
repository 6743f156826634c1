#pragma once
// Pieces the call and conference screens share: a centred column, video tiles, a heading with its
// icon, a notice band, and buttons along the bottom.

#include "widgets.hpp"

#include <initializer_list>
#include <string_view>

namespace telecentre::ui {

struct Column {
    float x = 0;
    float width = 0;
    float top = 0;
    float bottom = 0;
};

// The screen's content column under the top bar, centred, at most `max_width` (design pixels).
[[nodiscard]] Column column(const Frame& frame, float top, float max_width = 1320);

// A video tile: the picture, whole and centred on a dark ground; until there is one, a word in
// its middle.
void draw_video_tile(Frame& frame, const Box& box, std::string_view label, const VideoPicture& picture = {});

// The title and its sentence, with an icon on the left; returns the height used.
enum class Mark { none, success, notice, alert };
float draw_heading(Frame& frame, Mark mark, std::string_view title, std::string_view sentence, ImVec2 at, float width);

// A sentence on a soft band across the column (nobody to answer, no camera); returns its height.
float draw_notice(Frame& frame, std::string_view text, ImVec2 at, float width);

// Buttons along the bottom of the column, right to left: the first is the main one. Returns their top.
struct BottomButton {
    Command command;
    std::string_view label;
    ButtonKind kind;
};
float draw_bottom_buttons(Frame& frame, const Column& col, std::initializer_list<BottomButton> buttons);

} // namespace telecentre::ui
