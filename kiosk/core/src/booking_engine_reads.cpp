// What the booking engine reads: availability (live or cached), a member's bookings, the news of
// settled bookings, and the cached knowledge used to judge a booking while offline.
#include "booking_errors.hpp"
#include "telecentre/core/booking_engine.hpp"
#include "telecentre/core/booking_schedule.hpp"
#include "telecentre/wire/local_time.hpp"

#include <algorithm>

namespace telecentre::core {

using booking::offline_error;

namespace {

wire::Date date_of(wire::TimePoint at) { return wire::Date{wire::paris_day(at).time_since_epoch()}; }

wire::TimePoint seconds_of(TimePoint at) { return std::chrono::floor<std::chrono::seconds>(at); }

} // namespace

AvailabilityResult BookingEngine::fetch_availability(const ScheduleQuery& query) {
    AvailabilityResult result;
    if (may_try()) {
        auto answer = m_backend.availability(query.site_id, query.from, query.days, query.kind);
        if (answer) {
            set_connection(Connection::online);
            const TimePoint now = m_clock.now();
            // A copy that cannot be written only costs the offline view; the answer still counts.
            (void)m_store.save_schedule({query.kind, *answer, now});
            result.availability = std::move(*answer);
            result.fetched_at = now;
            result.pending = add_journal(*result.availability, journal(std::nullopt), now);
            report();
            return result;
        }
        note_failure(answer.error());
        result.failure = answer.error();
        if (!answer.error().transient()) {
            report();
            return result; // the backend said no: a cached copy would contradict it
        }
    } else {
        result.failure = offline_error();
    }
    result.freshness = Freshness::stale;
    const ScheduleFilter filter{query.site_id, query.from, query.from + std::chrono::days{query.days - 1}};
    if (auto copies = m_store.schedules(filter)) {
        if (auto copy = pick_schedule(*copies, query)) {
            result.availability = std::move(copy->availability);
            result.fetched_at = copy->fetched_at;
            result.pending = add_journal(*result.availability, journal(std::nullopt), copy->fetched_at);
        }
    }
    report();
    return result;
}

MemberBookingsResult BookingEngine::member_bookings(const std::string& badge_uid) {
    MemberBookingsResult result;
    const auto entries = journal(badge_uid);
    for (const auto& entry : entries) {
        if (entry.state == BookingState::pending) {
            result.pending.push_back(pending_view(entry));
        }
    }
    if (may_try()) {
        auto answer = m_backend.member_bookings(badge_uid);
        if (answer) {
            set_connection(Connection::online);
            if (auto* list = std::get_if<wire::MemberBookings>(&*answer)) {
                const TimePoint now = m_clock.now();
                (void)m_store.save_member_bookings(badge_uid, {*list, now});
                // A pending entry whose answer was lost may already be booked: show it once, as booked.
                std::erase_if(result.pending, [&](const wire::Booking& pending) {
                    return std::any_of(list->bookings.begin(), list->bookings.end(), [&](const auto& booked) {
                        return booked.resource_id == pending.resource_id && booked.start == pending.start &&
                               booked.end == pending.end;
                    });
                });
                result.bookings = std::move(*list);
                result.fetched_at = now;
            } else {
                result.refusal = std::get<wire::BookingError>(*answer);
            }
            report();
            return result;
        }
        note_failure(answer.error());
        result.failure = answer.error();
        if (!answer.error().transient()) {
            report();
            return result;
        }
    } else {
        result.failure = offline_error();
    }

    // Offline: the last list fetched for this badge, and what this kiosk saw confirmed since.
    result.freshness = Freshness::stale;
    const auto now = seconds_of(m_clock.now());
    auto cached = m_store.member_bookings(badge_uid);
    std::optional<TimePoint> fetched_at;
    if (cached && *cached) {
        result.bookings = std::move((*cached)->bookings);
        result.fetched_at = fetched_at = (*cached)->fetched_at;
        std::erase_if(result.bookings->bookings, [&](const auto& booking) { return booking.end <= now; });
    }
    for (const auto& entry : entries) {
        const bool newer = !fetched_at || (entry.settled_at && *entry.settled_at >= *fetched_at);
        if (entry.state != BookingState::confirmed || !entry.booking || !newer || entry.booking->end <= now) {
            continue;
        }
        if (!result.bookings) {
            result.bookings = wire::MemberBookings{{entry.booking->member_id, {}, entry.booking->holder}, {}};
        }
        auto& list = result.bookings->bookings;
        if (std::none_of(list.begin(), list.end(), [&](const auto& known) { return known.id == entry.booking->id; })) {
            list.push_back(*entry.booking);
        }
    }
    if (result.bookings) {
        std::sort(result.bookings->bookings.begin(), result.bookings->bookings.end(),
                  [](const auto& a, const auto& b) { return a.start < b.start; });
    }
    report();
    return result;
}

std::vector<BookingNews> BookingEngine::news_for(const std::string& badge_uid) {
    std::vector<BookingNews> news;
    for (auto& entry : journal(badge_uid)) {
        if (entry.state == BookingState::pending || entry.told == Told::yes) {
            continue;
        }
        // Told once: marked as soon as it is handed over, so a second tap does not repeat it.
        if (!m_store.mark_told(entry.sequence)) {
            continue;
        }
        std::string name = entry.booking ? entry.booking->resource_name : entry.resource_name;
        std::optional<wire::ResourceKind> kind;
        if (entry.booking) {
            kind = entry.booking->kind;
        } else if (auto info = cached_resource(entry.request)) {
            kind = info->kind;
            if (name.empty()) {
                name = info->name;
            }
        }
        news.push_back({entry.sequence, entry.state, std::move(entry.request), std::move(name), kind,
                        std::move(entry.booking), std::move(entry.refusal)});
    }
    return news;
}

std::optional<wire::BookingError> BookingEngine::check_offline(const wire::BookingRequest& request,
                                                               std::optional<std::int64_t> except) {
    const auto day = date_of(request.start);
    auto copies = m_store.schedules({std::nullopt, day, day});
    if (!copies) {
        return std::nullopt;
    }
    for (auto& copy : *copies) {
        const auto& resources = copy.availability.resources;
        if (std::none_of(resources.begin(), resources.end(),
                         [&](const auto& resource) { return resource.id == request.resource_id; })) {
            continue;
        }
        auto entries = journal(std::nullopt);
        std::erase_if(entries, [&](const auto& entry) { return entry.sequence == except; });
        (void)add_journal(copy.availability, entries, copy.fetched_at);
        return check_cached_rules(copy.availability, request, seconds_of(m_clock.now()));
    }
    return std::nullopt; // nothing cached for that day: the backend will judge
}

std::optional<BookingEngine::ResourceInfo> BookingEngine::cached_resource(const wire::BookingRequest& request) {
    const auto day = date_of(request.start);
    auto copies = m_store.schedules({std::nullopt, day, day});
    if (!copies) {
        return std::nullopt;
    }
    for (const auto& copy : *copies) {
        for (const auto& resource : copy.availability.resources) {
            if (resource.id == request.resource_id) {
                return ResourceInfo{copy.availability.site_id, resource.name, resource.kind};
            }
        }
    }
    return std::nullopt;
}

std::vector<JournaledBooking> BookingEngine::journal(const std::optional<std::string>& badge_uid) {
    auto entries = m_store.entries(badge_uid);
    return entries ? std::move(*entries) : std::vector<JournaledBooking>{};
}

wire::Booking BookingEngine::pending_view(const JournaledBooking& entry) {
    wire::Booking view;
    view.resource_id = entry.request.resource_id;
    view.resource_name = entry.resource_name;
    view.start = entry.request.start;
    view.end = entry.request.end;
    if (auto info = cached_resource(entry.request)) {
        view.site_id = info->site_id;
        view.kind = info->kind;
        if (view.resource_name.empty()) {
            view.resource_name = info->name;
        }
    }
    return view;
}

} // namespace telecentre::core
