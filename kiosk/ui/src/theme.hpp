#pragma once
// The one place for the kiosk's look: colours, sizes and fonts. Views take everything from here.

#include "shapes.hpp"

#include <array>
#include <expected>
#include <imgui.h>
#include <string>
#include <vector>

namespace telecentre::ui {

// Calm, warm colours with strong text contrast (every text/background pair is above WCAG AA).
// Meaning is never carried by colour alone: each state also has its own words and pictogram.
struct Palette {
    ImU32 background = IM_COL32(245, 242, 235, 255); // warm paper
    ImU32 surface = IM_COL32(255, 255, 255, 255);    // cards
    ImU32 surface_border = IM_COL32(222, 215, 202, 255);
    ImU32 text = IM_COL32(31, 42, 48, 255);
    ImU32 text_muted = IM_COL32(84, 96, 104, 255);
    ImU32 accent = IM_COL32(27, 94, 88, 255); // deep teal: top bar, main buttons
    ImU32 accent_pressed = IM_COL32(17, 66, 62, 255);
    ImU32 accent_soft = IM_COL32(214, 232, 228, 255); // tinted panels
    ImU32 on_accent = IM_COL32(255, 255, 255, 255);
    ImU32 on_accent_muted = IM_COL32(205, 228, 224, 255);
    ImU32 success = IM_COL32(46, 125, 79, 255);   // checked in
    ImU32 departure = IM_COL32(47, 95, 138, 255); // checked out
    ImU32 alert = IM_COL32(178, 74, 44, 255);     // refusals
    ImU32 alert_soft = IM_COL32(250, 232, 224, 255);
    ImU32 notice = IM_COL32(138, 96, 10, 255); // offline, informational
    ImU32 notice_soft = IM_COL32(250, 240, 212, 255);
    ImU32 pictogram_card = IM_COL32(255, 255, 255, 255);
    ImU32 pictogram_reader = IM_COL32(58, 70, 78, 255);

    // Booking grid. Each state also has its own pattern or mark (busy: hatching and a person;
    // closed: cross-hatching; past: faded, no target), so none relies on its colour.
    ImU32 slot_free = IM_COL32(255, 255, 255, 255);
    ImU32 slot_free_border = IM_COL32(150, 190, 170, 255);
    ImU32 slot_busy = IM_COL32(244, 214, 204, 255);
    ImU32 slot_busy_ink = IM_COL32(150, 62, 38, 255);
    ImU32 slot_closed = IM_COL32(222, 218, 210, 255);
    ImU32 slot_closed_ink = IM_COL32(170, 163, 150, 255);
    ImU32 slot_past = IM_COL32(236, 233, 226, 255);
    ImU32 day_plenty = IM_COL32(214, 236, 221, 255); // week view: half free or more
    ImU32 day_some = IM_COL32(250, 236, 200, 255);   // some free
    ImU32 success_soft = IM_COL32(221, 239, 227, 255);
};

// Pixel sizes, already multiplied by the scale.
struct Metrics {
    float scale = 1;
    float margin = 56;
    float gap = 28;
    float corner = 22;
    float border = 2;
    float min_target = 90; // 15 mm on a 22" 1080p screen; never scaled below this
    float top_bar_height = 124;
    float status_bar_height = 84;
    float button_height = 116;
    float button_min_width = 380;
    float button_padding = 56;
    float card_padding = 36;
    float line_spacing = 1.18F; // of the font size
    float icon_large = 128;
    float icon_small = 30;
    float content_max_width = 1480;
};

struct Fonts {
    ImFont* small = nullptr;     // status line, hints
    ImFont* body = nullptr;      // explanations, card values
    ImFont* body_bold = nullptr; // buttons, card headings
    ImFont* lead = nullptr;      // explanations under a title
    ImFont* heading = nullptr;   // site name, card values
    ImFont* title = nullptr;     // greeting, instruction, error titles
    ImFont* clock = nullptr;     // the big clock: digits and ':' only
    ImFont* display = nullptr;   // the door panel's state word, read from across a room: its letters only
};

struct Theme {
    Palette colours;
    Metrics sizes;
    Fonts fonts;
};

[[nodiscard]] Metrics metrics_for(float scale);

// The hatchings of the booking grid and the door panel, indexed by Pattern.
[[nodiscard]] std::array<PatternStyle, kPatternCount> pattern_styles(const Palette& colours, const Metrics& sizes);

// The font files' bytes: the atlas reads them while building and keeps pointers into them.
struct FontFiles {
    std::vector<unsigned char> regular;
    std::vector<unsigned char> bold;
    ImVector<ImWchar> display_ranges; // built from the door panel's words; the atlas keeps a pointer
};

// Reads DejaVu Sans (regular and bold) and adds every size to the atlas, then builds it.
[[nodiscard]] std::expected<Fonts, std::string> load_fonts(ImFontAtlas& atlas, float scale, FontFiles& files);

// Fails naming the first character of a catalogue message that a text font lacks.
[[nodiscard]] std::expected<void, std::string> check_catalogue_glyphs(const Fonts& fonts);

// True when the font has a real glyph (not the fallback) for every character of the text.
[[nodiscard]] bool has_all_glyphs(const ImFont& font, std::string_view text);

} // namespace telecentre::ui
