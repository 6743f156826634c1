#pragma once
// Pictograms of the booking screens, drawn from draw-list shapes like pictograms.hpp: the kinds of
// resource, keyboard and navigation marks, the door panel's state icons. Each pairs with words.
// (The grid's hatchings are textures: SolidFills::pattern in shapes.hpp.)

#include "telecentre/wire/booking.hpp"

#include <imgui.h>

namespace telecentre::ui {

struct Box;

// A desk (office), two desks side by side (open space), a table with chairs (meeting room), a
// screen with a camera (visio room).
void draw_kind_mark(ImDrawList& draw, wire::ResourceKind kind, ImVec2 centre, float size, ImU32 ink);

// A head and shoulders: someone holds this.
void draw_person_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink);
// A padlock: closed.
void draw_lock_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink);
// A magnifying glass.
void draw_search_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink);

enum class Direction { left, right, up, down };
void draw_chevron(ImDrawList& draw, ImVec2 centre, float size, Direction direction, ImU32 ink);
void draw_plus_minus(ImDrawList& draw, ImVec2 centre, float size, bool plus, ImU32 ink);

// Keyboard keys: an outlined (or filled, when on) arrow up for shift, a backspace tag.
void draw_shift_mark(ImDrawList& draw, ImVec2 centre, float size, bool on, ImU32 ink);
void draw_backspace_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink);

// The door panel's big state icons: a check (free), a no-entry bar (in use), a padlock (closed).
void draw_free_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink);
void draw_in_use_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink);
void draw_closed_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink);

} // namespace telecentre::ui
