#pragma once
// The booking engine's commands and replies, as they travel between the UI thread and the booking
// worker: each command carries the caller's request_id, and its reply carries it back so the UI
// can drop answers to requests it has moved past. Plain values with wire types.

#include "telecentre/core/booking_engine.hpp"
#include "telecentre/core/booking_results.hpp"

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace telecentre::core {

struct AvailabilityCommand {
    std::uint64_t request_id = 0;
    ScheduleQuery query;
};
struct BookCommand {
    std::uint64_t request_id = 0;
    wire::BookingRequest request; // badge, resource, start and end (UTC, on the slot grid)
};
struct ChangeCommand {
    std::uint64_t request_id = 0;
    std::string booking_id;
    wire::BookingChange change;
};
struct CancelCommand {
    std::uint64_t request_id = 0;
    std::string booking_id;
    wire::BookingCancel cancel; // the holder's badge
};
// "I am here" on the door panel: the holder's badge.
struct CheckInCommand {
    std::uint64_t request_id = 0;
    std::string booking_id;
    wire::BookingCancel holder;
};
struct MemberBookingsCommand {
    std::uint64_t request_id = 0;
    std::string badge_uid;
};
// At a member's tap: how the bookings they made offline settled.
struct NewsCommand {
    std::uint64_t request_id = 0;
    std::string badge_uid;
};
using BookingEngineCommand = std::variant<AvailabilityCommand, BookCommand, ChangeCommand, CancelCommand,
                                          CheckInCommand, MemberBookingsCommand, NewsCommand>;

struct AvailabilityReply {
    std::uint64_t request_id = 0;
    AvailabilityResult result;
};
// The answer to a BookCommand, ChangeCommand, CancelCommand or CheckInCommand.
struct WriteReply {
    std::uint64_t request_id = 0;
    WriteResult result;
};
struct MemberBookingsReply {
    std::uint64_t request_id = 0;
    MemberBookingsResult result;
};
struct NewsReply {
    std::uint64_t request_id = 0;
    std::string badge_uid;
    std::vector<BookingNews> news; // empty: nothing to tell
};
using BookingEngineReply = std::variant<AvailabilityReply, WriteReply, MemberBookingsReply, NewsReply>;

// Runs one command on the engine (on the thread that owns it).
[[nodiscard]] BookingEngineReply run_command(BookingEngine& engine, const BookingEngineCommand& command);

} // namespace telecentre::core
