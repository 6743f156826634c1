#include "telecentre/backend/calendar.hpp"

#include <chrono>
#include <cstdio>

namespace telecentre::backend {
namespace {

using namespace std::chrono;

std::string ical_time(wire::TimePoint at) {
    const auto day = floor<days>(at);
    const year_month_day date{day};
    const hh_mm_ss clock{at - day};
    char text[24];
    std::snprintf(text, sizeof text, "%04d%02u%02uT%02d%02d%02dZ", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                  static_cast<int>(clock.hours().count()), static_cast<int>(clock.minutes().count()),
                  static_cast<int>(clock.seconds().count()));
    return text;
}

// RFC 5545 §3.3.11: backslash, semicolon and comma escaped, line breaks as \n; other control
// characters have no place in a calendar and are dropped.
std::string escape_text(std::string_view text) {
    std::string escaped;
    for (const char c : text) {
        switch (c) {
        case '\\': escaped += "\\\\"; break;
        case ';': escaped += "\\;"; break;
        case ',': escaped += "\\,"; break;
        case '\n': escaped += "\\n"; break;
        default:
            if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) {
                escaped += c;
            }
        }
    }
    return escaped;
}

// RFC 5545 §3.1: content lines of at most 75 octets, continued by CRLF and one space; a fold
// never splits a UTF-8 sequence (continuation bytes are 10xxxxxx).
void add_line(std::string& out, const std::string& line) {
    std::size_t begin = 0;
    std::size_t limit = 75;
    while (line.size() - begin > limit) {
        std::size_t cut = begin + limit;
        while (cut > begin && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
            --cut;
        }
        out.append(line, begin, cut - begin);
        out += "\r\n ";
        begin = cut;
        limit = 74; // the leading space counts
    }
    out.append(line, begin, std::string::npos);
    out += "\r\n";
}

const char* kind_label(wire::ResourceKind kind) {
    switch (kind) {
    case wire::ResourceKind::office: return "Bureau";
    case wire::ResourceKind::open_space: return "Open space";
    case wire::ResourceKind::meeting_room: return "Salle de réunion";
    case wire::ResourceKind::visio_room: return "Salle de visioconférence";
    }
    return "";
}

} // namespace

std::string render_calendar(const CalendarFeed& feed, std::span<const wire::Booking> bookings,
                            wire::TimePoint stamped_at) {
    std::string out;
    add_line(out, "BEGIN:VCALENDAR");
    add_line(out, "VERSION:2.0");
    add_line(out, "PRODID:-//Telecentres du Cantal//telecentre//FR");
    add_line(out, "CALSCALE:GREGORIAN");
    add_line(out, "METHOD:PUBLISH");
    add_line(out, "X-WR-CALNAME:" + escape_text(feed.name));
    add_line(out, "X-PUBLISHED-TTL:PT15M");
    for (const auto& booking : bookings) {
        add_line(out, "BEGIN:VEVENT");
        add_line(out, "UID:" + booking.id + "@telecentre");
        add_line(out, "DTSTAMP:" + ical_time(stamped_at));
        add_line(out, "DTSTART:" + ical_time(booking.start));
        add_line(out, "DTEND:" + ical_time(booking.end));
        std::string summary = booking.resource_name;
        if (feed.name_holders) {
            summary += " — " + booking.holder;
        }
        add_line(out, "SUMMARY:" + escape_text(summary));
        if (const auto place = feed.site_places.find(booking.site_id); place != feed.site_places.end()) {
            add_line(out, "LOCATION:" + escape_text(place->second));
        }
        add_line(out, "CATEGORIES:" + escape_text(kind_label(booking.kind)));
        add_line(out, "STATUS:CONFIRMED");
        add_line(out, "TRANSP:OPAQUE");
        add_line(out, "END:VEVENT");
    }
    add_line(out, "END:VCALENDAR");
    return out;
}

} // namespace telecentre::backend
