#pragma once
// Booking use cases: availability of a site, book / move / cancel with an Idempotency-Key, a
// member's bookings, the no-show release and calendar feeds. Who books is proven by a badge tap
// at a kiosk; the store (not this code) makes an overlap impossible.
//
// Threading: every method may be called from several threads at once. The publisher is called
// after a write committed, on the calling thread.

#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/store.hpp"

#include <expected>
#include <functional>
#include <optional>
#include <string>

namespace telecentre::backend {

// An answer to send as is: status and encoded body (a wire::Booking, wire::MemberBookings or
// wire::BookingError), replayed byte for byte for a repeated Idempotency-Key.
struct BookingAnswer {
    int status = 200;
    std::string body;
    bool replayed = false;
};

struct AvailabilityQuery {
    std::string site_id;
    wire::Date from{};
    int days = 1; // 1 to 31
    std::optional<ResourceKind> kind;
};

class BookingService {
public:
    using Clock = std::function<wire::TimePoint()>;
    using Publisher = std::function<void(const wire::BookingEvent&)>;

    explicit BookingService(Store& store, Clock clock = {}, Publisher publisher = {});

    [[nodiscard]] std::expected<wire::Availability, DomainError> availability(const DeviceRecord& device,
                                                                              const AvailabilityQuery& query);
    [[nodiscard]] std::expected<BookingAnswer, DomainError>
    book(const DeviceRecord& device, const std::string& idempotency_key, const wire::BookingRequest& request);
    [[nodiscard]] std::expected<BookingAnswer, DomainError> change(const DeviceRecord& device,
                                                                   const std::string& idempotency_key,
                                                                   const std::string& booking_id,
                                                                   const wire::BookingChange& request);
    [[nodiscard]] std::expected<BookingAnswer, DomainError> cancel(const DeviceRecord& device,
                                                                   const std::string& idempotency_key,
                                                                   const std::string& booking_id,
                                                                   const wire::BookingCancel& request);
    // "I am here" on a room's door panel: the holder's badge marks the booking attended, from a
    // quarter of an hour before its start to its end.
    [[nodiscard]] std::expected<BookingAnswer, DomainError> check_in(const DeviceRecord& device,
                                                                     const std::string& idempotency_key,
                                                                     const std::string& booking_id,
                                                                     const wire::BookingCancel& request);
    // Upcoming and current bookings of the badge's holder, across every site.
    [[nodiscard]] std::expected<BookingAnswer, DomainError> member_bookings(const DeviceRecord& device,
                                                                            const std::string& badge_uid);

    // Releases confirmed bookings not checked in within their site's grace time, unless the
    // holder is inside the site (then the booking counts as attended). Returns how many were
    // released. The server calls it every minute; tests call it with a fake clock.
    [[nodiscard]] std::expected<int, DomainError> release_no_shows();

    // A new secret calendar URL token for a member or a resource; only its hash is stored.
    [[nodiscard]] std::expected<std::string, DomainError> issue_calendar_feed(const CalendarSubject& subject);
    // The iCalendar (RFC 5545) text of the feed a token opens: not_found for an unknown token.
    [[nodiscard]] std::expected<std::string, DomainError> calendar(const std::string& token);

private:
    template <typename Unit> std::expected<BookingAnswer, DomainError> write(Unit unit);
    wire::TimePoint now() const;

    Store& m_store;
    Clock m_clock;
    Publisher m_publisher;
};

} // namespace telecentre::backend
