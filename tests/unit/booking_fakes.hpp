#pragma once
// Fakes for the booking engine's tests: an in-memory BookingStore, and a backend that keeps its
// own bookings and idempotency table like the real one, can be taken down, can lose an answer
// after applying the request, and records what reached it.

#include "telecentre/core/booking_backend.hpp"
#include "telecentre/core/booking_store.hpp"
#include "telecentre/wire/local_time.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace telecentre::testing {

using namespace std::chrono;

// The UTC instant of a Paris wall-clock time.
inline wire::TimePoint paris(local_days day, int hour, int minute = 0) {
    return wire::from_paris(wire::LocalTime{day} + hours{hour} + minutes{minute});
}

class FakeBookingStore final : public core::BookingStore {
public:
    std::vector<core::JournaledBooking> journal;
    std::vector<core::CachedSchedule> copies;
    std::map<std::string, core::CachedMemberBookings> lists;
    bool full_disk = false;
    int purges = 0;

    std::expected<std::int64_t, std::string> append(const std::string& key, const wire::BookingRequest& request,
                                                    const std::string& name, core::TimePoint now) override {
        if (full_disk) {
            return std::unexpected("disk full");
        }
        core::JournaledBooking entry;
        entry.sequence = static_cast<std::int64_t>(journal.size() + 1);
        entry.idempotency_key = key;
        entry.request = request;
        entry.resource_name = name;
        entry.journaled_at = now;
        journal.push_back(entry);
        return entry.sequence;
    }
    std::expected<std::optional<core::JournaledBooking>, std::string> oldest_pending() override {
        for (const auto& entry : journal) {
            if (entry.state == core::BookingState::pending) {
                return entry;
            }
        }
        return std::optional<core::JournaledBooking>{};
    }
    std::expected<void, std::string> settle(std::int64_t sequence, const core::Settlement& settlement, core::Told told,
                                            core::TimePoint now) override {
        auto& entry = at(sequence);
        if (entry.state == core::BookingState::pending) {
            entry.state = settlement.state;
            entry.booking = settlement.booking;
            entry.refusal = settlement.refusal;
            entry.failure = settlement.failure;
            entry.told = told;
            entry.settled_at = now;
        }
        return {};
    }
    std::expected<void, std::string> count_attempt(std::int64_t sequence) override {
        ++at(sequence).attempts;
        return {};
    }
    std::expected<void, std::string> mark_told(std::int64_t sequence) override {
        at(sequence).told = core::Told::yes;
        return {};
    }
    int pending_count() override {
        return static_cast<int>(std::count_if(journal.begin(), journal.end(), [](const auto& entry) {
            return entry.state == core::BookingState::pending;
        }));
    }
    std::expected<std::vector<core::JournaledBooking>, std::string>
    entries(const std::optional<std::string>& badge) override {
        std::vector<core::JournaledBooking> found;
        std::copy_if(journal.begin(), journal.end(), std::back_inserter(found),
                     [&](const auto& entry) { return !badge || entry.request.badge_uid == *badge; });
        return found;
    }
    std::expected<void, std::string> save_schedule(const core::CachedSchedule& schedule) override {
        std::erase_if(copies, [&](const auto& copy) {
            return copy.kind == schedule.kind && copy.availability.site_id == schedule.availability.site_id &&
                   copy.availability.from == schedule.availability.from &&
                   copy.availability.days == schedule.availability.days;
        });
        copies.insert(copies.begin(), schedule); // newest first
        return {};
    }
    std::expected<std::vector<core::CachedSchedule>, std::string>
    schedules(const core::ScheduleFilter& filter) override {
        std::vector<core::CachedSchedule> found;
        std::copy_if(copies.begin(), copies.end(), std::back_inserter(found), [&](const auto& copy) {
            const auto& held = copy.availability;
            return (!filter.site || held.site_id == *filter.site) && held.from <= filter.first &&
                   filter.last < held.from + days{held.days};
        });
        return found;
    }
    std::expected<void, std::string> save_member_bookings(const std::string& badge,
                                                          const core::CachedMemberBookings& list) override {
        lists[badge] = list;
        return {};
    }
    std::expected<std::optional<core::CachedMemberBookings>, std::string>
    member_bookings(const std::string& badge) override {
        const auto found = lists.find(badge);
        return found == lists.end() ? std::nullopt : std::optional{found->second};
    }
    std::expected<void, std::string> purge(core::TimePoint, core::TimePoint) override {
        ++purges;
        return {};
    }

