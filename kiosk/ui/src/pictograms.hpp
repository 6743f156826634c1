#pragma once
// Simple pictograms drawn from ImGui draw-list shapes: no icon font, no image files.
// Each one pairs with words; none carries meaning by colour alone.

#include "telecentre/core/kiosk_model.hpp"

#include <imgui.h>

namespace telecentre::ui {

struct Box;
struct Palette;

// A member's badge held above a contactless reader, with the waves between them.
void draw_badge_on_reader(ImDrawList& draw, const Box& area, const Palette& colours, bool reader_available);
// A small mark for the top bar: a house with a signal arc (the telecentre network).
void draw_network_mark(ImDrawList& draw, const Box& area, ImU32 ink, ImU32 background);

void draw_check_mark(ImDrawList& draw, ImVec2 centre, float radius, ImU32 colour, float thickness);
// Large round state icons: a check (arrival), an arrow out of a door (departure), "!" (refusal),
// "i" (information).
void draw_arrival_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink);
void draw_departure_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink);
void draw_alert_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink);
void draw_info_icon(ImDrawList& draw, ImVec2 centre, float radius, ImU32 fill, ImU32 ink);

// Status marks for the status line: filled dot (online), ring crossed out (offline), ring (unknown).
void draw_connection_mark(ImDrawList& draw, ImVec2 centre, float radius, core::Connection connection, ImU32 ink);
// Card heading marks.
void draw_pass_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink);
void draw_clock_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink);
void draw_calendar_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink);
void draw_reader_mark(ImDrawList& draw, ImVec2 centre, float size, core::ReaderState state, ImU32 ink);
// A right arrow, for "what to do" hints.
void draw_arrow_mark(ImDrawList& draw, ImVec2 centre, float size, ImU32 ink);

// A ring with a moving arc; `seconds` drives the rotation.
void draw_spinner(ImDrawList& draw, ImVec2 centre, float radius, float thickness, ImU32 track, ImU32 arc,
                  double seconds);

} // namespace telecentre::ui
