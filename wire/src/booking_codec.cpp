#include "telecentre/wire/booking_codec.hpp"

#include "json_fields.hpp"

namespace telecentre::wire {
namespace {

using namespace detail;

constexpr std::array kKinds{ResourceKind::office, ResourceKind::open_space, ResourceKind::meeting_room,
                            ResourceKind::visio_room};
constexpr std::array kStatuses{BookingStatus::confirmed, BookingStatus::cancelled, BookingStatus::no_show};
constexpr std::array kRefusals{BookingRefusal::unknown_badge,
                               BookingRefusal::badge_revoked,
                               BookingRefusal::pass_not_valid,
                               BookingRefusal::not_allowed_by_pass,
                               BookingRefusal::unknown_resource,
                               BookingRefusal::invalid_time_range,
                               BookingRefusal::off_grid,
                               BookingRefusal::in_the_past,
                               BookingRefusal::too_far_ahead,
                               BookingRefusal::too_long,
                               BookingRefusal::outside_opening_hours,
                               BookingRefusal::site_closed,
                               BookingRefusal::slot_taken,
                               BookingRefusal::not_your_booking,
                               BookingRefusal::unknown_booking,
                               BookingRefusal::booking_not_changeable};

constexpr std::size_t kIdLength = 128;
constexpr std::size_t kNameLength = 256;

json optional_time(const std::optional<TimePoint>& time) { return time ? json(format_time(*time)) : json(nullptr); }

std::optional<TimePoint> optional_time_field(const json& object, const char* name) {
    if (field(object, name).is_null()) {
        return std::nullopt;
    }
    return time_field(object, name);
}

json booking_json(const Booking& booking) {
    return {{"id", booking.id},
            {"site_id", booking.site_id},
            {"resource_id", booking.resource_id},
            {"resource_name", booking.resource_name},
            {"kind", to_string(booking.kind)},
            {"member_id", booking.member_id},
            {"holder", booking.holder},
            {"start", format_time(booking.start)},
            {"end", format_time(booking.end)},
            {"status", to_string(booking.status)},
            {"checked_in_at", optional_time(booking.checked_in_at)}};
}

Booking booking_from(const json& doc) {
    Booking booking;
    booking.id = string_field(doc, "id", kIdLength);
    booking.site_id = string_field(doc, "site_id", kIdLength);
    booking.resource_id = string_field(doc, "resource_id", kIdLength);
    booking.resource_name = string_field(doc, "resource_name", kNameLength);
    booking.kind = enum_field(doc, "kind", kKinds);
    booking.member_id = string_field(doc, "member_id", kIdLength);
    booking.holder = string_field(doc, "holder", kNameLength);
    booking.start = time_field(doc, "start");
    booking.end = time_field(doc, "end");
    booking.status = enum_field(doc, "status", kStatuses);
    booking.checked_in_at = optional_time_field(doc, "checked_in_at");
    return booking;
}

json rules_json(const BookingRules& rules) {
    json kinds = json::array();
    for (const auto& kind : rules.kinds) {
        kinds.push_back({{"kind", to_string(kind.kind)},
                         {"max_minutes", kind.max_minutes},
                         {"free_period_allowed", kind.free_period_allowed}});
    }
    return {{"slot_minutes", rules.slot_minutes},
            {"max_days_ahead", rules.max_days_ahead},
            {"no_show_grace_minutes", rules.no_show_grace_minutes},
            {"kinds", std::move(kinds)}};
}

int bounded_int(const json& object, const char* name, std::int64_t low, std::int64_t high) {
    const auto value = integer_field(object, name);
    if (value < low || value > high) {
        throw DecodeError{std::string("field \"") + name + "\" is out of range"};
    }
    return static_cast<int>(value);
}

BookingRules rules_from(const json& doc) {
    BookingRules rules;
    rules.slot_minutes = bounded_int(doc, "slot_minutes", 1, 24 * 60);
    rules.max_days_ahead = bounded_int(doc, "max_days_ahead", 0, 3660);
    rules.no_show_grace_minutes = bounded_int(doc, "no_show_grace_minutes", 0, 24 * 60);
    for (const json& kind : array_field(doc, "kinds")) {
        rules.kinds.push_back({enum_field(kind, "kind", kKinds), bounded_int(kind, "max_minutes", 1, 7 * 24 * 60),
                               bool_field(kind, "free_period_allowed")});
    }
    return rules;
}

} // namespace

std::string encode(const BookingRequest& request) {
    return json{{"badge_uid", request.badge_uid},
                {"resource_id", request.resource_id},
                {"start", format_time(request.start)},
                {"end", format_time(request.end)}}
        .dump();
}

std::expected<BookingRequest, std::string> decode_booking_request(std::string_view text) {
    return decode_document<BookingRequest>(text, [](const json& doc) {
        return BookingRequest{string_field(doc, "badge_uid", 32), string_field(doc, "resource_id", kIdLength),
                              time_field(doc, "start"), time_field(doc, "end")};
    });
}

std::string encode(const BookingChange& change) {
    return json{{"badge_uid", change.badge_uid}, {"start", format_time(change.start)}, {"end", format_time(change.end)}}
        .dump();
}

std::expected<BookingChange, std::string> decode_booking_change(std::string_view text) {
    return decode_document<BookingChange>(text, [](const json& doc) {
        return BookingChange{string_field(doc, "badge_uid", 32), time_field(doc, "start"), time_field(doc, "end")};
    });
}

std::string encode(const BookingCancel& cancel) { return json{{"badge_uid", cancel.badge_uid}}.dump(); }

std::expected<BookingCancel, std::string> decode_booking_cancel(std::string_view text) {
    return decode_document<BookingCancel>(
        text, [](const json& doc) { return BookingCancel{string_field(doc, "badge_uid", 32)}; });
}

std::string encode(const Booking& booking) { return booking_json(booking).dump(); }

std::expected<Booking, std::string> decode_booking(std::string_view text) {
    return decode_document<Booking>(text, booking_from);
}

std::string encode(const BookingError& error) {
    json suggestion = nullptr;
    if (error.suggestion) {
        suggestion = {{"resource_id", error.suggestion->resource_id},
                      {"start", format_time(error.suggestion->start)},
                      {"end", format_time(error.suggestion->end)},
                      {"resource_name", error.suggestion->resource_name}};
    }
    // The same outer shape as ApiError, so any client can read code and message.
    return json{
        {"error",
         {{"code", to_string(error.reason)}, {"message", error.message}, {"suggestion", std::move(suggestion)}}}}
        .dump();
}

std::expected<BookingError, std::string> decode_booking_error(std::string_view text) {
    return decode_document<BookingError>(text, [](const json& doc) {
        const json& error = field(doc, "error");
        BookingError decoded{enum_field(error, "code", kRefusals), string_field(error, "message", 2048), std::nullopt};
        if (error.contains("suggestion") && !error["suggestion"].is_null()) {
            const json& suggestion = error["suggestion"];
            decoded.suggestion = SlotSuggestion{
                string_field(suggestion, "resource_id", kIdLength), time_field(suggestion, "start"),
                time_field(suggestion, "end"),
                suggestion.contains("resource_name") ? string_field(suggestion, "resource_name", kNameLength) : ""};
        }
        return decoded;
    });
}

std::string encode(const MemberBookings& list) {
    json bookings = json::array();
    for (const auto& booking : list.bookings) {
        bookings.push_back(booking_json(booking));
    }
    return json{
        {"member",
         {{"id", list.member.id}, {"first_name", list.member.first_name}, {"display_name", list.member.display_name}}},
        {"bookings", std::move(bookings)}}
        .dump();
}

std::expected<MemberBookings, std::string> decode_member_bookings(std::string_view text) {
    return decode_document<MemberBookings>(text, [](const json& doc) {
        MemberBookings list;
        const json& member = field(doc, "member");
        list.member = Member{string_field(member, "id", kIdLength), string_field(member, "first_name", kNameLength),
                             string_field(member, "display_name", kNameLength)};
        for (const json& booking : array_field(doc, "bookings")) {
            list.bookings.push_back(booking_from(booking));
        }
        return list;
    });
}

std::string encode(const Availability& availability) {
    json open = json::array();
    for (const auto& interval : availability.open) {
        open.push_back({{"start", format_time(interval.start)}, {"end", format_time(interval.end)}});
    }
    json resources = json::array();
    for (const auto& resource : availability.resources) {
        json busy = json::array();
        for (const auto& interval : resource.busy) {
            busy.push_back({{"start", format_time(interval.start)},
                            {"end", format_time(interval.end)},
                            {"booking_id", interval.booking_id},
                            {"holder", interval.holder ? json(*interval.holder) : json(nullptr)},
                            {"checked_in", interval.checked_in}});
        }
        resources.push_back({{"id", resource.id},
                             {"kind", to_string(resource.kind)},
                             {"name", resource.name},
                             {"capacity", resource.capacity},
                             {"equipment", resource.equipment},
                             {"busy", std::move(busy)}});
    }
    return json{{"site_id", availability.site_id},
                {"from", format_date(availability.from)},
                {"days", availability.days},
                {"generated_at", format_time(availability.generated_at)},
                {"rules", rules_json(availability.rules)},
                {"open", std::move(open)},
                {"resources", std::move(resources)}}
        .dump();
}

std::expected<Availability, std::string> decode_availability(std::string_view text) {
    return decode_document<Availability>(text, [](const json& doc) {
        Availability availability;
        availability.site_id = string_field(doc, "site_id", kIdLength);
        availability.from = date_field(doc, "from");
        availability.days = bounded_int(doc, "days", 1, 31);
        availability.generated_at = time_field(doc, "generated_at");
        availability.rules = rules_from(field(doc, "rules"));
        for (const json& interval : array_field(doc, "open")) {
            availability.open.push_back({time_field(interval, "start"), time_field(interval, "end")});
        }
        for (const json& resource : array_field(doc, "resources")) {
            ResourceAvailability entry;
            entry.id = string_field(resource, "id", kIdLength);
            entry.kind = enum_field(resource, "kind", kKinds);
            entry.name = string_field(resource, "name", kNameLength);
            entry.capacity = bounded_int(resource, "capacity", 1, 10000);
            for (const json& item : array_field(resource, "equipment")) {
                if (!item.is_string()) {
                    throw DecodeError{"field \"equipment\" must hold strings"};
                }
                entry.equipment.push_back(item.get<std::string>());
            }
            for (const json& interval : array_field(resource, "busy")) {
                BusyInterval busy{time_field(interval, "start"), time_field(interval, "end"),
                                  string_field(interval, "booking_id", kIdLength), std::nullopt,
                                  bool_field(interval, "checked_in", false)};
                if (!field(interval, "holder").is_null()) {
                    busy.holder = string_field(interval, "holder", kNameLength);
                }
                entry.busy.push_back(std::move(busy));
            }
            availability.resources.push_back(std::move(entry));
        }
        return availability;
    });
}

std::string encode(const BookingEvent& event) {
    return json{{"type", event.type}, {"booking", booking_json(event.booking)}}.dump();
}

std::expected<BookingEvent, std::string> decode_booking_event(std::string_view text) {
    return decode_document<BookingEvent>(text, [](const json& doc) {
        return BookingEvent{string_field(doc, "type", 64), booking_from(field(doc, "booking"))};
    });
}

} // namespace telecentre::wire