    core::JournaledBooking& at(std::int64_t sequence) { return journal[static_cast<std::size_t>(sequence - 1)]; }
};

// Murat with two offices and a meeting room, open 08:30-18:30 every day, 30-minute slots, offices
// at most 4 hours.
class FakeBookingBackend final : public core::BookingBackend {
public:
    enum class Mode {
        up,
        down,              // connection refused: nothing reaches the backend
        answer_lost,       // the request is applied, then the answer times out
        server_error,      // 503
        rejects_everything // 400 without a BookingError body
    };
    Mode mode = Mode::up;
    std::vector<wire::Booking> bookings;
    std::map<std::string, core::BookingReply<wire::Booking>> answered; // idempotency table
    std::vector<std::string> applied_keys;                             // each key once, in order
    int calls = 0;
    // Called at the start of every book(): lets a test look at the kiosk's journal at that moment.
    std::function<void(const std::string& key)> on_book;

    std::expected<wire::Availability, core::BackendError>
    availability(const std::string& site, wire::Date from, int count, std::optional<wire::ResourceKind> kind) override {
        if (auto failure = failing()) {
            return std::unexpected(*failure);
        }
        wire::Availability availability;
        availability.site_id = site;
        availability.from = from;
        availability.days = count;
        availability.rules.kinds = {{wire::ResourceKind::office, 240, false},
                                    {wire::ResourceKind::meeting_room, 180, true}};
        for (int offset = 0; offset < count; ++offset) {
            const local_days day{(from + days{offset}).time_since_epoch()};
            availability.open.push_back({paris(day, 8, 30), paris(day, 18, 30)});
        }
        for (const auto& [id, name, resource_kind] : kResources) {
            if (kind && *kind != resource_kind) {
                continue;
            }
            wire::ResourceAvailability resource{id, resource_kind, name, 1, {}, {}};
            for (const auto& booking : bookings) {
                if (booking.resource_id == id) {
                    resource.busy.push_back({booking.start, booking.end, booking.id, booking.holder, false});
                }
            }
            availability.resources.push_back(std::move(resource));
        }
        return availability;
    }

    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    book(const std::string& key, const wire::BookingRequest& request) override {
        if (on_book) {
            on_book(key);
        }
        if (auto failure = failing()) {
            return std::unexpected(*failure);
        }
        if (auto found = answered.find(key); found != answered.end()) {
            return found->second;
        }
        auto reply = decide(request);
        answered.emplace(key, reply);
        applied_keys.push_back(key);
        if (mode == Mode::answer_lost) {
            return std::unexpected(core::BackendError{core::BackendFailure::timeout, 0, "timeout", "no answer"});
        }
        return reply;
    }

    std::expected<core::BookingReply<wire::Booking>, core::BackendError> change(const std::string&, const std::string&,
                                                                                const wire::BookingChange&) override {
        if (auto failure = failing()) {
            return std::unexpected(*failure);
        }
        return core::BookingReply<wire::Booking>{wire::BookingError{wire::BookingRefusal::unknown_booking, "", {}}};
    }

    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    cancel(const std::string&, const std::string& id, const wire::BookingCancel&) override {
        if (auto failure = failing()) {
            return std::unexpected(*failure);
        }
        for (auto& booking : bookings) {
            if (booking.id == id) {
                booking.status = wire::BookingStatus::cancelled;
                return core::BookingReply<wire::Booking>{booking};
            }
        }
        return core::BookingReply<wire::Booking>{wire::BookingError{wire::BookingRefusal::unknown_booking, "", {}}};
    }

    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    check_in(const std::string&, const std::string& id, const wire::BookingCancel& holder) override {
        if (auto failure = failing()) {
            return std::unexpected(*failure);
        }
        for (auto& booking : bookings) {
            if (booking.id == id) {
                if (booking.member_id != "m-" + holder.badge_uid) {
                    return core::BookingReply<wire::Booking>{
                        wire::BookingError{wire::BookingRefusal::not_your_booking, "", {}}};
                }
                booking.checked_in_at = booking.start;
                return core::BookingReply<wire::Booking>{booking};
            }
        }
        return core::BookingReply<wire::Booking>{wire::BookingError{wire::BookingRefusal::unknown_booking, "", {}}};
    }

