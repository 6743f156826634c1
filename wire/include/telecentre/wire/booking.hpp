#pragma once
// The booking part of the wire contract: what a kiosk asks (availability, book, change, cancel,
// a member's bookings) and what the backend answers. Standard library only, like types.hpp.
//
// Who books is proven by a badge tap at the kiosk: requests carry the badge UID, never a member
// id, and the backend resolves it. Every write carries an Idempotency-Key header.

#include "telecentre/wire/types.hpp"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace telecentre::wire {

enum class ResourceKind { office, open_space, meeting_room, visio_room };
enum class BookingStatus { confirmed, cancelled, no_show };

// Why a booking write was refused. The kiosk shows a sentence for each; `slot_taken` comes with
// the nearest free slot when there is one.
enum class BookingRefusal {
    unknown_badge,          // no such badge, or its member left
    badge_revoked,          //
    pass_not_valid,         // pass expired or suspended on the day of the booking
    not_allowed_by_pass,    // e.g. offices need a paid pass, the free months give open space
    unknown_resource,       //
    invalid_time_range,     // end not after start
    off_grid,               // start or end not on the site's slot granularity
    in_the_past,            // ends before now (a booking may start in the current slot)
    too_far_ahead,          //
    too_long,               //
    outside_opening_hours,  //
    site_closed,            // a closure day (public holiday, works)
    slot_taken,             // another booking holds part of the slot
    not_your_booking,       // the badge is not the holder's (HTTP 403)
    unknown_booking,        //
    booking_not_changeable, // cancelled, released as a no-show, or already over
};

struct BookingRequest {
    std::string badge_uid;
    std::string resource_id;
    TimePoint start{};
    TimePoint end{};
};

// Moves a booking (same resource). Only the holder's badge may.
struct BookingChange {
    std::string badge_uid;
    TimePoint start{};
    TimePoint end{};
};

struct BookingCancel {
    std::string badge_uid;
};

struct Booking {
    std::string id;
    std::string site_id;
    std::string resource_id;
    std::string resource_name;
    ResourceKind kind = ResourceKind::office;
    std::string member_id;
    std::string holder; // the member's display name, as door panels show it
    TimePoint start{};
    TimePoint end{};
    BookingStatus status = BookingStatus::confirmed;
    std::optional<TimePoint> checked_in_at;
};

struct SlotSuggestion {
    std::string resource_id;
    TimePoint start{};
    TimePoint end{};
    std::string resource_name; // for a client that never fetched the site's schedule; may be empty
};

// The body of every refused booking write (HTTP 403, 404, 409 or 422).
struct BookingError {
    BookingRefusal reason = BookingRefusal::slot_taken;
    std::string message; // an English sentence for logs; the kiosk shows its own words
    std::optional<SlotSuggestion> suggestion;
};

struct MemberBookings {
    Member member;
    std::vector<Booking> bookings; // upcoming and current, across every site, by start
};

// A booked interval as availability shows it. The holder is named for door panels and the
// site's own kiosks; availability of another site omits it.
struct BusyInterval {
    TimePoint start{};
    TimePoint end{};
    std::string booking_id;
    std::optional<std::string> holder;
    bool checked_in = false;
};

struct ResourceAvailability {
    std::string id;
    ResourceKind kind = ResourceKind::office;
    std::string name;
    int capacity = 1;
    std::vector<std::string> equipment;
    std::vector<BusyInterval> busy; // sorted, non-overlapping
};

struct OpenInterval {
    TimePoint start{};
    TimePoint end{};
};

struct BookingRules {
    int slot_minutes = 30;
    int max_days_ahead = 60;
    int no_show_grace_minutes = 30;
    struct KindRule {
        ResourceKind kind = ResourceKind::office;
        int max_minutes = 600;
        bool free_period_allowed = false; // members in their free months may book this kind
    };
    std::vector<KindRule> kinds;
};

// GET /v1/sites/{site}/availability?from=YYYY-MM-DD&days=N[&kind=K]
struct Availability {
    std::string site_id;
    Date from{};
    int days = 1;
    TimePoint generated_at{};
    BookingRules rules;
    std::vector<OpenInterval> open; // the site's opening hours over the days, closures removed
    std::vector<ResourceAvailability> resources;
};

// Pushed on the live channel to the kiosks of a booking's site when it is made, moved,
// cancelled, checked into or released.
struct BookingEvent {
    std::string
        type; // "booking.created", "booking.changed", "booking.cancelled", "booking.checked_in", "booking.released"
    Booking booking;
};

[[nodiscard]] const char* to_string(ResourceKind);
[[nodiscard]] const char* to_string(BookingStatus);
[[nodiscard]] const char* to_string(BookingRefusal);
[[nodiscard]] std::optional<ResourceKind> resource_kind_from(std::string_view);
[[nodiscard]] std::optional<BookingStatus> booking_status_from(std::string_view);

} // namespace telecentre::wire
