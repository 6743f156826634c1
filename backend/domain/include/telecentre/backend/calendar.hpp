#pragma once
// iCalendar (RFC 5545) text for a calendar feed: CRLF line ends, lines folded at 75 octets
// without splitting a UTF-8 character, TEXT values escaped, times in UTC. Pure: any thread.

#include "telecentre/wire/booking.hpp"

#include <map>
#include <span>
#include <string>

namespace telecentre::backend {

struct CalendarFeed {
    std::string name;                               // X-WR-CALNAME, e.g. "Réservations — Élodie V."
    std::map<std::string, std::string> site_places; // site id -> LOCATION text
    bool name_holders = false;                      // a resource's feed names who booked
};

[[nodiscard]] std::string render_calendar(const CalendarFeed& feed, std::span<const wire::Booking> bookings,
                                          wire::TimePoint stamped_at);

} // namespace telecentre::backend
