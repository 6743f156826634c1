#pragma once
// The booking API of the backend as the kiosk sees it. A write the backend refuses with a
// BookingError body (403, 404, 409, 422) is an *answer*, given as the second alternative of
// BookingReply; only a transport failure, a 5xx, another 4xx or an unreadable body is an error.
// Threading: blocking calls with bounded timeouts, made from the booking worker thread only.

#include "telecentre/core/backend_client.hpp"
#include "telecentre/wire/booking.hpp"

#include <expected>
#include <optional>
#include <string>
#include <variant>

namespace telecentre::core {

// What the backend answered: the thing asked for, or why it said no.
template <typename T> using BookingReply = std::variant<T, wire::BookingError>;

class BookingBackend {
public:
    virtual ~BookingBackend() = default;
    [[nodiscard]] virtual std::expected<wire::Availability, BackendError>
    availability(const std::string& site, wire::Date from, int days, std::optional<wire::ResourceKind> kind) = 0;
    [[nodiscard]] virtual std::expected<BookingReply<wire::Booking>, BackendError>
    book(const std::string& idempotency_key, const wire::BookingRequest& request) = 0;
    [[nodiscard]] virtual std::expected<BookingReply<wire::Booking>, BackendError>
    change(const std::string& idempotency_key, const std::string& booking_id, const wire::BookingChange& change) = 0;
    [[nodiscard]] virtual std::expected<BookingReply<wire::Booking>, BackendError>
    cancel(const std::string& idempotency_key, const std::string& booking_id, const wire::BookingCancel& cancel) = 0;
    [[nodiscard]] virtual std::expected<BookingReply<wire::MemberBookings>, BackendError>
    member_bookings(const std::string& badge_uid) = 0;
    // "I am here" at the room's door: from a quarter of an hour before the start until the end
    // (otherwise 422 booking_not_changeable); only the holder's badge may (403 not_your_booking).
    [[nodiscard]] virtual std::expected<BookingReply<wire::Booking>, BackendError>
    check_in(const std::string& idempotency_key, const std::string& booking_id, const wire::BookingCancel& holder) = 0;
};

} // namespace telecentre::core
