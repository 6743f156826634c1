#pragma once
// Large opaque fills that stay cheap on SDL's software renderer.
//
// ImGui draws every shape as textured, colour-modulated, blended triangles; SDL's software
// renderer shades those pixel by pixel (~20 ns a pixel here), so a 1000x700 card cost ~18 ms a
// frame. A plain opaque rectangle is a memset for SDL_RenderFillRect. SolidFills puts such
// rectangles into the draw list as callbacks, so they still paint in ImGui's order, and leaves
// only the rounded corners to ImGui.
// Threading: UI thread; the callbacks run inside ImGui_ImplSDLRenderer_RenderDrawData.

#include <array>
#include <cstdint>
#include <deque>
#include <imgui.h>

struct SDL_Renderer;
struct SDL_Texture;

namespace telecentre::ui {

// Hatched fills (booking grid, door panel). As ImGui lines, hatching is the software renderer's
// worst case: it rasterises each triangle over its bounding box, and a diagonal line's box is
// huge (a hatched door panel cost ~30 ms a frame). So each pattern is drawn once into a small
// opaque texture that tiles seamlessly, and copied (a plain blit) where it is needed.
enum class Pattern : std::uint8_t { busy, busy_past, closed, in_use_panel };
inline constexpr std::size_t kPatternCount = 4;

struct PatternStyle {
    ImU32 background = 0; // opaque
    ImU32 ink = 0;        // opaque: a translucent ink is mixed with the background beforehand
    float spacing = 18;   // between lines, in pixels
    float thickness = 2;
    bool crossed = false; // both diagonals
};

class SolidFills {
public:
    explicit SolidFills(SDL_Renderer* renderer) : m_renderer(renderer) {}
    ~SolidFills();
    SolidFills(const SolidFills&) = delete;
    SolidFills& operator=(const SolidFills&) = delete;

    // Draws the pattern textures; until then (or if it fails) patterns fill with their background.
    void set_patterns(const std::array<PatternStyle, kPatternCount>& styles);

    // Forgets the last frame's rectangles; `scale` maps ImGui coordinates to renderer pixels.
    void begin_frame(ImVec2 scale);

    // Translucent colours fall back to ImGui geometry.
    void rect(ImDrawList& draw, ImVec2 min, ImVec2 max, ImU32 colour);
    void rounded_rect(ImDrawList& draw, ImVec2 min, ImVec2 max, ImU32 colour, float radius,
                      ImDrawFlags corners = ImDrawFlags_RoundCornersAll);
    // The box tiled with the pattern, anchored to the screen so that neighbouring boxes line up.
    void pattern(ImDrawList& draw, ImVec2 min, ImVec2 max, Pattern pattern);
    // A texture (a video picture) stretched over the box, in draw order.
    void image(ImDrawList& draw, ImVec2 min, ImVec2 max, SDL_Texture* texture);

private:
    struct Fill {
        SDL_Renderer* renderer;
        float x, y, width, height;
        ImU32 colour;
        SDL_Texture* texture = nullptr; // a pattern tile, or none for a plain fill
        int tile = 0;                   // the tile's side, in pixels; 0 with a texture: an image
    };
    static void paint(const ImDrawList* list, const ImDrawCmd* command);
    static void paint_pattern(const Fill& fill);

    struct Tile {
        SDL_Texture* texture = nullptr;
        int size = 0;
        ImU32 background = 0;
    };

    SDL_Renderer* m_renderer;
    ImVec2 m_scale{1, 1};
    std::deque<Fill> m_fills; // addresses stay valid while the frame's draw lists refer to them
    std::array<Tile, kPatternCount> m_tiles{};
};

} // namespace telecentre::ui
