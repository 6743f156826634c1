#include "telecentre/wire/booking.hpp"

namespace telecentre::wire {

const char* to_string(ResourceKind kind) {
    switch (kind) {
    case ResourceKind::office: return "office";
    case ResourceKind::open_space: return "open_space";
    case ResourceKind::meeting_room: return "meeting_room";
    case ResourceKind::visio_room: return "visio_room";
    }
    return "office";
}

std::optional<ResourceKind> resource_kind_from(std::string_view text) {
    for (const auto kind :
         {ResourceKind::office, ResourceKind::open_space, ResourceKind::meeting_room, ResourceKind::visio_room}) {
        if (text == to_string(kind)) {
            return kind;
        }
    }
    return std::nullopt;
}

const char* to_string(BookingStatus status) {
    switch (status) {
    case BookingStatus::confirmed: return "confirmed";
    case BookingStatus::cancelled: return "cancelled";
    case BookingStatus::no_show: return "no_show";
    }
    return "cancelled";
}

std::optional<BookingStatus> booking_status_from(std::string_view text) {
    for (const auto status : {BookingStatus::confirmed, BookingStatus::cancelled, BookingStatus::no_show}) {
        if (text == to_string(status)) {
            return status;
        }
    }
    return std::nullopt;
}

const char* to_string(BookingRefusal reason) {
    switch (reason) {
    case BookingRefusal::unknown_badge: return "unknown_badge";
    case BookingRefusal::badge_revoked: return "badge_revoked";
    case BookingRefusal::pass_not_valid: return "pass_not_valid";
    case BookingRefusal::not_allowed_by_pass: return "not_allowed_by_pass";
    case BookingRefusal::unknown_resource: return "unknown_resource";
    case BookingRefusal::invalid_time_range: return "invalid_time_range";
    case BookingRefusal::off_grid: return "off_grid";
    case BookingRefusal::in_the_past: return "in_the_past";
    case BookingRefusal::too_far_ahead: return "too_far_ahead";
    case BookingRefusal::too_long: return "too_long";
    case BookingRefusal::outside_opening_hours: return "outside_opening_hours";
    case BookingRefusal::site_closed: return "site_closed";
    case BookingRefusal::slot_taken: return "slot_taken";
    case BookingRefusal::not_your_booking: return "not_your_booking";
    case BookingRefusal::unknown_booking: return "unknown_booking";
    case BookingRefusal::booking_not_changeable: return "booking_not_changeable";
    }
    return "slot_taken";
}

} // namespace telecentre::wire
