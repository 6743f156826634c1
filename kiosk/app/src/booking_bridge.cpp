#include "booking_bridge.hpp"

#include "telecentre/core/overloaded.hpp"
#include "telecentre/wire/booking_codec.hpp"

namespace telecentre::app {

using core::Overloaded;
core::BookingEngineCommand to_engine_command(const core::BookingCommand& command) {
    return std::visit(
        Overloaded{
            [](const core::FetchAvailability& fetch) -> core::BookingEngineCommand {
                return core::AvailabilityCommand{fetch.request_id, {fetch.site_id, fetch.from, fetch.days, fetch.kind}};
            },
            [](const core::SubmitBooking& submit) -> core::BookingEngineCommand {
                return core::BookCommand{submit.request_id, submit.request};
            },
            [](const core::CancelBooking& cancel) -> core::BookingEngineCommand {
                return core::CancelCommand{cancel.request_id, cancel.booking_id, cancel.cancel};
            },
            [](const core::FetchMemberBookings& fetch) -> core::BookingEngineCommand {
                return core::MemberBookingsCommand{fetch.request_id, fetch.badge_uid};
            },
            [](const core::CheckInBooking& check_in) -> core::BookingEngineCommand {
                return core::CheckInCommand{check_in.request_id, check_in.booking_id, {check_in.badge_uid}};
            },
            [](const core::FetchNews& fetch) -> core::BookingEngineCommand {
                return core::NewsCommand{fetch.request_id, fetch.badge_uid};
            },
        },
        command);
}

std::optional<WriteKind> write_kind_of(const core::BookingCommand& command) {
    if (std::holds_alternative<core::SubmitBooking>(command)) {
        return WriteKind::booking;
    }
    if (std::holds_alternative<core::CancelBooking>(command)) {
        return WriteKind::cancel;
    }
    if (std::holds_alternative<core::CheckInBooking>(command)) {
        return WriteKind::check_in;
    }
    return std::nullopt;
}

AvailabilityAnswer to_availability_answer(const core::AvailabilityResult& result) {
    if (!result.availability) {
        return AvailabilityMissing{};
    }
    if (result.freshness == core::Freshness::stale) {
        return AvailabilityShown{*result.availability, core::AvailabilityOrigin::cache, result.fetched_at};
    }
    return AvailabilityShown{*result.availability, core::AvailabilityOrigin::live, std::nullopt};
}

core::BookingAnswer to_booking_answer(const core::WriteResult& result) {
    switch (result.outcome) {
    case core::WriteOutcome::confirmed:
        if (result.booking) {
            return *result.booking;
        }
        break;
    case core::WriteOutcome::refused:
        if (result.refusal) {
            return *result.refusal;
        }
        break;
    case core::WriteOutcome::pending: return core::JournaledOffline{};
    case core::WriteOutcome::needs_connection:
    case core::WriteOutcome::failed: break;
    }
    // Neither done nor journaled, or an answer without what it should carry: the member is told
    // it failed and may try again.
    return core::RequestFailed{};
}

core::MemberBookingsAnswer to_member_bookings_answer(const core::MemberBookingsResult& result) {
    if (result.refusal) {
        return *result.refusal;
    }
    // Offline with no list kept, the bookings made here are still worth showing; with neither,
    // an empty list would wrongly say "no bookings".
    if (result.bookings || !result.pending.empty()) {
        const bool stale = result.freshness == core::Freshness::stale;
        return core::MemberBookingsFound{result.bookings.value_or(wire::MemberBookings{}), result.pending, stale,
                                         stale ? result.fetched_at : std::nullopt};
    }
    return core::RequestFailed{};
}

bool is_booking_event(std::string_view message) {
    const auto event = wire::decode_booking_event(message);
    return event && event->type.starts_with("booking.");
}

void BookingBridge::send(const std::vector<core::BookingCommand>& commands) {
    for (const core::BookingCommand& command : commands) {
        const auto request_id = std::visit([](const auto& c) { return c.request_id; }, command);
        if (const auto kind = write_kind_of(command)) {
            m_writes[request_id] = *kind;
        }
        m_post(to_engine_command(command));
    }
}

void BookingBridge::deliver(const core::BookingEngineReply& reply, core::BookingController& controller,
                            core::TimePoint now) {
    std::visit(Overloaded{
                   [&](const core::AvailabilityReply& availability) {
                       std::visit(Overloaded{
                                      [&](const AvailabilityShown& shown) {
                                          controller.on_availability(availability.request_id, shown.availability,
                                                                     shown.origin, shown.offline_since, now);
                                      },
                                      [&](const AvailabilityMissing&) {
                                          controller.on_availability_failed(availability.request_id, now);
                                      },
                                  },
                                  to_availability_answer(availability.result));
                   },
                   [&](const core::WriteReply& write) {
                       const auto found = m_writes.find(write.request_id);
                       if (found == m_writes.end()) {
                           return;
                       }
                       const WriteKind kind = found->second;
                       m_writes.erase(found);
                       const core::BookingAnswer answer = to_booking_answer(write.result);
                       switch (kind) {
                       case WriteKind::booking: controller.on_booking_answer(write.request_id, answer, now); break;
                       case WriteKind::cancel: controller.on_cancel_answer(write.request_id, answer, now); break;
                       case WriteKind::check_in: controller.on_check_in_answer(write.request_id, answer, now); break;
                       }
                   },
                   [&](const core::MemberBookingsReply& member) {
                       controller.on_member_bookings(member.request_id, to_member_bookings_answer(member.result), now);
                   },
                   [&](const core::NewsReply& news) { controller.on_news(news.badge_uid, news.news, now); },
               },
               reply);
}

} // namespace telecentre::app
