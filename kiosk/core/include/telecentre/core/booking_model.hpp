#pragma once
// The booking screens' state, as the views see it: part of KioskModel, owned by the UI thread,
// changed only by BookingController.

#include "telecentre/core/booking_slots.hpp"
#include "telecentre/core/clock.hpp"
#include "telecentre/core/text_entry.hpp"
#include "telecentre/wire/booking.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::core {

enum class KioskRole {
    reception, // the site's entrance: check-in, and booking on request
    room,      // inside a meeting or visio room: its home screen is the door panel
};

enum class BookingStep {
    kinds,          // what to book: office, open space, meeting room, visio room
    grid,           // availability of the kind: a day by slots, or a week by days
    search,         // the on-screen keyboard filtering the grid's resources by name
    length,         // how long, from the chosen slot
    badge,          // "tap your badge": to confirm a booking, see one's bookings, or check in
    waiting,        // a request is on its way
    result,         // confirmed, pending, refused, failed (and cancel or check-in outcomes)
    my_bookings,    // the member's upcoming bookings
    cancel_confirm, // "cancel this booking?"
};

enum class GridView { day, week };

enum class BadgePurpose { book, my_bookings, check_in };

// Where the shown availability comes from: the backend now, or the kiosk's cache while offline.
enum class AvailabilityOrigin { live, cache };

struct ShownAvailability {
    wire::Availability data;
    AvailabilityOrigin origin = AvailabilityOrigin::live;
    std::optional<TimePoint> offline_since; // cache: when the kiosk lost the backend
    TimePoint received{};
};

struct BookingSelection {
    std::string resource_id;
    std::string resource_name;
    wire::ResourceKind kind = wire::ResourceKind::office;
    wire::TimePoint start{};
    std::chrono::minutes length{};
    LongestBooking longest; // what the rules and the grid allow from `start`

    [[nodiscard]] wire::TimePoint end() const { return start + length; }
};

enum class OutcomeKind {
    confirmed,      // the backend booked it
    pending,        // journaled offline: confirmed once the link is back
    refused,        // the backend said no (error says why)
    failed,         // neither answered nor journaled
    unavailable,    // the member's bookings could not be fetched (offline)
    cancelled,      // a cancellation done
    cancel_pending, // a cancellation journaled offline
    checked_in,     // "I am here" recorded
};

struct BookingOutcome {
    OutcomeKind kind = OutcomeKind::confirmed;
    std::optional<wire::Booking> booking;    // confirmed, cancelled, checked_in: as the backend returned it
    std::optional<BookingSelection> asked;   // what the member asked (pending, refused, failed)
    std::optional<wire::BookingError> error; // refused
    bool made_offline = false;               // news: how a booking journaled while offline settled, told at a later tap
};

struct MemberBooking {
    wire::Booking booking;
    bool pending = false; // made offline, not yet confirmed by the backend
};

struct MemberBookingsView {
    wire::Member member;
    std::vector<MemberBooking> entries;          // by start
    int first_row = 0;                           // paging
    std::optional<OutcomeKind> notice;           // after a cancellation: cancelled or cancel_pending
    std::optional<wire::BookingRefusal> refusal; // a cancellation refused
    bool failed = false;                         // a cancellation neither answered nor journaled
    bool stale = false;                          // offline: listed from the kiosk's copy
    std::optional<TimePoint> fetched_at;         // stale: when that copy came from the backend
};

// The room terminal's own data: today's availability of its one resource.
struct DoorPanel {
    std::string resource_id;
    std::optional<ShownAvailability> today; // the whole site's day; the panel shows its resource
    bool loading = false;
};

struct BookingModel {
    BookingStep step = BookingStep::kinds;
    std::optional<wire::ResourceKind> kind;
    GridView view = GridView::day;
    LocalDay day{}; // the day the day view shows
    std::optional<ShownAvailability> availability;
    bool loading = false;     // availability asked, not yet here
    bool load_failed = false; // no answer, and nothing cached
    int first_row = 0;        // grid (and my bookings) paging: first row shown
    int first_column = -1;    // day view paging: first slot shown; -1: from the current slot
    TextEntry search;         // filters the grid's rows by name

    std::optional<BookingSelection> selection;
    BadgePurpose badge_purpose = BadgePurpose::book;
    std::string badge_uid; // the badge tapped in this flow; forgotten when the flow ends
    std::optional<BookingOutcome> outcome;
    std::optional<MemberBookingsView> member_bookings;
    std::optional<std::size_t> cancelling;      // index into member_bookings->entries
    std::optional<wire::BusyInterval> check_in; // door panel: the booking "I am here" is for

    std::uint64_t awaited_request = 0; // the request the waiting step is for (0: none)
    TimePoint step_since{};
    TimePoint last_input{};

    DoorPanel door; // room role only
};

} // namespace telecentre::core
