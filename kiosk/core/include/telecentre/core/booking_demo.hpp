#pragma once
// Made-up availability for the demo mode, the UI tests and the frame-time benchmark: a site open
// Monday to Friday 08:30-12:30 and 13:30-18:30 and Saturday morning, in 30-minute slots, with
// resources of each kind and bookings spread over the days. Deterministic: the same arguments
// give the same data. Never used with a real backend.
// Threading: pure function.

#include "telecentre/core/booking_slots.hpp"

#include <optional>
#include <string>

namespace telecentre::core {

struct DemoSite {
    std::string site_id = "murat";
    int offices = 4;
    int open_space = 6;
    int meeting_rooms = 2;
    int visio_rooms = 1;
};

// Bookings fill whole days, past ones included; `generated_at` marks the earlier ones checked in.
[[nodiscard]] wire::Availability demo_availability(const DemoSite& site, LocalDay from, int days,
                                                   std::optional<wire::ResourceKind> kind,
                                                   wire::TimePoint generated_at);

// The network's usual rules (docs/backend.md): 30-minute slots, ten hours for desks, four for a
// meeting room, three for a visio room.
[[nodiscard]] wire::BookingRules demo_rules();

} // namespace telecentre::core
