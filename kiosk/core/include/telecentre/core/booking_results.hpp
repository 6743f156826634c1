#pragma once
// What the booking engine answers: plain values, copied to the UI thread as they are.

#include "telecentre/core/backend_client.hpp"
#include "telecentre/core/booking_store.hpp"
#include "telecentre/core/clock.hpp"
#include "telecentre/wire/booking.hpp"

#include <optional>
#include <string>
#include <vector>

namespace telecentre::core {

// Whether an answer comes from the backend now or from what the kiosk kept while offline.
enum class Freshness { live, stale };

struct ScheduleQuery {
    std::string site_id;
    wire::Date from{}; // the Paris date of the first day
    int days = 1;      // 1 to 31
    std::optional<wire::ResourceKind> kind;
};

// A booking this kiosk journaled and the backend has not answered yet, on the schedule.
struct PendingSlot {
    std::string resource_id;
    wire::TimePoint start{};
    wire::TimePoint end{};
};

struct AvailabilityResult {
    // The schedule, with this kiosk's pending bookings added to `busy` (booking_id empty, no
    // holder) so nobody is offered them twice; absent when offline with nothing cached, or refused.
    std::optional<wire::Availability> availability;
    Freshness freshness = Freshness::live;
    std::optional<TimePoint> fetched_at; // when the shown copy came from the backend
    std::vector<PendingSlot> pending;    // the pending bookings added, to draw them apart
    std::optional<BackendError> failure; // why there is no schedule (offline, or the backend refused)
};

enum class WriteOutcome {
    confirmed,        // the backend did it: `booking`
    pending,          // journaled: it goes to the backend when the link is back; news tells how it went
    refused,          // `refusal` says why (by the backend, or by the kiosk's cached rules: decided_offline)
    needs_connection, // a cancel or a move while offline: not journaled, try again when online
    failed,           // neither done nor journaled (disk full and no link), or an unexpected answer
};

struct WriteResult {
    WriteOutcome outcome = WriteOutcome::failed;
    std::optional<wire::Booking> booking;
    std::optional<wire::BookingError> refusal;
    bool decided_offline = false;          // refused by the kiosk's copy of the rules, not the backend
    std::optional<std::int64_t> journaled; // pending: the journal entry
    std::optional<BackendError> failure;   // needs_connection, failed: why
};

struct MemberBookingsResult {
    Freshness freshness = Freshness::live;
    // Live: the backend's list. Stale: the last list fetched for this badge, if any, without the
    // bookings already over, plus those this kiosk saw confirmed since.
    std::optional<wire::MemberBookings> bookings;
    std::optional<TimePoint> fetched_at;
    // Booked at this kiosk and not yet answered: id empty, kind and name as far as the kiosk knows.
    std::vector<wire::Booking> pending;
    std::optional<wire::BookingError> refusal; // the backend said no (unknown or revoked badge)
    std::optional<BackendError> failure;       // a backend error other than the link being down
};

// How a booking made here while offline settled, for its member's next tap.
struct BookingNews {
    std::int64_t sequence = 0;
    BookingState state = BookingState::confirmed; // confirmed, refused or failed
    wire::BookingRequest request;
    std::string resource_name;                 // empty when the kiosk never knew it
    std::optional<wire::ResourceKind> kind;    // as far as the kiosk knows
    std::optional<wire::Booking> booking;      // confirmed
    std::optional<wire::BookingError> refusal; // refused: with the nearest free slot when there is one
};

} // namespace telecentre::core
