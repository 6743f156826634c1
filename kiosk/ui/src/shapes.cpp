#include "shapes.hpp"

#include <SDL.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace telecentre::ui {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;
constexpr ImU32 kOpaque = 0xFFU << IM_COL32_A_SHIFT;

} // namespace

void SolidFills::begin_frame(ImVec2 scale) {
    m_fills.clear();
    m_scale = scale;
}

void SolidFills::paint(const ImDrawList* /*list*/, const ImDrawCmd* command) {
    const auto* fill = static_cast<const Fill*>(command->UserCallbackData);
    const auto channel = [fill](unsigned shift) { return static_cast<Uint8>((fill->colour >> shift) & 0xFFU); };
    // Leave the renderer's draw state as it was found: the app may draw with it too.
    SDL_BlendMode blend = SDL_BLENDMODE_NONE;
    Uint8 red = 0;
    Uint8 green = 0;
    Uint8 blue = 0;
    Uint8 alpha = 0;
    SDL_GetRenderDrawBlendMode(fill->renderer, &blend);
    SDL_GetRenderDrawColor(fill->renderer, &red, &green, &blue, &alpha);
    SDL_SetRenderDrawBlendMode(fill->renderer, SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(fill->renderer, channel(IM_COL32_R_SHIFT), channel(IM_COL32_G_SHIFT),
                           channel(IM_COL32_B_SHIFT), 255);
    const SDL_FRect rect{fill->x, fill->y, fill->width, fill->height};
    SDL_RenderFillRectF(fill->renderer, &rect);
    SDL_SetRenderDrawColor(fill->renderer, red, green, blue, alpha);
    SDL_SetRenderDrawBlendMode(fill->renderer, blend);
}

void SolidFills::rect(ImDrawList& draw, ImVec2 min, ImVec2 max, ImU32 colour) {
    if (max.x <= min.x || max.y <= min.y) {
        return;
    }
    if ((colour & kOpaque) != kOpaque || m_renderer == nullptr) {
        draw.AddRectFilled(min, max, colour);
        return;
    }
    m_fills.push_back({m_renderer, min.x * m_scale.x, min.y * m_scale.y, (max.x - min.x) * m_scale.x,
                       (max.y - min.y) * m_scale.y, colour});
    draw.AddCallback(&SolidFills::paint, &m_fills.back());
}

void SolidFills::rounded_rect(ImDrawList& draw, ImVec2 min, ImVec2 max, ImU32 colour, float radius,
                              ImDrawFlags corners) {
    radius = std::max(0.0F, std::min({radius, (max.x - min.x) * 0.5F, (max.y - min.y) * 0.5F}));
    if ((colour & kOpaque) != kOpaque || radius < 1.0F) {
        if (radius < 1.0F) {
            rect(draw, min, max, colour);
        } else {
            draw.AddRectFilled(min, max, colour, radius, corners);
        }
        return;
    }
    min = {std::round(min.x), std::round(min.y)};
    max = {std::round(max.x), std::round(max.y)};
    radius = std::round(radius);
    const auto r = [&](ImDrawFlags corner) { return (corners & corner) != 0 ? radius : 0.0F; };
    const float top_left = r(ImDrawFlags_RoundCornersTopLeft);
    const float top_right = r(ImDrawFlags_RoundCornersTopRight);
    const float bottom_left = r(ImDrawFlags_RoundCornersBottomLeft);
    const float bottom_right = r(ImDrawFlags_RoundCornersBottomRight);

    // Rounded corners first: quarter discs (small: ImGui geometry, anti-aliased); a square corner
    // is covered by its band.
    struct Corner {
        float radius;
        ImVec2 centre;
        float from;
    };
    const std::array<Corner, 4> pieces{{
        {top_left, {min.x + radius, min.y + radius}, kPi},
        {top_right, {max.x - radius, min.y + radius}, 1.5F * kPi},
        {bottom_right, {max.x - radius, max.y - radius}, 0.0F},
        {bottom_left, {min.x + radius, max.y - radius}, 0.5F * kPi},
    }};
    for (const Corner& piece : pieces) {
        if (piece.radius > 0) {
            draw.PathLineTo(piece.centre);
            draw.PathArcTo(piece.centre, radius, piece.from, piece.from + 0.5F * kPi);
            draw.PathFillConvex(colour);
        }
    }
    // Then a cross of three opaque rectangles over them, on whole pixels: the top and bottom bands
    // stop where rounded corners begin, and overlap the corner pieces by one pixel so that they
    // cover the discs' anti-aliased straight edges (no seam shows).
    constexpr float kOverlap = 1.0F;
    const auto inset = [&](float corner) { return corner > 0 ? corner - kOverlap : 0.0F; };
    rect(draw, {min.x + inset(top_left), min.y}, {max.x - inset(top_right), min.y + radius}, colour);
    rect(draw, {min.x, min.y + radius - kOverlap}, {max.x, max.y - radius + kOverlap}, colour);
    rect(draw, {min.x + inset(bottom_left), max.y - radius}, {max.x - inset(bottom_right), max.y}, colour);
}

} // namespace telecentre::ui