    std::expected<core::BookingReply<wire::MemberBookings>, core::BackendError>
    member_bookings(const std::string& badge) override {
        if (auto failure = failing()) {
            return std::unexpected(*failure);
        }
        wire::MemberBookings list{{"m-" + badge, "Élodie", "Élodie V."}, {}};
        for (const auto& booking : bookings) {
            if (booking.member_id == "m-" + badge && booking.status == wire::BookingStatus::confirmed) {
                list.bookings.push_back(booking);
            }
        }
        return core::BookingReply<wire::MemberBookings>{list};
    }

    // Someone at another kiosk books a slot.
    void book_elsewhere(const std::string& badge, const std::string& resource, wire::TimePoint start,
                        wire::TimePoint end) {
        bookings.push_back(booking_of({badge, resource, start, end}));
    }

private:
    struct Resource {
        const char* id;
        const char* name;
        wire::ResourceKind kind;
    };
    static constexpr Resource kResources[] = {{"murat-bureau-1", "Bureau 1", wire::ResourceKind::office},
                                              {"murat-bureau-2", "Bureau 2", wire::ResourceKind::office},
                                              {"murat-salle", "Salle du Lioran", wire::ResourceKind::meeting_room}};

    std::optional<core::BackendError> failing() {
        ++calls;
        switch (mode) {
        case Mode::down: return core::BackendError{core::BackendFailure::unreachable, 0, "unreachable", "refused"};
        case Mode::server_error: return core::BackendError{core::BackendFailure::server_error, 503, "busy", "busy"};
        case Mode::rejects_everything:
            return core::BackendError{core::BackendFailure::rejected, 400, "invalid_request", "no"};
        case Mode::up:
        case Mode::answer_lost: return std::nullopt;
        }
        return std::nullopt;
    }

    wire::Booking booking_of(const wire::BookingRequest& request) {
        wire::Booking booking;
        booking.id = "bk_" + std::to_string(bookings.size() + 1);
        booking.site_id = "murat";
        booking.resource_id = request.resource_id;
        for (const auto& resource : kResources) {
            if (request.resource_id == resource.id) {
                booking.resource_name = resource.name;
                booking.kind = resource.kind;
            }
        }
        booking.member_id = "m-" + request.badge_uid;
        booking.holder = request.badge_uid;
        booking.start = request.start;
        booking.end = request.end;
        return booking;
    }

    core::BookingReply<wire::Booking> decide(const wire::BookingRequest& request) {
        const auto overlaps = [&](const wire::Booking& booking) {
            return booking.resource_id == request.resource_id && booking.status == wire::BookingStatus::confirmed &&
                   booking.start < request.end && request.start < booking.end;
        };
        if (std::any_of(bookings.begin(), bookings.end(), overlaps)) {
            // The nearest free slot of the same length, later the same day.
            const auto length = request.end - request.start;
            wire::TimePoint start = request.start;
            while (std::any_of(bookings.begin(), bookings.end(), [&](const wire::Booking& booking) {
                return booking.resource_id == request.resource_id && booking.start < start + length &&
                       start < booking.end;
            })) {
                start += minutes{30};
            }
            return wire::BookingError{wire::BookingRefusal::slot_taken, "another booking holds part of this slot",
                                      wire::SlotSuggestion{request.resource_id, start, start + length, ""}};
        }
        bookings.push_back(booking_of(request));
        return bookings.back();
    }
};

} // namespace telecentre::testing
