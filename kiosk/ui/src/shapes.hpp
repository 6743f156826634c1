#pragma once
// Large opaque fills that stay cheap on SDL's software renderer.
//
// ImGui draws every shape as textured, colour-modulated, blended triangles; SDL's software
// renderer shades those pixel by pixel (~20 ns a pixel here), so a 1000x700 card cost ~18 ms a
// frame. A plain opaque rectangle is a memset for SDL_RenderFillRect. SolidFills puts such
// rectangles into the draw list as callbacks, so they still paint in ImGui's order, and leaves
// only the rounded corners to ImGui.
// Threading: UI thread; the callbacks run inside ImGui_ImplSDLRenderer_RenderDrawData.

#include <deque>
#include <imgui.h>

struct SDL_Renderer;

namespace telecentre::ui {

class SolidFills {
public:
    explicit SolidFills(SDL_Renderer* renderer) : m_renderer(renderer) {}

    // Forgets the last frame's rectangles; `scale` maps ImGui coordinates to renderer pixels.
    void begin_frame(ImVec2 scale);

    // Translucent colours fall back to ImGui geometry.
    void rect(ImDrawList& draw, ImVec2 min, ImVec2 max, ImU32 colour);
    void rounded_rect(ImDrawList& draw, ImVec2 min, ImVec2 max, ImU32 colour, float radius,
                      ImDrawFlags corners = ImDrawFlags_RoundCornersAll);

private:
    struct Fill {
        SDL_Renderer* renderer;
        float x, y, width, height;
        ImU32 colour;
    };
    static void paint(const ImDrawList* list, const ImDrawCmd* command);

    SDL_Renderer* m_renderer;
    ImVec2 m_scale{1, 1};
    std::deque<Fill> m_fills; // addresses stay valid while the frame's draw lists refer to them
};

} // namespace telecentre::ui
