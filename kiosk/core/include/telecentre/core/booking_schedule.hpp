#pragma once
// Pure functions over cached schedules, for when the backend cannot be asked: choosing and cutting
// a copy for a query, adding the kiosk's own journaled bookings to it, and the booking rules a copy
// is enough to apply (the same refusals the backend gives, decided the same way).
// Pure functions: callable from any thread.

#include "telecentre/core/booking_results.hpp"
#include "telecentre/core/booking_store.hpp"

#include <optional>
#include <span>
#include <vector>

namespace telecentre::core {

// The newest copy that holds every day (and kind) of the query, cut to exactly those.
[[nodiscard]] std::optional<CachedSchedule> pick_schedule(std::span<const CachedSchedule> copies,
                                                          const ScheduleQuery& query);

// The copy reduced to the days [from, from + days) and, when given, one kind of resource.
[[nodiscard]] wire::Availability cut_schedule(const wire::Availability& availability, wire::Date from, int days,
                                              std::optional<wire::ResourceKind> kind);

// Adds this kiosk's journal to a copy fetched at `fetched_at`: pending entries as busy intervals
// without a booking id (returned, to be drawn apart), and bookings confirmed here since the copy
// was fetched. Only intervals that fall on the copy's days and resources are added.
std::vector<PendingSlot> add_journal(wire::Availability& availability, std::span<const JournaledBooking> journal,
                                     TimePoint fetched_at);

// The first rule `request` breaks according to the copy (which must list its resource), or
// nothing: time range, slot grid, past, too far ahead, too long, then, when the copy covers the
// day, opening hours and the busy intervals. Pass rules need the member and are left to the backend.
[[nodiscard]] std::optional<wire::BookingError>
check_cached_rules(const wire::Availability& copy, const wire::BookingRequest& request, wire::TimePoint now);

} // namespace telecentre::core
