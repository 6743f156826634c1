#include "shapes.hpp"

#include <SDL.h>
#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace telecentre::ui {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;
constexpr ImU32 kOpaque = 0xFFU << IM_COL32_A_SHIFT;

} // namespace

void SolidFills::begin_frame(ImVec2 scale) {
    m_fills.clear();
    m_scale = scale;
}

SolidFills::~SolidFills() {
    for (Tile& tile : m_tiles) {
        if (tile.texture != nullptr) {
            SDL_DestroyTexture(tile.texture);
        }
    }
}

void SolidFills::set_patterns(const std::array<PatternStyle, kPatternCount>& styles) {
    if (m_renderer == nullptr) {
        return;
    }
    const auto channel = [](ImU32 colour, unsigned shift) { return static_cast<float>((colour >> shift) & 0xFFU); };
    for (std::size_t i = 0; i < styles.size(); ++i) {
        const PatternStyle& style = styles[i];
        Tile& tile = m_tiles[i];
        tile.background = style.background;
        // Whole periods of the diagonals in the tile's side, so that tiles join without a seam.
        const int spacing = std::max(4, static_cast<int>(std::lround(style.spacing)));
        const int size = spacing * std::max(1, (256 + spacing - 1) / spacing);
        SDL_Texture* texture =
            SDL_CreateTexture(m_renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, size, size);
        if (texture == nullptr) {
            continue;
        }
        std::vector<Uint32> pixels(static_cast<std::size_t>(size) * static_cast<std::size_t>(size));
        const float half = style.thickness * 0.5F;
        for (int y = 0; y < size; ++y) {
            for (int x = 0; x < size; ++x) {
                // Distance from the pixel's centre to the nearest line, for anti-aliased edges.
                const auto distance = [&](int along) {
                    const float u = static_cast<float>(((along % spacing) + spacing) % spacing) + 0.5F;
                    return std::min(u, static_cast<float>(spacing) - u) / std::numbers::sqrt2_v<float>;
                };
                float cover = std::clamp(half + 0.5F - distance(x + y), 0.0F, 1.0F);
                if (style.crossed) {
                    cover = std::max(cover, std::clamp(half + 0.5F - distance(x - y), 0.0F, 1.0F));
                }
                const auto mix = [&](unsigned shift) {
                    const float value =
                        channel(style.background, shift) * (1 - cover) + channel(style.ink, shift) * cover;
                    return static_cast<Uint32>(std::lround(value));
                };
                pixels[static_cast<std::size_t>(y * size + x)] = 0xFF000000U | (mix(IM_COL32_R_SHIFT) << 16U) |
                                                                 (mix(IM_COL32_G_SHIFT) << 8U) | mix(IM_COL32_B_SHIFT);
            }
        }
        SDL_UpdateTexture(texture, nullptr, pixels.data(), size * 4);
        SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_NONE);
        if (tile.texture != nullptr) {
            SDL_DestroyTexture(tile.texture);
        }
        tile.texture = texture;
        tile.size = size;
    }
}

void SolidFills::image(ImDrawList& draw, ImVec2 min, ImVec2 max, SDL_Texture* texture) {
    if (texture == nullptr || m_renderer == nullptr || max.x <= min.x || max.y <= min.y) {
        return;
    }
    m_fills.push_back({m_renderer, std::round(min.x * m_scale.x), std::round(min.y * m_scale.y),
                       std::round((max.x - min.x) * m_scale.x), std::round((max.y - min.y) * m_scale.y), 0, texture,
                       0});
    draw.AddCallback(&SolidFills::paint, &m_fills.back());
}

void SolidFills::pattern(ImDrawList& draw, ImVec2 min, ImVec2 max, Pattern pattern) {
    const Tile& tile = m_tiles[static_cast<std::size_t>(pattern)];
    if (tile.texture == nullptr) {
        rect(draw, min, max, tile.background == 0 ? IM_COL32(200, 200, 200, 255) : tile.background);
        return;
    }
    if (max.x <= min.x || max.y <= min.y) {
        return;
    }
    m_fills.push_back({m_renderer, std::round(min.x * m_scale.x), std::round(min.y * m_scale.y),
                       std::round((max.x - min.x) * m_scale.x), std::round((max.y - min.y) * m_scale.y), 0,
                       tile.texture, tile.size});
    draw.AddCallback(&SolidFills::paint, &m_fills.back());
}

void SolidFills::paint_pattern(const Fill& fill) {
    const int left = static_cast<int>(fill.x);
    const int top = static_cast<int>(fill.y);
    const int right = left + static_cast<int>(fill.width);
    const int bottom = top + static_cast<int>(fill.height);
    for (int y = top; y < bottom;) {
        const int source_y = ((y % fill.tile) + fill.tile) % fill.tile;
        const int rows = std::min(fill.tile - source_y, bottom - y);
        for (int x = left; x < right;) {
            const int source_x = ((x % fill.tile) + fill.tile) % fill.tile;
            const int columns = std::min(fill.tile - source_x, right - x);
            const SDL_Rect source{source_x, source_y, columns, rows};
            const SDL_Rect target{x, y, columns, rows};
            SDL_RenderCopy(fill.renderer, fill.texture, &source, &target);
            x += columns;
        }
        y += rows;
    }
}

void SolidFills::paint(const ImDrawList* /*list*/, const ImDrawCmd* command) {
    const auto* fill = static_cast<const Fill*>(command->UserCallbackData);
    if (fill->texture != nullptr && fill->tile == 0) {
        const SDL_Rect target{static_cast<int>(fill->x), static_cast<int>(fill->y), static_cast<int>(fill->width),
                              static_cast<int>(fill->height)};
        SDL_RenderCopy(fill->renderer, fill->texture, nullptr, &target);
        return;
    }
    if (fill->texture != nullptr) {
        paint_pattern(*fill);
        return;
    }
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
                       (max.y - min.y) * m_scale.y, colour, nullptr, 0});
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
