#include "telecentre/core/booking_slots.hpp"

#include <algorithm>
#include <cmath>

namespace telecentre::core {
namespace {

using namespace std::chrono;

minutes slot_length(const wire::Availability& availability) {
    return minutes{std::max(1, availability.rules.slot_minutes)};
}

std::vector<Interval> sorted_open(const wire::Availability& availability) {
    std::vector<Interval> open;
    open.reserve(availability.open.size());
    for (const wire::OpenInterval& interval : availability.open) {
        if (interval.start < interval.end) {
            open.push_back({interval.start, interval.end});
        }
    }
    std::ranges::sort(open, {}, &Interval::start);
    return open;
}

// The end of the opening stretch holding `at` (back-to-back intervals count as one), if open then.
std::optional<wire::TimePoint> open_until(const std::vector<Interval>& open, wire::TimePoint at) {
    std::optional<wire::TimePoint> end;
    for (const Interval& interval : open) {
        if (!end && interval.contains(at)) {
            end = interval.end;
        } else if (end && interval.start <= *end && interval.end > *end) {
            end = interval.end;
        }
    }
    return end;
}

bool inside_open(const std::vector<Interval>& open, const Interval& span) {
    const auto end = open_until(open, span.start);
    return end && *end >= span.end;
}

minutes total(const std::vector<Interval>& intervals) {
    minutes sum{};
    for (const Interval& interval : intervals) {
        sum += interval.length();
    }
    return sum;
}

} // namespace

LocalDay first_day(const wire::Availability& availability) { return LocalDay{availability.from.time_since_epoch()}; }

bool covers_day(const wire::Availability& availability, LocalDay day) {
    const LocalDay first = first_day(availability);
    return day >= first && day < first + days{std::max(0, availability.days)};
}

Interval day_span(LocalDay day) { return {wire::paris_day_start(day), wire::paris_day_start(day + days{1})}; }

wire::TimePoint slot_floor(wire::TimePoint at, int slot_minutes) {
    // Floored on the Paris clock, with the offset in force at `at`: right in the hour that October
    // repeats too. (Slot lengths divide the hour, so this is also the UTC grid.)
    const seconds offset = wire::paris_offset(at);
    const seconds slot = minutes{std::max(1, slot_minutes)};
    const seconds local = (at + offset).time_since_epoch();
    const seconds floored = local - ((local % slot) + slot) % slot;
    return wire::TimePoint{floored - offset};
}

wire::TimePoint slot_ceil(wire::TimePoint at, int slot_minutes) {
    const wire::TimePoint floor = slot_floor(at, slot_minutes);
    return floor == at ? at : floor + minutes{std::max(1, slot_minutes)};
}

std::vector<Interval> open_on(const wire::Availability& availability, LocalDay day) {
    const Interval span = day_span(day);
    std::vector<Interval> clipped;
    for (const Interval& interval : sorted_open(availability)) {
        const Interval part{std::max(interval.start, span.start), std::min(interval.end, span.end)};
        if (part.start < part.end) {
            clipped.push_back(part);
        }
    }
    return clipped;
}

std::vector<Interval> day_columns(const wire::Availability& availability, LocalDay day) {
    const std::vector<Interval> open = open_on(availability, day);
    std::vector<Interval> columns;
    if (open.empty()) {
        return columns;
    }
    const int slot = availability.rules.slot_minutes;
    const wire::TimePoint end = slot_ceil(open.back().end, slot);
    for (wire::TimePoint at = slot_floor(open.front().start, slot); at < end; at += slot_length(availability)) {
        columns.push_back({at, at + slot_length(availability)});
    }
    return columns;
}

std::vector<Slot> resource_slots(const wire::Availability& availability, const wire::ResourceAvailability& resource,
                                 std::span<const Interval> columns, wire::TimePoint now) {
    const std::vector<Interval> open = sorted_open(availability);
    std::vector<Slot> slots;
    slots.reserve(columns.size());
    for (const Interval& column : columns) {
        Slot slot{.time = column};
        for (std::size_t i = 0; i < resource.busy.size(); ++i) {
            if (column.overlaps({resource.busy[i].start, resource.busy[i].end})) {
                slot.busy_index = static_cast<int>(i);
                break;
            }
        }
        if (column.end <= now) {
            slot.state = SlotState::past;
        } else if (slot.busy_index >= 0) {
            slot.state = SlotState::busy;
        } else if (!inside_open(open, column)) {
            slot.state = SlotState::closed;
        }
        slots.push_back(slot);
    }
    return slots;
}

std::vector<Interval> free_intervals(const wire::Availability& availability, const wire::ResourceAvailability& resource,
                                     Interval window, wire::TimePoint now) {
    window.start = std::max(window.start, slot_floor(now, availability.rules.slot_minutes));
    std::vector<Interval> busy;
    for (const wire::BusyInterval& interval : resource.busy) {
        busy.push_back({interval.start, interval.end});
    }
    std::ranges::sort(busy, {}, &Interval::start);

    std::vector<Interval> free;
    for (const Interval& open : sorted_open(availability)) {
        Interval rest{std::max(open.start, window.start), std::min(open.end, window.end)};
        for (const Interval& taken : busy) {
            if (rest.start >= rest.end) {
                break;
            }
            if (!taken.overlaps(rest)) {
                continue;
            }
            if (taken.start > rest.start) {
                free.push_back({rest.start, taken.start});
            }
            rest.start = std::max(rest.start, taken.end);
        }
        if (rest.start < rest.end) {
            free.push_back(rest);
        }
    }
    return free;
}

minutes kind_limit(const wire::BookingRules& rules, wire::ResourceKind kind) {
    for (const auto& rule : rules.kinds) {
        if (rule.kind == kind) {
            return minutes{rule.max_minutes};
        }
    }
    return minutes{600};
}

LongestBooking longest_booking(const wire::Availability& availability, const wire::ResourceAvailability& resource,
                               wire::TimePoint start, wire::TimePoint now) {
    const int slot_minutes = availability.rules.slot_minutes;
    const minutes slot = slot_length(availability);
    LongestBooking longest;
    if (slot_floor(start, slot_minutes) != start || start < slot_floor(now, slot_minutes)) {
        return longest; // off the grid, or a slot that is already over
    }
    const auto closing = open_until(sorted_open(availability), start);
    if (!closing) {
        return longest;
    }
    longest.limit = LengthLimit::closing;
    longest.limit_at = *closing;
    const wire::TimePoint maximum = start + kind_limit(availability.rules, resource.kind);
    if (maximum < longest.limit_at) {
        longest.limit = LengthLimit::kind_maximum;
        longest.limit_at = maximum;
    }
    for (const wire::BusyInterval& busy : resource.busy) {
        if (busy.start <= start && busy.end > start) {
            return LongestBooking{}; // taken
        }
        if (busy.start > start && busy.start <= longest.limit_at) {
            longest.limit = LengthLimit::next_booking;
            longest.limit_at = busy.start;
        }
    }
    const auto whole_slots = (longest.limit_at - start) / slot;
    longest.length = duration_cast<minutes>(slot * whole_slots);
    if (longest.length < slot) {
        longest.length = {};
    }
    return longest;
}

std::optional<minutes> preset_length(LengthPreset preset, const LongestBooking& longest, int slot_minutes) {
    minutes length{};
    switch (preset) {
    case LengthPreset::half_hour: length = minutes{30}; break;
    case LengthPreset::hour: length = hours{1}; break;
    case LengthPreset::two_hours: length = hours{2}; break;
    case LengthPreset::half_day: length = kHalfDay; break;
    case LengthPreset::until_closing:
        if (longest.limit != LengthLimit::closing || longest.length.count() <= 0) {
            return std::nullopt;
        }
        return longest.length;
    }
    if (slot_minutes <= 0 || length.count() % slot_minutes != 0 || length > longest.length) {
        return std::nullopt;
    }
    return length;
}

int DaySummary::free_percent() const {
    if (state != DayState::open || open.count() <= 0 || free.count() <= 0) {
        return 0;
    }
    if (free >= open) {
        return 100;
    }
    const auto percent =
        static_cast<int>(std::lround(100.0 * static_cast<double>(free.count()) / static_cast<double>(open.count())));
    return std::clamp(percent, 1, 99);
}

std::vector<DaySummary> week_summary(const wire::Availability& availability, const wire::ResourceAvailability& resource,
                                     wire::TimePoint now) {
    std::vector<DaySummary> summary;
    const wire::TimePoint from_now = slot_floor(now, availability.rules.slot_minutes);
    for (int i = 0; i < availability.days; ++i) {
        const LocalDay day = first_day(availability) + days{i};
        DaySummary entry{.day = day};
        const std::vector<Interval> open = open_on(availability, day);
        if (!open.empty()) {
            const Interval span = day_span(day);
            const Interval window{std::max(span.start, from_now), span.end};
            std::vector<Interval> ahead;
            for (const Interval& interval : open) {
                const Interval part{std::max(interval.start, window.start), interval.end};
                if (part.start < part.end) {
                    ahead.push_back(part);
                }
            }
            entry.open = total(ahead);
            entry.state = entry.open.count() > 0 ? DayState::open : DayState::over;
            if (entry.state == DayState::open) {
                entry.free = total(free_intervals(availability, resource, window, now));
            }
        }
        summary.push_back(entry);
    }
    return summary;
}

RoomStatus room_status(const wire::Availability& availability, const wire::ResourceAvailability& room,
                       wire::TimePoint now) {
    RoomStatus status;
    const Interval today = day_span(wire::paris_day(now));
    std::vector<wire::BusyInterval> busy = room.busy;
    std::ranges::sort(busy, {}, &wire::BusyInterval::start);
    for (const wire::BusyInterval& interval : busy) {
        if (interval.start <= now && now < interval.end) {
            status.current = interval;
        } else if (interval.start > now && interval.start < today.end) {
            status.next.push_back(interval);
        }
    }
    if (status.current && !status.current->checked_in) {
        status.check_in = status.current;
    } else if (!status.next.empty() && !status.next.front().checked_in &&
               status.next.front().start - kEarlyCheckIn <= now) {
        status.check_in = status.next.front();
    }

    const std::vector<Interval> open = sorted_open(availability);
    if (status.current) {
        status.state = RoomState::busy;
        status.until = status.current->end;
        return status;
    }
    const auto closing = open_until(open, now);
    if (!closing) {
        status.state = RoomState::closed;
        for (const Interval& interval : open) {
            if (interval.start > now && interval.start < today.end) {
                status.until = interval.start;
                break;
            }
        }
        return status;
    }
    status.state = RoomState::free;
    status.until = *closing;
    status.free_until_closing = true;
    if (!status.next.empty() && status.next.front().start < *closing) {
        status.until = status.next.front().start;
        status.free_until_closing = false;
    }
    return status;
}

std::optional<Interval> book_now_interval(const wire::Availability& availability,
                                          const wire::ResourceAvailability& room, wire::TimePoint now, minutes length) {
    const int slot = availability.rules.slot_minutes;
    const Interval wanted{slot_floor(now, slot), slot_ceil(now + length, slot)};
    if (longest_booking(availability, room, wanted.start, now).length < wanted.length()) {
        return std::nullopt;
    }
    return wanted;
}

const wire::ResourceAvailability* find_resource(const wire::Availability& availability, std::string_view id) {
    for (const wire::ResourceAvailability& resource : availability.resources) {
        if (resource.id == id) {
            return &resource;
        }
    }
    return nullptr;
}

} // namespace telecentre::core
