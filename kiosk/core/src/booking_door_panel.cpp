// BookingController: the room terminal's door panel (book now, I am here) and its refresh.

#include "booking_controller_helpers.hpp"
#include "telecentre/core/booking_controller.hpp"

#include <algorithm>

namespace telecentre::core {

using namespace std::chrono;
using detail::as_date;
using detail::Overloaded;
using detail::seconds_of;

void BookingController::book_now(minutes length, TimePoint now) {
    const DoorPanel& door = m_model.booking.door;
    if (m_model.role != KioskRole::room || m_model.screen != Screen::home || !door.today) {
        return;
    }
    const wire::ResourceAvailability* room = find_resource(door.today->data, door.resource_id);
    if (room == nullptr) {
        return;
    }
    const wire::TimePoint at = seconds_of(now);
    const auto wanted = book_now_interval(door.today->data, *room, at, length);
    if (!wanted) {
        return;
    }
    open(now);
    m_model.booking.availability = door.today;
    m_model.booking.kind = room->kind;
    m_model.booking.selection =
        BookingSelection{.resource_id = room->id,
                         .resource_name = room->name,
                         .kind = room->kind,
                         .start = wanted->start,
                         .length = wanted->length(),
                         .longest = longest_booking(door.today->data, *room, wanted->start, at)};
    ask_badge(BadgePurpose::book, now);
}

void BookingController::check_in(TimePoint now) {
    const DoorPanel& door = m_model.booking.door;
    if (m_model.role != KioskRole::room || m_model.screen != Screen::home || !door.today) {
        return;
    }
    const wire::ResourceAvailability* room = find_resource(door.today->data, door.resource_id);
    if (room == nullptr) {
        return;
    }
    const RoomStatus status = room_status(door.today->data, *room, seconds_of(now));
    if (!status.check_in) {
        return;
    }
    open(now);
    m_model.booking.check_in = status.check_in;
    ask_badge(BadgePurpose::check_in, now);
}

void BookingController::on_check_in_answer(std::uint64_t request_id, const BookingAnswer& answer, TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || request_id == 0 || request_id != booking.awaited_request) {
        return;
    }
    booking.awaited_request = 0;
    BookingOutcome outcome;
    outcome.kind = OutcomeKind::checked_in;
    std::visit(Overloaded{
                   [&](const wire::Booking& made) { outcome.booking = made; },
                   [&](const wire::BookingError& error) {
                       outcome.kind = OutcomeKind::refused;
                       outcome.error = error;
                   },
                   [&](const JournaledOffline&) {},
                   [&](const RequestFailed&) { outcome.kind = OutcomeKind::failed; },
               },
               answer);
    booking.outcome = std::move(outcome);
    // The door panel shows the check-in at once; the next refresh brings the backend's word.
    if (booking.outcome->kind == OutcomeKind::checked_in && booking.check_in && booking.door.today) {
        for (auto& resource : booking.door.today->data.resources) {
            for (auto& busy : resource.busy) {
                if (busy.booking_id == booking.check_in->booking_id) {
                    busy.checked_in = true;
                }
            }
        }
    }
    enter(BookingStep::result, now);
}

void BookingController::fetch_door(TimePoint now) {
    DoorPanel& door = m_model.booking.door;
    m_door_request = next_request();
    m_door_asked = now;
    door.loading = true;
    m_commands.emplace_back(FetchAvailability{.request_id = m_door_request,
                                              .site_id = m_model.site_id,
                                              .from = as_date(wire::paris_day(seconds_of(now))),
                                              .days = 1,
                                              .kind = std::nullopt});
    touch();
}

void BookingController::refresh(TimePoint now) {
    if (m_model.role == KioskRole::room && !m_model.booking.door.resource_id.empty() && !m_model.booking.door.loading) {
        fetch_door(now);
    }
    const BookingModel& booking = m_model.booking;
    if (in_flow() && booking.kind && !booking.loading &&
        (booking.step == BookingStep::grid || booking.step == BookingStep::search)) {
        fetch(booking.view == GridView::week ? 7 : 1, now);
    }
}

} // namespace telecentre::core
