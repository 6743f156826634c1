#include "telecentre/backend/booking_rules.hpp"

#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/local_time.hpp"

#include <algorithm>

namespace telecentre::backend {

using namespace std::chrono;
using wire::BookingRefusal;

namespace {

// Minutes since the Paris-local midnight of the moment's own day.
minutes local_minute_of_day(wire::TimePoint at) {
    const auto local = wire::to_paris(at);
    return floor<minutes>(local - floor<days>(local));
}

bool closed_on(std::span<const ClosureRecord> closures, local_days day) {
    const wire::Date date{day.time_since_epoch()};
    return std::any_of(closures.begin(), closures.end(), [date](const ClosureRecord& closure) {
        return closure.first_day <= date && date <= closure.last_day;
    });
}

std::string local_text(wire::TimePoint at) {
    const auto local = wire::to_paris(at);
    const auto day = floor<days>(local);
    const hh_mm_ss clock{local - day};
    char text[32];
    std::snprintf(text, sizeof text, "%s %02d:%02d", wire::format_date(wire::Date{day.time_since_epoch()}).c_str(),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()));
    return text;
}

bool overlaps_any(const std::vector<wire::OpenInterval>& busy, wire::TimePoint start, wire::TimePoint end) {
    return std::any_of(busy.begin(), busy.end(),
                       [&](const auto& interval) { return interval.start < end && interval.end > start; });
}

const std::vector<wire::OpenInterval>& busy_of(const BusyMap& busy, const std::string& resource_id) {
    static const std::vector<wire::OpenInterval> kNone;
    const auto found = busy.find(resource_id);
    return found == busy.end() ? kNone : found->second;
}

} // namespace

const wire::BookingRules::KindRule& kind_rule(const wire::BookingRules& rules, ResourceKind kind) {
    for (const auto& rule : rules.kinds) {
        if (rule.kind == kind) {
            return rule;
        }
    }
    static const auto kDefaults = default_booking_rules();
    return kind_rule(kDefaults, kind);
}

std::optional<RuleRefusal> check_booking(const RuleInput& input, wire::TimePoint start, wire::TimePoint end) {
    if (end <= start) {
        return RuleRefusal{BookingRefusal::invalid_time_range, "the end must be after the start"};
    }
    const minutes slot{std::max(1, input.rules.slot_minutes)};
    const auto on_grid = [&](wire::TimePoint at) {
        return at == floor<minutes>(at) && local_minute_of_day(at) % slot == minutes{0};
    };
    if (!on_grid(start) || !on_grid(end)) {
        return RuleRefusal{BookingRefusal::off_grid,
                           "bookings start and end on " + std::to_string(input.rules.slot_minutes) + "-minute slots"};
    }

    const auto day = wire::paris_day(start);
    const auto state = wire::pass_state_on(input.pass, wire::Date{day.time_since_epoch()});
    if (state == wire::PassState::suspended || state == wire::PassState::expired) {
        return RuleRefusal{BookingRefusal::pass_not_valid,
                           std::string("the pass is ") + wire::to_string(state) + " on " + local_text(start)};
    }
    const auto& rule = kind_rule(input.rules, input.kind);
    if (state == wire::PassState::free_period && !rule.free_period_allowed) {
        return RuleRefusal{BookingRefusal::not_allowed_by_pass, std::string("during the free months of the pass, ") +
                                                                    wire::to_string(input.kind) +
                                                                    " cannot be booked; it needs a paid pass"};
    }

    // A booking may start in the slot under way, not earlier.
    const auto current_slot_start = [&] {
        const auto into_slot = local_minute_of_day(input.now) % slot;
        return floor<minutes>(input.now) - into_slot;
    }();
    if (end <= input.now || start < current_slot_start) {
        return RuleRefusal{BookingRefusal::in_the_past, "the slot " + local_text(start) + " is in the past"};
    }
    if (day > wire::paris_day(input.now) + days{input.rules.max_days_ahead}) {
        return RuleRefusal{BookingRefusal::too_far_ahead,
                           "bookings open " + std::to_string(input.rules.max_days_ahead) + " days ahead"};
    }
    if (end - start > minutes{rule.max_minutes}) {
        return RuleRefusal{BookingRefusal::too_long, std::string("a booking of ") + wire::to_string(input.kind) +
                                                         " lasts at most " + std::to_string(rule.max_minutes) +
                                                         " minutes"};
    }
    if (closed_on(input.closures, day)) {
        return RuleRefusal{BookingRefusal::site_closed, "the site is closed on " + local_text(start).substr(0, 10)};
    }
    // Within one opening interval of one local day (a lunch break splits the day in two).
    const auto last_day = wire::paris_day(end - seconds{1});
    const auto from = local_minute_of_day(start).count();
    const auto to =
        last_day == day ? (local_minute_of_day(end).count() == 0 ? 24 * 60 : local_minute_of_day(end).count()) : -1;
    const int weekday_number = static_cast<int>(weekday{day}.iso_encoding());
    const bool inside =
        to > 0 && std::any_of(input.hours.begin(), input.hours.end(), [&](const OpeningInterval& open) {
            return open.iso_weekday == weekday_number && open.opens_minute <= from && to <= open.closes_minute;
        });
    if (!inside) {
        return RuleRefusal{BookingRefusal::outside_opening_hours,
                           "the site is not open for all of " + local_text(start) + " to " + local_text(end)};
    }
    return std::nullopt;
}

