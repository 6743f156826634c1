#pragma once
// The kiosk's durable booking state: the journal of bookings made here (written before the member
// sees "pending", replayed in order with the same idempotency key until the backend answers), and
// the copies of the schedule and of members' bookings last fetched, for when the link is down.
// Threading: used from the booking worker thread only.

#include "telecentre/core/clock.hpp"
#include "telecentre/wire/booking.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::core {

enum class BookingState {
    pending,   // journaled, not yet answered by the backend
    confirmed, // the backend booked it (201)
    refused,   // the backend said no (409 slot taken, 422 a rule), or the kiosk's own rules did
    failed,    // set aside: an answer that was neither (another 4xx, an unreadable body)
};

// Whether the member was shown how a journaled booking settled.
enum class Told { no, yes };

struct JournaledBooking {
    std::int64_t sequence = 0;
    std::string idempotency_key;
    wire::BookingRequest request;
    std::string resource_name; // from the schedule cache when journaled; empty when unknown
    BookingState state = BookingState::pending;
    std::optional<wire::Booking> booking;      // confirmed: as the backend returned it
    std::optional<wire::BookingError> refusal; // refused: the reason, with the nearest free slot
    std::string failure;                       // failed: why, for the operators
    Told told = Told::no;
    int attempts = 0;
    TimePoint journaled_at{};
    std::optional<TimePoint> settled_at;
};

// How a pending booking settled, as written back to the journal.
struct Settlement {
    BookingState state = BookingState::confirmed;
    std::optional<wire::Booking> booking;
    std::optional<wire::BookingError> refusal;
    std::string failure;
};

// One availability answer as fetched: `kind` is the filter it was asked with (none: every kind).
struct CachedSchedule {
    std::optional<wire::ResourceKind> kind;
    wire::Availability availability;
    TimePoint fetched_at{};
};

struct CachedMemberBookings {
    wire::MemberBookings bookings;
    TimePoint fetched_at{};
};

// Which cached schedules to read: those of `site` (none: every site) whose days include all of
// [first, last].
struct ScheduleFilter {
    std::optional<std::string> site;
    wire::Date first{};
    wire::Date last{};
};

class BookingStore {
public:
    virtual ~BookingStore() = default;

    // The journal. append() returns only once the entry is on disk.
    [[nodiscard]] virtual std::expected<std::int64_t, std::string> append(const std::string& idempotency_key,
                                                                          const wire::BookingRequest& request,
                                                                          const std::string& resource_name,
                                                                          TimePoint now) = 0;
    [[nodiscard]] virtual std::expected<std::optional<JournaledBooking>, std::string> oldest_pending() = 0;
    [[nodiscard]] virtual std::expected<void, std::string> settle(std::int64_t sequence, const Settlement& settlement,
                                                                  Told told, TimePoint now) = 0;
    [[nodiscard]] virtual std::expected<void, std::string> count_attempt(std::int64_t sequence) = 0;
    [[nodiscard]] virtual std::expected<void, std::string> mark_told(std::int64_t sequence) = 0;
    [[nodiscard]] virtual int pending_count() = 0;
    // Every entry still kept (of one badge, or of all), oldest first.
    [[nodiscard]] virtual std::expected<std::vector<JournaledBooking>, std::string>
    entries(const std::optional<std::string>& badge_uid) = 0;

    // The caches.
    [[nodiscard]] virtual std::expected<void, std::string> save_schedule(const CachedSchedule& schedule) = 0;
    // Newest first.
    [[nodiscard]] virtual std::expected<std::vector<CachedSchedule>, std::string>
    schedules(const ScheduleFilter& filter) = 0;
    [[nodiscard]] virtual std::expected<void, std::string> save_member_bookings(const std::string& badge_uid,
                                                                                const CachedMemberBookings& list) = 0;
    [[nodiscard]] virtual std::expected<std::optional<CachedMemberBookings>, std::string>
    member_bookings(const std::string& badge_uid) = 0;

    // Forgets what no longer helps: settled entries told before `settled_before` or for bookings
    // that ended before it, and cached copies fetched before it or about days already past.
    [[nodiscard]] virtual std::expected<void, std::string> purge(TimePoint settled_before, TimePoint now) = 0;
};

} // namespace telecentre::core
