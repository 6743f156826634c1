#include "telecentre/core/booking_schedule.hpp"

#include "telecentre/wire/local_time.hpp"

#include <algorithm>

namespace telecentre::core {

using namespace std::chrono;
using wire::BookingRefusal;

namespace {

struct Range {
    wire::TimePoint start{};
    wire::TimePoint end{};
};

Range days_of(wire::Date from, int count) {
    const local_days first{from.time_since_epoch()};
    return {wire::paris_day_start(first), wire::paris_day_start(first + days{count})};
}

bool meets(const Range& range, wire::TimePoint start, wire::TimePoint end) {
    return start < range.end && range.start < end;
}

// Minutes since the Paris-local midnight of the moment's own day: the slot grid is local.
minutes local_minute_of_day(wire::TimePoint at) {
    const auto local = wire::to_paris(at);
    return floor<minutes>(local - floor<days>(local));
}

wire::BookingError refusal(BookingRefusal reason, std::string message) {
    return wire::BookingError{reason, std::move(message), std::nullopt};
}

const wire::ResourceAvailability* find_resource(const wire::Availability& availability, const std::string& id) {
    const auto found = std::find_if(availability.resources.begin(), availability.resources.end(),
                                    [&](const auto& resource) { return resource.id == id; });
    return found == availability.resources.end() ? nullptr : &*found;
}

} // namespace

std::optional<CachedSchedule> pick_schedule(std::span<const CachedSchedule> copies, const ScheduleQuery& query) {
    for (const auto& copy : copies) {
        const auto& held = copy.availability;
        // A copy filtered to one kind cannot answer for another kind, nor for all of them.
        const bool kind_held = !copy.kind || copy.kind == query.kind;
        const bool days_held = held.from <= query.from && query.from + days{query.days} <= held.from + days{held.days};
        if (held.site_id == query.site_id && kind_held && days_held) {
            return CachedSchedule{query.kind, cut_schedule(held, query.from, query.days, query.kind), copy.fetched_at};
        }
    }
    return std::nullopt;
}

wire::Availability cut_schedule(const wire::Availability& availability, wire::Date from, int count,
                                std::optional<wire::ResourceKind> kind) {
    const Range range = days_of(from, count);
    wire::Availability cut = availability;
    cut.from = from;
    cut.days = count;
    std::erase_if(cut.open, [&](const auto& open) { return !meets(range, open.start, open.end); });
    std::erase_if(cut.resources, [&](const auto& resource) { return kind && resource.kind != *kind; });
    for (auto& resource : cut.resources) {
        std::erase_if(resource.busy, [&](const auto& busy) { return !meets(range, busy.start, busy.end); });
    }
    return cut;
}

std::vector<PendingSlot> add_journal(wire::Availability& availability, std::span<const JournaledBooking> journal,
                                     TimePoint fetched_at) {
    const Range range = days_of(availability.from, availability.days);
    std::vector<PendingSlot> pending;
    for (auto& resource : availability.resources) {
        bool added = false;
        for (const auto& entry : journal) {
            if (entry.request.resource_id != resource.id || !meets(range, entry.request.start, entry.request.end)) {
                continue;
            }
            if (entry.state == BookingState::pending) {
                resource.busy.push_back({entry.request.start, entry.request.end, {}, std::nullopt, false});
                pending.push_back({resource.id, entry.request.start, entry.request.end});
                added = true;
                continue;
            }
            // Confirmed here after the copy was fetched: the copy cannot know it yet.
            const bool newer = entry.settled_at && *entry.settled_at >= fetched_at;
            if (entry.state == BookingState::confirmed && entry.booking && newer &&
                std::none_of(resource.busy.begin(), resource.busy.end(),
                             [&](const auto& busy) { return busy.booking_id == entry.booking->id; })) {
                resource.busy.push_back(
                    {entry.booking->start, entry.booking->end, entry.booking->id, entry.booking->holder, false});
                added = true;
            }
        }
        if (added) {
            std::sort(resource.busy.begin(), resource.busy.end(),
                      [](const auto& a, const auto& b) { return a.start < b.start; });
        }
    }
    return pending;
}

std::optional<wire::BookingError> check_cached_rules(const wire::Availability& copy,
                                                     const wire::BookingRequest& request, wire::TimePoint now) {
    const auto* resource = find_resource(copy, request.resource_id);
    if (!resource) {
        return std::nullopt;
    }
    const auto start = request.start;
    const auto end = request.end;
    if (end <= start) {
        return refusal(BookingRefusal::invalid_time_range, "the end must be after the start");
    }
    const minutes slot{std::max(1, copy.rules.slot_minutes)};
    const auto on_grid = [&](wire::TimePoint at) {
        return at == floor<minutes>(at) && local_minute_of_day(at) % slot == minutes{0};
    };
    if (!on_grid(start) || !on_grid(end)) {
        return refusal(BookingRefusal::off_grid,
                       "bookings start and end on " + std::to_string(copy.rules.slot_minutes) + "-minute slots");
    }
    // As the backend decides: a booking may start in the slot under way, not earlier.
    const auto current_slot_start = floor<minutes>(now) - local_minute_of_day(now) % slot;
    if (end <= now || start < current_slot_start) {
        return refusal(BookingRefusal::in_the_past, "the slot is in the past");
    }
    const auto day = wire::paris_day(start);
    if (day > wire::paris_day(now) + days{copy.rules.max_days_ahead}) {
        return refusal(BookingRefusal::too_far_ahead,
                       "bookings open " + std::to_string(copy.rules.max_days_ahead) + " days ahead");
    }
    for (const auto& rule : copy.rules.kinds) {
        if (rule.kind == resource->kind && end - start > minutes{rule.max_minutes}) {
            return refusal(BookingRefusal::too_long, std::string("a booking of ") + wire::to_string(rule.kind) +
                                                         " lasts at most " + std::to_string(rule.max_minutes) +
                                                         " minutes");
        }
    }
    const Range held = days_of(copy.from, copy.days);
    if (start < held.start || start >= held.end) {
        return std::nullopt; // the copy says nothing of that day's hours and bookings
    }
    // Closure days are missing from `open` like closed weekdays: the copy cannot tell them apart.
    const bool inside = std::any_of(copy.open.begin(), copy.open.end(),
                                    [&](const auto& open) { return open.start <= start && end <= open.end; });
    if (!inside) {
        return refusal(BookingRefusal::outside_opening_hours, "the site is not open for all of the slot");
    }
    if (std::any_of(resource->busy.begin(), resource->busy.end(),
                    [&](const auto& busy) { return busy.start < end && start < busy.end; })) {
        return refusal(BookingRefusal::slot_taken, "another booking holds part of this slot");
    }
    return std::nullopt;
}

} // namespace telecentre::core
