#pragma once
// Between the booking screens (core::BookingController, UI thread) and the booking engine
// (BookingWorker, its own thread): the controller's BookingCommands become the engine's commands,
// and the engine's replies become the controller's answers. The translations are pure functions,
// so each rule is tested on its own; BookingBridge only remembers which kind of write a request
// was, since the engine answers every write with the same WriteReply.
// Threading: BookingBridge on the UI thread only; the functions anywhere.

#include "telecentre/core/booking_commands.hpp"
#include "telecentre/core/booking_controller.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

namespace telecentre::app {

[[nodiscard]] core::BookingEngineCommand to_engine_command(const core::BookingCommand& command);

// Which answer a write's reply goes to.
enum class WriteKind { booking, cancel, check_in };
[[nodiscard]] std::optional<WriteKind> write_kind_of(const core::BookingCommand& command);

// A schedule to show (live, or the kiosk's copy while offline), or none.
struct AvailabilityShown {
    wire::Availability availability;
    core::AvailabilityOrigin origin = core::AvailabilityOrigin::live;
    std::optional<core::TimePoint> offline_since; // cache: when the copy was fetched
};
struct AvailabilityMissing {};
using AvailabilityAnswer = std::variant<AvailabilityShown, AvailabilityMissing>;

[[nodiscard]] AvailabilityAnswer to_availability_answer(const core::AvailabilityResult& result);
[[nodiscard]] core::BookingAnswer to_booking_answer(const core::WriteResult& result);
[[nodiscard]] core::MemberBookingsAnswer to_member_bookings_answer(const core::MemberBookingsResult& result);

// Whether a live channel message is a booking event (booking.created, .changed, ...): the shown
// schedule is then out of date.
[[nodiscard]] bool is_booking_event(std::string_view message);

class BookingBridge {
public:
    using Post = std::function<void(core::BookingEngineCommand)>;

    explicit BookingBridge(Post post) : m_post(std::move(post)) {}

    // Hands the controller's commands to the engine, oldest first.
    void send(const std::vector<core::BookingCommand>& commands);
    // Gives a reply to the controller.
    void deliver(const core::BookingEngineReply& reply, core::BookingController& controller, core::TimePoint now);

private:
    Post m_post;
    std::unordered_map<std::uint64_t, WriteKind> m_writes; // writes sent and not yet answered
};

} // namespace telecentre::app
