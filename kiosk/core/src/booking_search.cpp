// BookingController: the search box and its on-screen keyboard.

#include "booking_controller_helpers.hpp"
#include "telecentre/core/booking_controller.hpp"

#include <algorithm>

namespace telecentre::core {

using namespace std::chrono;

void BookingController::open_search(TimePoint now) {
    if (in_flow() && m_model.booking.step == BookingStep::grid) {
        enter(BookingStep::search, now);
    }
}

void BookingController::clear_search(TimePoint now) {
    if (in_flow()) {
        clear(m_model.booking.search);
        m_model.booking.first_row = 0;
        input(now);
    }
}

void BookingController::key_character(char32_t character, TimePoint now) {
    if (in_flow() && m_model.booking.step == BookingStep::search) {
        type_character(m_model.booking.search, character);
        m_model.booking.first_row = 0;
        input(now);
    }
}

void BookingController::key_backspace(TimePoint now) {
    if (in_flow() && m_model.booking.step == BookingStep::search) {
        erase_character(m_model.booking.search);
        m_model.booking.first_row = 0;
        input(now);
    }
}

void BookingController::key_shift(TimePoint now) {
    if (in_flow() && m_model.booking.step == BookingStep::search) {
        toggle_shift(m_model.booking.search);
        input(now);
    }
}

void BookingController::key_accents(TimePoint now) {
    if (in_flow() && m_model.booking.step == BookingStep::search) {
        toggle_accents(m_model.booking.search);
        input(now);
    }
}

void BookingController::key_done(TimePoint now) {
    if (in_flow() && m_model.booking.step == BookingStep::search) {
        enter(BookingStep::grid, now);
    }
}

} // namespace telecentre::core
