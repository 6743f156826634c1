#include "pictograms.hpp"

#include "theme.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <vector>

namespace telecentre::ui {
namespace {

constexpr float kPi = std::numbers::pi_v<float>;

ImVec2 offset(ImVec2 point, float dx, float dy) { return {point.x + dx, point.y + dy}; }

// Concentric arcs opening towards `direction` (radians), the contactless symbol.
void draw_waves(ImDrawList& draw, ImVec2 origin, float direction, float first_radius, float step, int count,
                ImU32 colour, float thickness) {
    const float spread = 0.62F;
    for (int i = 0; i < count; ++i) {
        const float radius = first_radius + step * static_cast<float>(i);
        draw.PathArcTo(origin, radius, direction - spread, direction + spread, 24);
        draw.PathStroke(colour, 0, thickness);
    }
}

} // namespace

void draw_badge_on_reader(ImDrawList& draw, const Box& area, const Palette& c, bool reader_available) {
    const float unit = std::min(area.width() / 10.0F, area.height() / 9.0F);
    const ImVec2 centre = area.centre();
    const float thickness = std::max(2.0F, unit * 0.16F);

    // The reader: a dark rounded slab seen at an angle, with its light.
    const ImVec2 reader_min = offset(centre, -3.6F * unit, 1.7F * unit);
    const ImVec2 reader_max = offset(centre, 3.6F * unit, 4.2F * unit);
    draw.AddRectFilled(offset(reader_min, 0, 0.35F * unit), offset(reader_max, 0, 0.35F * unit), IM_COL32(0, 0, 0, 40),
                       unit * 0.6F);
    draw.AddRectFilled(reader_min, reader_max, c.pictogram_reader, unit * 0.6F);
    const ImVec2 light = offset(centre, 0, 2.95F * unit);
    draw.AddCircleFilled(light, unit * 0.34F, reader_available ? c.success : c.alert, 24);
    draw.AddCircle(light, unit * 0.34F, IM_COL32(255, 255, 255, 200), 24, thickness * 0.5F);

    // Waves rising from the reader to the badge.
    draw_waves(draw, offset(centre, 0, 1.95F * unit), -kPi / 2, unit * 0.55F, unit * 0.5F, 3,
               reader_available ? c.accent : c.surface_border, thickness);

    // The badge, tilted, above the reader: one convex outline, so that its shadow and border
    // overlap nothing twice.
    const float angle = -0.16F;
    const float cos_a = std::cos(angle);
    const float sin_a = std::sin(angle);
    const ImVec2 badge_centre = offset(centre, 0.1F * unit, -2.1F * unit);
    const auto rotate = [&](float x, float y) {
        return ImVec2{badge_centre.x + x * cos_a - y * sin_a, badge_centre.y + x * sin_a + y * cos_a};
    };
    const float half_w = 3.0F * unit;
    const float half_h = 1.9F * unit;
    const float r = unit * 0.45F;
    std::vector<ImVec2> outline;
    constexpr int kCornerSteps = 8;
    const std::array<ImVec2, 4> corners{ImVec2{half_w - r, half_h - r}, ImVec2{-half_w + r, half_h - r},
                                        ImVec2{-half_w + r, -half_h + r}, ImVec2{half_w - r, -half_h + r}};
    for (std::size_t corner = 0; corner < corners.size(); ++corner) {
        for (int step = 0; step <= kCornerSteps; ++step) {
            const float a = (static_cast<float>(corner) + static_cast<float>(step) / kCornerSteps) * kPi / 2;
            outline.push_back(rotate(corners[corner].x + r * std::cos(a), corners[corner].y + r * std::sin(a)));
        }
    }
    std::vector<ImVec2> shadow = outline;
    for (ImVec2& point : shadow) {
        point = offset(point, 0.22F * unit, 0.3F * unit);
    }
    draw.AddConvexPolyFilled(shadow.data(), static_cast<int>(shadow.size()), IM_COL32(0, 0, 0, 34));
    draw.AddConvexPolyFilled(outline.data(), static_cast<int>(outline.size()), c.pictogram_card);

    const auto quad = [&](float x0, float y0, float x1, float y1, ImU32 colour) {
        draw.AddQuadFilled(rotate(x0, y0), rotate(x1, y0), rotate(x1, y1), rotate(x0, y1), colour);
    };
    // A stripe across the top, a photo, and lines of text.
    quad(-half_w, -half_h + 0.55F * unit, half_w, -half_h + 1.2F * unit, c.accent);
    quad(-2.45F * unit, -0.25F * unit, -0.85F * unit, 1.45F * unit, c.accent_soft);
    draw.AddCircleFilled(rotate(-1.65F * unit, 0.3F * unit), unit * 0.38F, c.accent, 16);
    quad(-2.15F * unit, 0.85F * unit, -1.15F * unit, 1.45F * unit, c.accent);
    quad(-0.3F * unit, -0.1F * unit, 2.4F * unit, 0.22F * unit, c.surface_border);
    quad(-0.3F * unit, 0.55F * unit, 1.8F * unit, 0.87F * unit, c.surface_border);
    quad(-0.3F * unit, 1.2F * unit, 2.1F * unit, 1.52F * unit, c.surface_border);
    draw.AddPolyline(outline.data(), static_cast<int>(outline.size()), c.text_muted, ImDrawFlags_Closed,
                     thickness * 0.45F);
}

void draw_network_mark(ImDrawList& draw, const Box& area, ImU32 ink, ImU32 background) {
    const float s = std::min(area.width(), area.height());
    const ImVec2 c = area.centre();
    draw.AddCircleFilled(c, s * 0.5F, ink, 40);
    // A roof and a house body, with a signal arc above: the telecentre, connected.
    const float t = std::max(2.0F, s * 0.07F);
    const ImVec2 roof_left = offset(c, -s * 0.26F, s * 0.02F);
    const ImVec2 roof_top = offset(c, 0, -s * 0.2F);
    const ImVec2 roof_right = offset(c, s * 0.26F, s * 0.02F);
    draw.AddTriangleFilled(roof_left, roof_top, roof_right, background);
    draw.AddRectFilled(offset(c, -s * 0.18F, s * 0.0F), offset(c, s * 0.18F, s * 0.25F), background);
    draw.AddRectFilled(offset(c, -s * 0.05F, s * 0.1F), offset(c, s * 0.05F, s * 0.25F), ink);
    draw.PathArcTo(offset(c, 0, -s * 0.12F), s * 0.26F, -kPi / 2 - 0.7F, -kPi / 2 + 0.7F, 16);
    draw.PathStroke(background, 0, t);
}

void draw_check_mark(ImDrawList& draw, ImVec2 centre, float radius, ImU32 colour, float thickness) {
    const std::array<ImVec2, 3> points{offset(centre, -radius * 0.8F, radius * 0.02F),
                                       offset(centre, -radius * 0.22F, radius * 0.6F),
                                       offset(centre, radius * 0.85F, -radius * 0.62F)};
    draw.AddPolyline(points.data(), static_cast<int>(points.size()), colour, 0, thickness);
}

void draw_arrival_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink) {
    draw.AddCircleFilled(centre, radius, fill, 64);
    draw_check_mark(draw, offset(centre, 0, radius * 0.04F), radius * 0.5F, ink, radius * 0.14F);
}

