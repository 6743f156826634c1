#pragma once
// The booking rules as pure functions of their inputs, so every refusal can be tested without a
// store: opening hours and closures in Paris local time, slot granularity, how far ahead, how
// long, and what the member's pass allows. Also the site's open intervals over some days and the
// nearest free slot offered when a slot is taken. Pure functions: callable from any thread.

#include "telecentre/backend/store.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace telecentre::backend {

struct RuleInput {
    const wire::BookingRules& rules;
    std::span<const OpeningInterval> hours;
    std::span<const ClosureRecord> closures;
    ResourceKind kind = ResourceKind::office;
    wire::PassDates pass;
    wire::TimePoint now{};
};

struct RuleRefusal {
    wire::BookingRefusal reason = wire::BookingRefusal::invalid_time_range;
    std::string message;
};

// The first rule [start, end) breaks, or nothing when it may be booked (overlap aside).
[[nodiscard]] std::optional<RuleRefusal> check_booking(const RuleInput& input, wire::TimePoint start,
                                                       wire::TimePoint end);

// The rule for one kind of resource (the network default when the site lists none).
[[nodiscard]] const wire::BookingRules::KindRule& kind_rule(const wire::BookingRules& rules, ResourceKind kind);

// The site's opening intervals on the Paris-local days [first, first + days), closure days
// removed, as UTC instants in time order.
[[nodiscard]] std::vector<wire::OpenInterval> open_intervals(std::span<const OpeningInterval> hours,
                                                             std::span<const ClosureRecord> closures,
                                                             std::chrono::local_days first, int days);

// Busy intervals of each resource, as found in the store.
using BusyMap = std::map<std::string, std::vector<wire::OpenInterval>>;

// A slot of the same length as [start, end) that the rules allow and nobody holds: the same
// time on another resource of `candidates` (in their order), else the requested resource
// (candidates.front()) at the nearest time, later or earlier, within `horizon_days`.
[[nodiscard]] std::optional<wire::SlotSuggestion> nearest_free_slot(const RuleInput& input,
                                                                    std::span<const ResourceRecord> candidates,
                                                                    const BusyMap& busy, wire::TimePoint start,
                                                                    wire::TimePoint end, int horizon_days = 7);

} // namespace telecentre::backend
