#pragma once
// The cells of the availability grid (day and week views) and how they page. Used by
// booking_grid_view.cpp, which adds the header, the footer and the empty states.

#include "telecentre/core/booking_slots.hpp"
#include "telecentre/core/kiosk_model.hpp"
#include "widgets.hpp"

#include <span>
#include <vector>

namespace telecentre::ui {

// Which part of the grid fits on screen.
struct GridPaging {
    int first_row = 0;
    int visible_rows = 0;
    int total_rows = 0;
    int first_column = 0;
    int visible_columns = 0;
    int total_columns = 0;

    [[nodiscard]] bool rows_paged() const { return visible_rows < total_rows; }
    [[nodiscard]] bool columns_paged() const { return visible_columns < total_columns; }
};

// `rows` index the availability's resources (already filtered); both draw into `area`.
GridPaging draw_day_grid(Frame& frame, const core::KioskModel& model, std::span<const int> rows,
                         std::span<const core::Interval> columns, const Box& area);
GridPaging draw_week_grid(Frame& frame, const core::KioskModel& model, std::span<const int> rows, const Box& area);

// A cell's background and pattern for a slot state (the legend draws the same faces).
void draw_slot_face(Frame& frame, const Box& box, core::SlotState state);

} // namespace telecentre::ui
