#pragma once
// The booking flow's views, one per step; draw_booking() picks the one for the model's step.

#include "telecentre/core/kiosk_model.hpp"
#include "widgets.hpp"

namespace telecentre::ui {

void draw_booking_kinds(Frame& frame, const core::KioskModel& model);
void draw_booking_grid(Frame& frame, const core::KioskModel& model);
void draw_booking_search(Frame& frame, const core::KioskModel& model);
void draw_booking_length(Frame& frame, const core::KioskModel& model);
void draw_booking_badge(Frame& frame, const core::KioskModel& model);
void draw_booking_waiting(Frame& frame, const core::KioskModel& model);
void draw_booking_result(Frame& frame, const core::KioskModel& model);
void draw_my_bookings(Frame& frame, const core::KioskModel& model);
void draw_cancel_confirm(Frame& frame, const core::KioskModel& model);

// The resources of the grid, filtered by the search text: indices into availability.resources.
[[nodiscard]] std::vector<int> shown_resources(const core::BookingModel& booking);

// The selection's card lines (resource, site, day, hours).
struct BookingLines;
[[nodiscard]] BookingLines selection_lines(const Frame& frame, const core::KioskModel& model,
                                           const core::BookingSelection& selection);

} // namespace telecentre::ui