std::vector<wire::OpenInterval> open_intervals(std::span<const OpeningInterval> hours,
                                               std::span<const ClosureRecord> closures, local_days first, int count) {
    std::vector<wire::OpenInterval> open;
    for (int offset = 0; offset < count; ++offset) {
        const auto day = first + days{offset};
        if (closed_on(closures, day)) {
            continue;
        }
        const int weekday_number = static_cast<int>(weekday{day}.iso_encoding());
        std::vector<OpeningInterval> today;
        std::copy_if(hours.begin(), hours.end(), std::back_inserter(today),
                     [&](const OpeningInterval& interval) { return interval.iso_weekday == weekday_number; });
        std::sort(today.begin(), today.end(),
                  [](const auto& a, const auto& b) { return a.opens_minute < b.opens_minute; });
        for (const auto& interval : today) {
            open.push_back({wire::from_paris(wire::LocalTime{day} + minutes{interval.opens_minute}),
                            wire::from_paris(wire::LocalTime{day} + minutes{interval.closes_minute})});
        }
    }
    return open;
}

std::optional<wire::SlotSuggestion> nearest_free_slot(const RuleInput& input,
                                                      std::span<const ResourceRecord> candidates, const BusyMap& busy,
                                                      wire::TimePoint start, wire::TimePoint end, int horizon_days) {
    if (candidates.empty() || end <= start) {
        return std::nullopt;
    }
    const auto allowed = [&](wire::TimePoint from, wire::TimePoint to) { return !check_booking(input, from, to); };
    for (const auto& other : candidates.subspan(1)) {
        if (allowed(start, end) && !overlaps_any(busy_of(busy, other.id), start, end)) {
            return wire::SlotSuggestion{other.id, start, end, other.name};
        }
    }
    const auto& mine = busy_of(busy, candidates.front().id);
    const minutes slot{std::max(1, input.rules.slot_minutes)};
    const auto length = end - start;
    const auto steps = static_cast<int>(days{horizon_days} / slot);
    for (int step = 1; step <= steps; ++step) {
        for (const int sign : {1, -1}) {
            const auto from = start + sign * step * slot;
            if (allowed(from, from + length) && !overlaps_any(mine, from, from + length)) {
                return wire::SlotSuggestion{candidates.front().id, from, from + length, candidates.front().name};
            }
        }
    }
    return std::nullopt;
}

} // namespace telecentre::backend
