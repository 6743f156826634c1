#pragma once
// Hands a visitor's command to the controller that owns it: the language and "done" to
// KioskController, the booking screens and the door panel to BookingController, visio-accueil to
// CallController, the room's conference to ConferenceController, the keyboard to whichever screen shows it.
// The app calls it for every command draw() returns; tests drive whole flows with it.
// Threading: UI thread.

#include "telecentre/core/booking_controller.hpp"
#include "telecentre/core/call_controller.hpp"
#include "telecentre/core/conference_controller.hpp"
#include "telecentre/core/kiosk_controller.hpp"
#include "telecentre/ui/kiosk_ui.hpp"

namespace telecentre::ui {

// `model` is the one the controllers own: a slot's row index is read from its availability.
// `conference`: the room role's conference; null where there is none (its commands are ignored).
void dispatch(const Command& command, const core::KioskModel& model, core::KioskController& kiosk,
              core::BookingController& booking, core::CallController& call, core::ConferenceController* conference,
              core::TimePoint now);

} // namespace telecentre::ui