void draw_departure_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink) {
    draw.AddCircleFilled(centre, radius, fill, 64);
    const float t = radius * 0.11F;
    // A door frame, open on its right where an arrow leaves through it.
    const ImVec2 door_min = offset(centre, -radius * 0.48F, -radius * 0.48F);
    const ImVec2 door_max = offset(centre, radius * 0.08F, radius * 0.48F);
    draw.AddRect(door_min, door_max, ink, t * 0.5F, 0, t);
    draw.AddRectFilled({door_max.x - t, door_min.y + radius * 0.24F}, {door_max.x + t, door_max.y - radius * 0.24F},
                       fill);
    const ImVec2 arrow_from = offset(centre, -radius * 0.2F, 0);
    const ImVec2 arrow_tip = offset(centre, radius * 0.66F, 0);
    draw.AddRectFilled({arrow_from.x, arrow_from.y - t * 0.5F}, {arrow_tip.x - radius * 0.2F, arrow_from.y + t * 0.5F},
                       ink);
    draw.AddTriangleFilled(arrow_tip, offset(arrow_tip, -radius * 0.3F, -radius * 0.24F),
                           offset(arrow_tip, -radius * 0.3F, radius * 0.24F), ink);
}

void draw_alert_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink) {
    draw.AddCircleFilled(centre, radius, fill, 64);
    const float w = radius * 0.16F;
    draw.AddRectFilled(offset(centre, -w * 0.5F, -radius * 0.55F), offset(centre, w * 0.5F, radius * 0.18F), ink,
                       w * 0.5F);
    draw.AddCircleFilled(offset(centre, 0, radius * 0.45F), w * 0.62F, ink, 20);
}

void draw_info_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink) {
    draw.AddCircleFilled(centre, radius, fill, 64);
    const float w = radius * 0.16F;
    draw.AddCircleFilled(offset(centre, 0, -radius * 0.45F), w * 0.62F, ink, 20);
    draw.AddRectFilled(offset(centre, -w * 0.5F, -radius * 0.18F), offset(centre, w * 0.5F, radius * 0.55F), ink,
                       w * 0.5F);
}

void draw_connection_mark(ImDrawList& draw, ImVec2 centre, float radius, core::Connection connection, ImU32 ink) {
    const float t = std::max(1.5F, radius * 0.3F);
    switch (connection) {
    case core::Connection::online: draw.AddCircleFilled(centre, radius, ink, 24); break;
    case core::Connection::offline:
        draw.AddCircle(centre, radius - t * 0.5F, ink, 24, t);
        draw.AddLine(offset(centre, -radius * 0.7F, radius * 0.7F), offset(centre, radius * 0.7F, -radius * 0.7F), ink,
                     t);
        break;
    case core::Connection::unknown: draw.AddCircle(centre, radius - t * 0.5F, ink, 24, t); break;
    }
}

