#include "demo_booking_service.hpp"

#include "telecentre/core/overloaded.hpp"

#include <algorithm>
#include <array>

namespace telecentre::app {

using core::Overloaded;
namespace {

using namespace std::chrono;

struct DemoMember {
    const char* badge;
    const char* id;
    const char* first_name;
    const char* display_name;
    std::optional<wire::BookingRefusal> refusal; // why this badge cannot book at all
    bool free_period = false;                    // may book open space only
};

// The demo badges of docs/backend.md.
const std::array kMembers{
    DemoMember{"04A1B2C3D4E5F6", "m-elodie-vermenouze", "Élodie", "Élodie V.", std::nullopt, false},
    DemoMember{"04A1B2C3D4E5F0", "m-elodie-vermenouze", "Élodie", "Élodie V.", wire::BookingRefusal::badge_revoked,
               false},
    DemoMember{"04112233445566", "m-julien-chambon", "Julien", "Julien C.", std::nullopt, true},
    DemoMember{"A1B2C3D4", "m-julien-chambon", "Julien", "Julien C.", std::nullopt, true},
    DemoMember{"04E1E2E3E4E5E6", "m-thomas-delpuech", "Thomas", "Thomas D.", wire::BookingRefusal::pass_not_valid,
               false},
    DemoMember{"04505050505050", "m-nadia-cabrol", "Nadia", "Nadia C.", wire::BookingRefusal::pass_not_valid, false},
};

const DemoMember* find_member(const std::string& badge) {
    for (const DemoMember& member : kMembers) {
        if (badge == member.badge) {
            return &member;
        }
    }
    return nullptr;
}

wire::BookingError refusal(wire::BookingRefusal reason) {
    wire::BookingError error;
    error.reason = reason;
    error.message = wire::to_string(reason);
    return error;
}

} // namespace

DemoBookingService::DemoBookingService(core::DemoSite site, Post post)
    : m_site(std::move(site)), m_post(std::move(post)) {}

std::optional<std::string> DemoBookingService::member_of(const std::string& badge_uid) const {
    const DemoMember* member = find_member(badge_uid);
    return member ? std::optional<std::string>{member->id} : std::nullopt;
}

wire::Availability DemoBookingService::availability(const core::FetchAvailability& fetch, wire::TimePoint now) const {
    wire::Availability data =
        core::demo_availability(m_site, core::LocalDay{fetch.from.time_since_epoch()}, fetch.days, fetch.kind, now);
    for (auto& resource : data.resources) {
        std::erase_if(resource.busy, [&](const wire::BusyInterval& busy) {
            return std::ranges::find(m_cancelled, busy.booking_id) != m_cancelled.end();
        });
        for (const wire::Booking& made : m_made) {
            if (made.resource_id == resource.id) {
                resource.busy.push_back({made.start, made.end, made.id, made.holder, made.checked_in_at.has_value()});
            }
        }
        std::ranges::sort(resource.busy, {}, &wire::BusyInterval::start);
    }
    return data;
}

void DemoBookingService::handle(const core::BookingCommand& command, core::BookingController& controller,
                                core::TimePoint now) {
    const wire::TimePoint at = floor<seconds>(now);
    std::visit(
        Overloaded{
            [&](const core::FetchAvailability& fetch) {
                m_post([&controller, id = fetch.request_id, data = availability(fetch, at), now] {
                    controller.on_availability(id, data, core::AvailabilityOrigin::live, std::nullopt, now);
                });
            },
            [&](const core::SubmitBooking& submit) {
                core::BookingAnswer answer;
                const DemoMember* member = find_member(submit.request.badge_uid);
                const core::FetchAvailability day{0, m_site.site_id,
                                                  wire::Date{wire::paris_day(submit.request.start).time_since_epoch()},
                                                  1, std::nullopt};
                const wire::Availability data = availability(day, at);
                const wire::ResourceAvailability* resource = core::find_resource(data, submit.request.resource_id);
                if (member == nullptr) {
                    answer = refusal(wire::BookingRefusal::unknown_badge);
                } else if (member->refusal) {
                    answer = refusal(*member->refusal);
                } else if (resource == nullptr) {
                    answer = refusal(wire::BookingRefusal::unknown_resource);
                } else if (member->free_period && resource->kind != wire::ResourceKind::open_space) {
                    answer = refusal(wire::BookingRefusal::not_allowed_by_pass);
                } else if (core::longest_booking(data, *resource, submit.request.start, at).length <
                           duration_cast<minutes>(submit.request.end - submit.request.start)) {
                    wire::BookingError error = refusal(wire::BookingRefusal::slot_taken);
                    // The nearest free stretch of the same length later that day, on the same resource.
                    const auto length = submit.request.end - submit.request.start;
                    for (const core::Interval& free : core::free_intervals(
                             data, *resource, core::day_span(wire::paris_day(submit.request.start)), at)) {
                        if (free.end - free.start >= length && free.start >= submit.request.start) {
                            error.suggestion =
                                wire::SlotSuggestion{resource->id, free.start, free.start + length, resource->name};
                            break;
                        }
                    }
                    answer = error;
                } else {
                    wire::Booking made;
                    made.id = "demo-" + std::to_string(m_next_id++);
                    made.site_id = m_site.site_id;
                    made.resource_id = resource->id;
                    made.resource_name = resource->name;
                    made.kind = resource->kind;
                    made.member_id = member->id;
                    made.holder = member->display_name;
                    made.start = submit.request.start;
                    made.end = submit.request.end;
                    m_made.push_back(made);
                    answer = made;
                }
                m_post([&controller, id = submit.request_id, answer, now] {
                    controller.on_booking_answer(id, answer, now);
                });
            },
            [&](const core::FetchMemberBookings& fetch) {
                core::MemberBookingsAnswer answer;
                const DemoMember* member = find_member(fetch.badge_uid);
                if (member == nullptr || member->refusal == wire::BookingRefusal::badge_revoked) {
                    answer =
                        refusal(member ? wire::BookingRefusal::badge_revoked : wire::BookingRefusal::unknown_badge);
                } else {
                    core::MemberBookingsFound found;
                    found.bookings.member = {member->id, member->first_name, member->display_name};
                    for (const wire::Booking& made : m_made) {
                        if (made.member_id == member->id && made.end > at) {
                            found.bookings.bookings.push_back(made);
                        }
                    }
                    answer = found;
                }
                m_post([&controller, id = fetch.request_id, answer, now] {
                    controller.on_member_bookings(id, answer, now);
                });
            },
            [&](const core::CancelBooking& cancel) {
                core::BookingAnswer answer = refusal(wire::BookingRefusal::unknown_booking);
                const auto found = std::ranges::find(m_made, cancel.booking_id, &wire::Booking::id);
                if (found != m_made.end()) {
                    if (member_of(cancel.cancel.badge_uid) != found->member_id) {
                        answer = refusal(wire::BookingRefusal::not_your_booking);
                    } else {
                        wire::Booking cancelled = *found;
                        cancelled.status = wire::BookingStatus::cancelled;
                        m_made.erase(found);
                        answer = cancelled;
                    }
                }
                m_post([&controller, id = cancel.request_id, answer, now] {
                    controller.on_cancel_answer(id, answer, now);
                });
            },
            [&](const core::CheckInBooking& check_in) {
                // The demo's generated bookings have made-up holders: any known badge may check in.
                core::BookingAnswer answer = refusal(wire::BookingRefusal::unknown_badge);
                if (const DemoMember* member = find_member(check_in.badge_uid); member && !member->refusal) {
                    wire::Booking booking;
                    booking.id = check_in.booking_id;
                    booking.checked_in_at = at;
                    answer = booking;
                }
                m_post([&controller, id = check_in.request_id, answer, now] {
                    controller.on_check_in_answer(id, answer, now);
                });
            },
            [](const core::FetchNews&) {}, // the demo books at once: nothing settles later
        },
        command);
}

void answer_unavailable(const core::BookingCommand& command, core::BookingController& controller, core::TimePoint now) {
    std::visit(
        Overloaded{
            [&](const core::FetchAvailability& fetch) { controller.on_availability_failed(fetch.request_id, now); },
            [&](const core::SubmitBooking& submit) {
                controller.on_booking_answer(submit.request_id, core::RequestFailed{}, now);
            },
            [&](const core::FetchMemberBookings& fetch) {
                controller.on_member_bookings(fetch.request_id, core::RequestFailed{}, now);
            },
            [&](const core::CancelBooking& cancel) {
                controller.on_cancel_answer(cancel.request_id, core::RequestFailed{}, now);
            },
            [&](const core::CheckInBooking& check_in) {
                controller.on_check_in_answer(check_in.request_id, core::RequestFailed{}, now);
            },
            [](const core::FetchNews&) {}, // no engine, no journal: no news
        },
        command);
}

} // namespace telecentre::app
