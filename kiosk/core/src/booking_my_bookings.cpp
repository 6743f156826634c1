// BookingController: a member's bookings, and cancelling one of them.

#include "booking_controller_helpers.hpp"
#include "telecentre/core/booking_controller.hpp"

#include <algorithm>

namespace telecentre::core {

using namespace std::chrono;
using detail::Overloaded;

void BookingController::on_member_bookings(std::uint64_t request_id, const MemberBookingsAnswer& answer,
                                           TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || request_id == 0 || request_id != booking.awaited_request) {
        return;
    }
    booking.awaited_request = 0;
    std::visit(Overloaded{
                   [&](const MemberBookingsFound& found) {
                       MemberBookingsView view;
                       view.member = found.bookings.member;
                       view.stale = found.stale;
                       view.fetched_at = found.fetched_at;
                       for (const wire::Booking& made : found.bookings.bookings) {
                           if (made.status == wire::BookingStatus::confirmed) {
                               view.entries.push_back({made, false});
                           }
                       }
                       for (const wire::Booking& pending : found.pending) {
                           view.entries.push_back({pending, true});
                       }
                       std::ranges::stable_sort(view.entries, {},
                                                [](const MemberBooking& entry) { return entry.booking.start; });
                       booking.member_bookings = std::move(view);
                       enter(BookingStep::my_bookings, now);
                   },
                   [&](const wire::BookingError& error) {
                       booking.outcome = BookingOutcome{};
                       booking.outcome->kind = OutcomeKind::refused;
                       booking.outcome->error = error;
                       enter(BookingStep::result, now);
                   },
                   [&](const RequestFailed&) {
                       booking.outcome = BookingOutcome{};
                       booking.outcome->kind = OutcomeKind::unavailable;
                       enter(BookingStep::result, now);
                   },
               },
               answer);
}

void BookingController::ask_cancel(std::size_t entry, TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || booking.step != BookingStep::my_bookings || !booking.member_bookings ||
        entry >= booking.member_bookings->entries.size() || booking.member_bookings->entries[entry].pending ||
        booking.member_bookings->stale) {
        return;
    }
    booking.cancelling = entry;
    booking.member_bookings->notice.reset();
    booking.member_bookings->refusal.reset();
    booking.member_bookings->failed = false;
    enter(BookingStep::cancel_confirm, now);
}

void BookingController::confirm_cancel(TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || booking.step != BookingStep::cancel_confirm || !booking.cancelling || !booking.member_bookings) {
        return;
    }
    const wire::Booking& target = booking.member_bookings->entries[*booking.cancelling].booking;
    booking.awaited_request = next_request();
    m_commands.emplace_back(CancelBooking{
        .request_id = booking.awaited_request, .booking_id = target.id, .cancel = {.badge_uid = booking.badge_uid}});
    enter(BookingStep::waiting, now);
}

void BookingController::keep_booking(TimePoint now) {
    if (in_flow() && m_model.booking.step == BookingStep::cancel_confirm) {
        m_model.booking.cancelling.reset();
        enter(BookingStep::my_bookings, now);
    }
}

void BookingController::on_cancel_answer(std::uint64_t request_id, const BookingAnswer& answer, TimePoint now) {
    BookingModel& booking = m_model.booking;
    if (!in_flow() || request_id == 0 || request_id != booking.awaited_request || !booking.member_bookings ||
        !booking.cancelling) {
        return;
    }
    booking.awaited_request = 0;
    MemberBookingsView& view = *booking.member_bookings;
    const auto remove = [&] {
        view.entries.erase(view.entries.begin() + static_cast<std::ptrdiff_t>(*booking.cancelling));
        booking.first_row = std::min(booking.first_row, std::max(0, static_cast<int>(view.entries.size()) - 1));
    };
    std::visit(Overloaded{
                   [&](const wire::Booking&) {
                       remove();
                       view.notice = OutcomeKind::cancelled;
                   },
                   [&](const JournaledOffline&) {
                       remove();
                       view.notice = OutcomeKind::cancel_pending;
                   },
                   [&](const wire::BookingError& error) { view.refusal = error.reason; },
                   [&](const RequestFailed&) { view.failed = true; },
               },
               answer);
    booking.cancelling.reset();
    enter(BookingStep::my_bookings, now);
}

} // namespace telecentre::core
