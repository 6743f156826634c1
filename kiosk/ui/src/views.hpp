#pragma once
// One view per screen. A view reads the model, draws into the frame and appends commands to it;
// it keeps no state of its own.

#include "telecentre/core/kiosk_model.hpp"
#include "widgets.hpp"

namespace telecentre::ui {

void draw_home(Frame& frame, const core::KioskModel& model);
void draw_checking(Frame& frame, const core::KioskModel& model, double seconds);
void draw_result(Frame& frame, const core::KioskModel& model);
void draw_error(Frame& frame, const core::KioskModel& model);
// The booking flow: one view per BookingStep (booking_*_view.cpp), and the room's door panel.
void draw_booking(Frame& frame, const core::KioskModel& model);
void draw_call(Frame& frame, const core::KioskModel& model);
void draw_door_panel(Frame& frame, const core::KioskModel& model);
void draw_conference(Frame& frame, const core::KioskModel& model);

// Paris local time of the model's clock.
[[nodiscard]] std::chrono::local_seconds local_now(const core::KioskModel& model);

} // namespace telecentre::ui
