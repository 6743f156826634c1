#pragma once
// The arithmetic of booking: what is free when, how long a booking may last, how full a day is,
// and what a room's door panel says. Pure functions over the wire's Availability; no clock is read
// (`now` is always given), so tests pin any moment, DST days included.
//
// Times are UTC instants (wire::TimePoint); days are Paris calendar days (wire/local_time.hpp),
// and slots are aligned on the Paris clock. Availability::from is the Paris date of its first day.
// Threading: pure functions, safe anywhere.

#include "telecentre/wire/booking.hpp"
#include "telecentre/wire/local_time.hpp"

#include <chrono>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace telecentre::core {

using LocalDay = std::chrono::local_days;

struct Interval {
    wire::TimePoint start{};
    wire::TimePoint end{};

    [[nodiscard]] std::chrono::minutes length() const {
        return std::chrono::duration_cast<std::chrono::minutes>(end - start);
    }
    [[nodiscard]] bool contains(wire::TimePoint at) const { return start <= at && at < end; }
    [[nodiscard]] bool overlaps(const Interval& other) const { return start < other.end && other.start < end; }
    friend bool operator==(const Interval&, const Interval&) = default;
};

// The Paris day of the availability's first day, and whether a day is among those it covers.
[[nodiscard]] LocalDay first_day(const wire::Availability& availability);
[[nodiscard]] bool covers_day(const wire::Availability& availability, LocalDay day);
// The UTC instants a Paris day begins and ends (23 or 25 hours apart on DST days).
[[nodiscard]] Interval day_span(LocalDay day);

// The start of the slot holding `at`, and the first slot boundary at or after it (Paris clock).
[[nodiscard]] wire::TimePoint slot_floor(wire::TimePoint at, int slot_minutes);
[[nodiscard]] wire::TimePoint slot_ceil(wire::TimePoint at, int slot_minutes);

// The site's opening intervals on one day, clipped to it, in order.
[[nodiscard]] std::vector<Interval> open_on(const wire::Availability& availability, LocalDay day);

// The columns of a day's grid: slots from the day's first opening to its last closing (closed
// hours in between, a lunch break, are columns too, shown closed). Empty on a closed day.
[[nodiscard]] std::vector<Interval> day_columns(const wire::Availability& availability, LocalDay day);

enum class SlotState {
    free,   // bookable
    busy,   // held by a booking (busy_index says which)
    closed, // outside opening hours
    past,   // over: ends at or before now
};

struct Slot {
    Interval time;
    SlotState state = SlotState::free;
    int busy_index = -1; // into ResourceAvailability::busy when busy
};

// The state of each column for one resource. A slot already begun is still free (a booking may
// start in the current slot); one that is over is past, whatever it held.
[[nodiscard]] std::vector<Slot> resource_slots(const wire::Availability& availability,
                                               const wire::ResourceAvailability& resource,
                                               std::span<const Interval> columns, wire::TimePoint now);

// The open, unbooked intervals of a resource within `window`, from the current slot on.
[[nodiscard]] std::vector<Interval> free_intervals(const wire::Availability& availability,
                                                   const wire::ResourceAvailability& resource, Interval window,
                                                   wire::TimePoint now);

// The kind's longest booking (the rules' max_minutes; 600 when the rules do not name the kind).
[[nodiscard]] std::chrono::minutes kind_limit(const wire::BookingRules& rules, wire::ResourceKind kind);

// What ends a booking starting at `start`, and where.
enum class LengthLimit { next_booking, closing, kind_maximum };
struct LongestBooking {
    std::chrono::minutes length{}; // whole slots; zero when `start` is not bookable
    LengthLimit limit = LengthLimit::closing;
    wire::TimePoint limit_at{}; // the next booking's start, the closing time, or start + the maximum
};
[[nodiscard]] LongestBooking longest_booking(const wire::Availability& availability,
                                             const wire::ResourceAvailability& resource, wire::TimePoint start,
                                             wire::TimePoint now);

// The ready-made lengths offered next to the +/- buttons, and the length each gives from the
// start of `longest` when the grid and the rules allow it (a half day is four hours; "until
// closing" only when nothing else ends the booking first).
enum class LengthPreset { half_hour, hour, two_hours, half_day, until_closing };
inline constexpr std::chrono::minutes kHalfDay{240};
[[nodiscard]] std::optional<std::chrono::minutes> preset_length(LengthPreset preset, const LongestBooking& longest,
                                                                int slot_minutes);

// How free a resource is on one day, counted from the current slot on for today.
enum class DayState { open, closed, over };
struct DaySummary {
    LocalDay day{};
    DayState state = DayState::closed;
    std::chrono::minutes open{}; // opening time still to come that day
    std::chrono::minutes free{}; // of which unbooked

    // 0 only when nothing is free, 100 only when all is; 0 on a closed or finished day.
    [[nodiscard]] int free_percent() const;
};
[[nodiscard]] std::vector<DaySummary> week_summary(const wire::Availability& availability,
                                                   const wire::ResourceAvailability& resource, wire::TimePoint now);

// What a door panel says about its room at `now`.
enum class RoomState { free, busy, closed };
struct RoomStatus {
    RoomState state = RoomState::closed;
    // free: until the next booking or closing; busy: the current booking's end; closed: the next
    // opening today, if any.
    std::optional<wire::TimePoint> until;
    bool free_until_closing = false;           // free: nothing booked before closing
    std::optional<wire::BusyInterval> current; // busy: the booking holding the room
    std::vector<wire::BusyInterval> next;      // today's bookings starting after now, in order
    // The booking its holder may check into now: the current one, or one starting within
    // kEarlyCheckIn, while not checked in.
    std::optional<wire::BusyInterval> check_in;
};
inline constexpr std::chrono::minutes kEarlyCheckIn{15};
[[nodiscard]] RoomStatus room_status(const wire::Availability& availability, const wire::ResourceAvailability& room,
                                     wire::TimePoint now);

// "Book now" on a door panel: from the current slot to the first slot boundary `length` from now;
// empty unless all of it is open and free and within the kind's maximum.
[[nodiscard]] std::optional<Interval> book_now_interval(const wire::Availability& availability,
                                                        const wire::ResourceAvailability& room, wire::TimePoint now,
                                                        std::chrono::minutes length);

[[nodiscard]] const wire::ResourceAvailability* find_resource(const wire::Availability& availability,
                                                              std::string_view id);

} // namespace telecentre::core
