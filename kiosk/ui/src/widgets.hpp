#pragma once
// What every view draws with: the frame context, wrapped text, touch buttons, the top bar with the
// language switch. All sizes and colours come from the theme; all words from the catalogue.

#include "shapes.hpp"
#include "telecentre/core/kiosk_model.hpp"
#include "telecentre/ui/kiosk_ui.hpp"
#include "telecentre/ui/messages.hpp"
#include "theme.hpp"

#include <imgui.h>
#include <string>
#include <string_view>
#include <vector>

namespace telecentre::ui {

struct Box {
    ImVec2 min;
    ImVec2 max;

    [[nodiscard]] float width() const { return max.x - min.x; }
    [[nodiscard]] float height() const { return max.y - min.y; }
    [[nodiscard]] ImVec2 centre() const { return {(min.x + max.x) * 0.5F, (min.y + max.y) * 0.5F}; }
    [[nodiscard]] static Box at(ImVec2 origin, ImVec2 size) { return {origin, {origin.x + size.x, origin.y + size.y}}; }
};

// Remembers every drawn text that had a character the font lacks.
class GlyphAudit {
public:
    void check(const ImFont& font, std::string_view text);
    void clear() {
        m_misses.clear();
        m_drawn.clear();
    }
    [[nodiscard]] const std::vector<std::string>& misses() const { return m_misses; }
    // Every text checked this frame, i.e. drawn (for tests: what a screen says).
    [[nodiscard]] const std::vector<std::string>& drawn() const { return m_drawn; }

private:
    std::vector<std::string> m_misses;
    std::vector<std::string> m_drawn;
};

// State a widget keeps across frames (never model data): the keyboard key a finger holds down,
// for the long press that offers accented letters.
struct KeyHold {
    int key = -1;
    core::TimePoint since{};
    bool popup = false;
};
struct WidgetState {
    KeyHold key_hold;
};

// A video picture uploaded for this frame (the call screens), or none yet.
struct VideoPicture {
    SDL_Texture* texture = nullptr;
    int width = 0;
    int height = 0;
};
struct FeedPicture {
    std::uint64_t feed = 0; // a conference participant (core::ConferenceParticipant::feed)
    VideoPicture picture;
};
struct VideoPictures {
    VideoPicture remote;                 // the other party
    VideoPicture self;                   // the kiosk's own camera
    std::vector<FeedPicture> conference; // the conference screen: each participant's picture
};

// One frame's drawing context, handed to each view.
struct Frame {
    const Theme& theme;
    core::Language language;
    ImDrawList& draw;
    SolidFills& fills; // large opaque rectangles, much cheaper than draw-list geometry
    ImVec2 size;
    GlyphAudit& audit;
    std::vector<Command>& commands;
    std::vector<TouchTarget>& targets;
    WidgetState& widgets;
    VideoPictures video;  // the call screens' pictures
    double seconds = 0;   // ImGui's clock, for spinners
    bool animate = false; // set by a view that needs the next frame soon (spinner, held key)

    [[nodiscard]] std::string_view t(Msg key) const { return text(language, key); }
    [[nodiscard]] bool portrait() const { return size.y > size.x; }
    [[nodiscard]] const Metrics& sizes() const { return theme.sizes; }
    [[nodiscard]] const Palette& colours() const { return theme.colours; }
    [[nodiscard]] const Fonts& fonts() const { return theme.fonts; }
};

enum class Align { left, centre, right };
// Balanced wrapping evens out line lengths ("Posez votre badge / sur le lecteur" rather than
// "Posez votre badge sur le / lecteur"): for titles.
enum class Wrap { greedy, balanced };

// The lines `text` wraps into within `width` (explicit '\n' also breaks).
[[nodiscard]] std::vector<std::string_view> wrap_lines(const ImFont& font, std::string_view text, float width);
[[nodiscard]] float text_width(const ImFont& font, std::string_view text);
// `text` cut to `width` with an ellipsis, never inside a character.
[[nodiscard]] std::string fit_text(const ImFont& font, std::string_view text, float width);
// True when no word of `text` is wider than `width`, so wrapping never cuts inside a word.
[[nodiscard]] bool words_fit(const ImFont& font, std::string_view text, float width);
[[nodiscard]] float line_height(const Frame& frame, const ImFont& font);
// Height `text` takes when wrapped within `width`.
[[nodiscard]] float text_height(const Frame& frame, const ImFont& font, std::string_view text, float width);
// Draws wrapped text in the column [x, x + width) from `top`; returns the height used.
float draw_text(Frame& frame, const ImFont& font, std::string_view text, ImVec2 top_left, float width, ImU32 colour,
                Align align = Align::left, Wrap wrap = Wrap::greedy);

enum class ButtonKind { primary, secondary };

// An invisible touch target: registers the box for tests, reports whether a finger holds it, and
// emits the command on release over it. Draws nothing.
bool touch_target(Frame& frame, const Command& command, const Box& box, bool* held = nullptr);
// A touch button: reacts on release over it, shows a pressed state while held (never hover).
void touch_button(Frame& frame, const Command& command, std::string_view label, Box box, ButtonKind kind);
// The width a button needs for its label, at least the theme's minimum.
[[nodiscard]] float button_width(const Frame& frame, std::string_view label);

// The site name, the network and the language switch; returns the top of the content area.
float draw_top_bar(Frame& frame, const core::KioskModel& model);

// A white rounded card with a thin border.
void draw_card(Frame& frame, Box box, ImU32 fill);

} // namespace telecentre::ui
