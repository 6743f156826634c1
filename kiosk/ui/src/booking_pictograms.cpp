#include "booking_pictograms.hpp"

#include "pictograms.hpp"
#include "widgets.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

namespace telecentre::ui {
namespace {

ImVec2 offset(ImVec2 point, float dx, float dy) { return {point.x + dx, point.y + dy}; }

float stroke(float size) { return std::max(2.0F, size * 0.08F); }

} // namespace

void draw_kind_mark(ImDrawList& draw, wire::ResourceKind kind, ImVec2 c, float s, ImU32 ink) {
    const float t = stroke(s);
    switch (kind) {
    case wire::ResourceKind::office: {
        // A desk with a screen, seen from the front, and a door behind.
        draw.AddRect(offset(c, -s * 0.42F, -s * 0.45F), offset(c, -s * 0.08F, s * 0.1F), ink, 0, 0, t);
        draw.AddCircleFilled(offset(c, -s * 0.14F, -s * 0.17F), t * 0.7F, ink, 10);
        draw.AddRectFilled(offset(c, -s * 0.46F, s * 0.1F), offset(c, s * 0.46F, s * 0.1F + t * 1.4F), ink);
        draw.AddLine(offset(c, -s * 0.38F, s * 0.1F), offset(c, -s * 0.38F, s * 0.45F), ink, t);
        draw.AddLine(offset(c, s * 0.38F, s * 0.1F), offset(c, s * 0.38F, s * 0.45F), ink, t);
        draw.AddRect(offset(c, s * 0.02F, -s * 0.22F), offset(c, s * 0.34F, s * 0.0F), ink, s * 0.02F, 0, t);
        draw.AddLine(offset(c, s * 0.18F, s * 0.0F), offset(c, s * 0.18F, s * 0.1F), ink, t);
        break;
    }
    case wire::ResourceKind::open_space: {
        // Two screens on one long table.
        for (const float dx : {-s * 0.24F, s * 0.24F}) {
            draw.AddRect(offset(c, dx - s * 0.17F, -s * 0.3F), offset(c, dx + s * 0.17F, -s * 0.04F), ink, s * 0.02F, 0,
                         t);
            draw.AddLine(offset(c, dx, -s * 0.04F), offset(c, dx, s * 0.08F), ink, t);
        }
        draw.AddRectFilled(offset(c, -s * 0.5F, s * 0.08F), offset(c, s * 0.5F, s * 0.08F + t * 1.4F), ink);
        draw.AddLine(offset(c, -s * 0.42F, s * 0.08F), offset(c, -s * 0.42F, s * 0.42F), ink, t);
        draw.AddLine(offset(c, s * 0.42F, s * 0.08F), offset(c, s * 0.42F, s * 0.42F), ink, t);
        break;
    }
    case wire::ResourceKind::meeting_room: {
        // An oval table seen from above, with chairs around it.
        draw.AddRect(offset(c, -s * 0.28F, -s * 0.16F), offset(c, s * 0.28F, s * 0.16F), ink, s * 0.16F, 0, t);
        for (const float dx : {-s * 0.14F, s * 0.14F}) {
            draw.AddCircleFilled(offset(c, dx, -s * 0.3F), s * 0.07F, ink, 12);
            draw.AddCircleFilled(offset(c, dx, s * 0.3F), s * 0.07F, ink, 12);
        }
        draw.AddCircleFilled(offset(c, -s * 0.4F, 0), s * 0.07F, ink, 12);
        draw.AddCircleFilled(offset(c, s * 0.4F, 0), s * 0.07F, ink, 12);
        break;
    }
    case wire::ResourceKind::visio_room: {
        // A screen with a camera on top and a speaking person on it.
        draw.AddRect(offset(c, -s * 0.45F, -s * 0.28F), offset(c, s * 0.45F, s * 0.3F), ink, s * 0.04F, 0, t);
        draw.AddCircleFilled(offset(c, 0, -s * 0.37F), s * 0.05F, ink, 12);
        draw_person_mark(draw, offset(c, 0, s * 0.04F), s * 0.4F, ink);
        draw.AddLine(offset(c, -s * 0.2F, s * 0.44F), offset(c, s * 0.2F, s * 0.44F), ink, t);
        draw.AddLine(offset(c, 0, s * 0.3F), offset(c, 0, s * 0.44F), ink, t);
        break;
    }
    }
}

void draw_person_mark(ImDrawList& draw, ImVec2 c, float s, ImU32 ink) {
    draw.AddCircleFilled(offset(c, 0, -s * 0.2F), s * 0.2F, ink, 20);
    draw.PathArcTo(offset(c, 0, s * 0.5F), s * 0.38F, std::numbers::pi_v<float>, 2 * std::numbers::pi_v<float>, 20);
    draw.PathFillConvex(ink);
}

void draw_lock_mark(ImDrawList& draw, ImVec2 c, float s, ImU32 ink) {
    const float t = stroke(s) * 1.2F;
    draw.PathArcTo(offset(c, 0, -s * 0.1F), s * 0.2F, std::numbers::pi_v<float>, 2 * std::numbers::pi_v<float>, 16);
    draw.PathStroke(ink, 0, t);
    draw.AddLine(offset(c, -s * 0.2F, -s * 0.1F), offset(c, -s * 0.2F, s * 0.02F), ink, t);
    draw.AddLine(offset(c, s * 0.2F, -s * 0.1F), offset(c, s * 0.2F, s * 0.02F), ink, t);
    draw.AddRectFilled(offset(c, -s * 0.32F, 0), offset(c, s * 0.32F, s * 0.42F), ink, s * 0.06F);
}

void draw_search_mark(ImDrawList& draw, ImVec2 c, float s, ImU32 ink) {
    const float t = stroke(s) * 1.4F;
    draw.AddCircle(offset(c, -s * 0.08F, -s * 0.08F), s * 0.28F, ink, 24, t);
    draw.AddLine(offset(c, s * 0.13F, s * 0.13F), offset(c, s * 0.4F, s * 0.4F), ink, t * 1.3F);
}

void draw_chevron(ImDrawList& draw, ImVec2 c, float s, Direction direction, ImU32 ink) {
    const float a = s * 0.22F;
    const float b = s * 0.4F;
    std::array<ImVec2, 3> points{};
    switch (direction) {
    case Direction::left: points = {offset(c, a, -b), offset(c, -a, 0), offset(c, a, b)}; break;
    case Direction::right: points = {offset(c, -a, -b), offset(c, a, 0), offset(c, -a, b)}; break;
    case Direction::up: points = {offset(c, -b, a), offset(c, 0, -a), offset(c, b, a)}; break;
    case Direction::down: points = {offset(c, -b, -a), offset(c, 0, a), offset(c, b, -a)}; break;
    }
    draw.AddPolyline(points.data(), static_cast<int>(points.size()), ink, 0, stroke(s) * 1.6F);
}

void draw_plus_minus(ImDrawList& draw, ImVec2 c, float s, bool plus, ImU32 ink) {
    const float t = std::max(3.0F, s * 0.14F);
    draw.AddRectFilled(offset(c, -s * 0.4F, -t * 0.5F), offset(c, s * 0.4F, t * 0.5F), ink, t * 0.3F);
    if (plus) {
        draw.AddRectFilled(offset(c, -t * 0.5F, -s * 0.4F), offset(c, t * 0.5F, s * 0.4F), ink, t * 0.3F);
    }
}

void draw_shift_mark(ImDrawList& draw, ImVec2 c, float s, bool on, ImU32 ink) {
    const std::array<ImVec2, 7> arrow{offset(c, 0, -s * 0.45F),         offset(c, s * 0.42F, s * 0.02F),
                                      offset(c, s * 0.18F, s * 0.02F),  offset(c, s * 0.18F, s * 0.42F),
                                      offset(c, -s * 0.18F, s * 0.42F), offset(c, -s * 0.18F, s * 0.02F),
                                      offset(c, -s * 0.42F, s * 0.02F)};
    if (on) {
        // The head (tip and both wings), then the stem.
        draw.AddTriangleFilled(arrow[0], arrow[1], arrow[6], ink);
        draw.AddRectFilled({arrow[5].x, arrow[5].y}, {arrow[3].x, arrow[3].y}, ink);
    } else {
        draw.AddPolyline(arrow.data(), static_cast<int>(arrow.size()), ink, ImDrawFlags_Closed, stroke(s));
    }
}

void draw_backspace_mark(ImDrawList& draw, ImVec2 c, float s, ImU32 ink) {
    const float t = stroke(s);
    const std::array<ImVec2, 5> tag{offset(c, -s * 0.5F, 0), offset(c, -s * 0.22F, -s * 0.32F),
                                    offset(c, s * 0.5F, -s * 0.32F), offset(c, s * 0.5F, s * 0.32F),
                                    offset(c, -s * 0.22F, s * 0.32F)};
    draw.AddPolyline(tag.data(), static_cast<int>(tag.size()), ink, ImDrawFlags_Closed, t);
    draw.AddLine(offset(c, -s * 0.02F, -s * 0.14F), offset(c, s * 0.26F, s * 0.14F), ink, t);
    draw.AddLine(offset(c, -s * 0.02F, s * 0.14F), offset(c, s * 0.26F, -s * 0.14F), ink, t);
}

void draw_free_icon(ImDrawList& draw, ImVec2 c, float radius, ImU32 fill, ImU32 ink) {
    draw_arrival_icon(draw, c, radius, fill, ink);
}

void draw_in_use_icon(ImDrawList& draw, ImVec2 c, float radius, ImU32 fill, ImU32 ink) {
    draw.AddCircleFilled(c, radius, fill, 64);
    const float h = radius * 0.2F;
    draw.AddRectFilled(offset(c, -radius * 0.62F, -h * 0.5F), offset(c, radius * 0.62F, h * 0.5F), ink, h * 0.3F);
}

void draw_closed_icon(ImDrawList& draw, ImVec2 c, float radius, ImU32 fill, ImU32 ink) {
    draw.AddCircleFilled(c, radius, fill, 64);
    draw_lock_mark(draw, offset(c, 0, -radius * 0.06F), radius * 1.05F, ink);
}

} // namespace telecentre::ui