void draw_pass_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink) {
    const float t = std::max(1.5F, size * 0.09F);
    const ImVec2 min = offset(centre, -size * 0.5F, -size * 0.34F);
    const ImVec2 max = offset(centre, size * 0.5F, size * 0.34F);
    draw.AddRect(min, max, ink, size * 0.1F, 0, t);
    draw.AddCircleFilled(offset(centre, -size * 0.2F, -size * 0.04F), size * 0.1F, ink, 12);
    draw.AddLine(offset(centre, size * 0.02F, -size * 0.08F), offset(centre, size * 0.32F, -size * 0.08F), ink, t);
    draw.AddLine(offset(centre, size * 0.02F, size * 0.12F), offset(centre, size * 0.26F, size * 0.12F), ink, t);
}

void draw_clock_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink) {
    const float t = std::max(1.5F, size * 0.09F);
    draw.AddCircle(centre, size * 0.45F, ink, 32, t);
    draw.AddLine(centre, offset(centre, 0, -size * 0.27F), ink, t);
    draw.AddLine(centre, offset(centre, size * 0.2F, 0), ink, t);
}

void draw_calendar_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink) {
    const float t = std::max(1.5F, size * 0.09F);
    const ImVec2 min = offset(centre, -size * 0.45F, -size * 0.36F);
    const ImVec2 max = offset(centre, size * 0.45F, size * 0.45F);
    draw.AddRect(min, max, ink, size * 0.08F, 0, t);
    draw.AddRectFilled(min, {max.x, min.y + size * 0.22F}, ink, size * 0.08F, ImDrawFlags_RoundCornersTop);
    draw.AddLine(offset(centre, -size * 0.22F, -size * 0.5F), offset(centre, -size * 0.22F, -size * 0.3F), ink, t);
    draw.AddLine(offset(centre, size * 0.22F, -size * 0.5F), offset(centre, size * 0.22F, -size * 0.3F), ink, t);
    for (int row = 0; row < 2; ++row) {
        for (int col = 0; col < 3; ++col) {
            const ImVec2 dot = offset(centre, (static_cast<float>(col) - 1) * size * 0.24F,
                                      size * (0.05F + 0.2F * static_cast<float>(row)));
            draw.AddRectFilled(offset(dot, -size * 0.05F, -size * 0.05F), offset(dot, size * 0.05F, size * 0.05F), ink);
        }
    }
}

void draw_reader_mark(ImDrawList& draw, ImVec2 centre, float size, core::ReaderState state, ImU32 ink) {
    const float t = std::max(1.5F, size * 0.09F);
    // A reader slab with waves; crossed out when unavailable, dotted waves while starting.
    draw.AddRectFilled(offset(centre, -size * 0.45F, size * 0.15F), offset(centre, size * 0.45F, size * 0.45F), ink,
                       size * 0.08F);
    if (state == core::ReaderState::starting) {
        for (int i = 0; i < 3; ++i) {
            draw.AddCircleFilled(offset(centre, (static_cast<float>(i) - 1) * size * 0.25F, -size * 0.15F),
                                 size * 0.07F, ink, 10);
        }
        return;
    }
    draw_waves(draw, offset(centre, 0, size * 0.1F), -kPi / 2, size * 0.22F, size * 0.2F, 2, ink, t);
    if (state == core::ReaderState::unavailable) {
        draw.AddLine(offset(centre, -size * 0.5F, size * 0.5F), offset(centre, size * 0.5F, -size * 0.5F), ink, t);
    }
}

void draw_arrow_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink) {
    const float t = std::max(2.0F, size * 0.14F);
    draw.AddLine(offset(centre, -size * 0.45F, 0), offset(centre, size * 0.3F, 0), ink, t);
    draw.AddTriangleFilled(offset(centre, size * 0.5F, 0), offset(centre, size * 0.1F, -size * 0.32F),
                           offset(centre, size * 0.1F, size * 0.32F), ink);
}

void draw_spinner(ImDrawList& draw, ImVec2 centre, float radius, float thickness, ImU32 track, ImU32 arc,
                  double seconds) {
    draw.AddCircle(centre, radius, track, 64, thickness);
    const auto start = static_cast<float>(std::fmod(seconds * 4.2, 2.0 * std::numbers::pi));
    // The arc breathes between a quarter and two thirds of the ring as it turns.
    const float length = kPi * (0.5F + 0.4F * static_cast<float>(std::sin(seconds * 2.1)) + 0.35F);
    draw.PathArcTo(centre, radius, start, start + length, 48);
    draw.PathStroke(arc, 0, thickness);
}

} // namespace telecentre::ui
