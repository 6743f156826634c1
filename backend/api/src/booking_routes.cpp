// Booking routes: availability, book / move / cancel (each with an Idempotency-Key), a member's
// bookings by badge, calendar feeds. Validation of the request shape happens here; the rules
// live in BookingService.
#include "as_device.hpp"
#include "responses.hpp"
#include "telecentre/backend/api.hpp"
#include "telecentre/wire/booking_codec.hpp"

#include <nlohmann/json.hpp>

namespace telecentre::backend {
using namespace api;

namespace {

constexpr std::string_view kBadgeFieldRule = "field \"badge_uid\" must be upper-case hex of 4 to 10 bytes";

// Booking ids are ours ("bk_" + hex); anything else cannot name one and never reaches the store.
bool valid_booking_id(std::string_view id) {
    return id.size() >= 4 && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
           });
}

// Decodes a JSON body with `decode`, or gives the 400 to answer.
template <typename Decode>
auto decode_body(const HttpRequest& request, Decode decode)
    -> std::expected<typename decltype(decode(std::string_view()))::value_type, HttpResponse> {
    if (!nlohmann::json::accept(request.body)) {
        return std::unexpected(error(400, "malformed_json", "the body is not valid JSON"));
    }
    auto decoded = decode(request.body);
    if (!decoded) {
        return std::unexpected(error(400, "invalid_request", decoded.error()));
    }
    if (!valid_badge_uid(decoded->badge_uid)) {
        return std::unexpected(error(400, "invalid_request", std::string(kBadgeFieldRule)));
    }
    return std::move(*decoded);
}

HttpResponse answer_of(const std::expected<BookingAnswer, DomainError>& result) {
    if (!result) {
        return from_domain(result.error());
    }
    return json_response(result->status, result->body);
}

} // namespace

HttpResponse Api::get_availability(const HttpRequest& request, const std::string& site_id) {
    return as_device(request, [&](const DeviceRecord& device) {
        AvailabilityQuery query{site_id, {}, 1, std::nullopt};
        const auto from = query_value(request.query(), "from");
        if (!from) {
            return error(400, "invalid_request", "give the first day as ?from=YYYY-MM-DD");
        }
        auto day = wire::parse_date(*from);
        if (!day) {
            return error(400, "invalid_request", "from: " + day.error());
        }
        query.from = *day;
        if (const auto days = query_value(request.query(), "days")) {
            int count = 0;
            const auto [end, problem] = std::from_chars(days->data(), days->data() + days->size(), count);
            if (problem != std::errc() || end != days->data() + days->size() || count < 1 || count > 31) {
                return error(400, "invalid_request", "days must be a whole number from 1 to 31");
            }
            query.days = count;
        }
        if (const auto kind = query_value(request.query(), "kind")) {
            query.kind = wire::resource_kind_from(*kind);
            if (!query.kind) {
                return error(400, "invalid_request", "kind is one of office, open_space, meeting_room, visio_room");
            }
        }
        auto availability = m_bookings.availability(device, query);
        if (!availability) {
            return from_domain(availability.error());
        }
        return json_response(200, wire::encode(*availability));
    });
}

HttpResponse Api::booking_route(const HttpRequest& request, std::string_view rest) {
    if (rest.empty()) {
        return request.method == "POST" ? post_booking(request) : method_not_allowed("POST");
    }
    if (rest == "/by-badge") {
        return request.method == "POST" ? bookings_by_badge(request) : method_not_allowed("POST");
    }
    rest.remove_prefix(1);
    const auto slash = rest.find('/');
    const std::string id(rest.substr(0, slash));
    const auto tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (valid_booking_id(id) && tail.empty()) {
        return request.method == "PATCH" ? patch_booking(request, id) : method_not_allowed("PATCH");
    }
    if (valid_booking_id(id) && tail == "/cancel") {
        return request.method == "POST" ? cancel_booking(request, id) : method_not_allowed("POST");
    }
    if (valid_booking_id(id) && tail == "/check-in") {
        return request.method == "POST" ? check_in_booking(request, id) : method_not_allowed("POST");
    }
    return error(404, "not_found", "no such resource: " + std::string(request.path().substr(0, 200)));
}

HttpResponse Api::post_booking(const HttpRequest& request) {
    return as_device(request, [&](const DeviceRecord& device) {
        auto key = idempotency_key(request);
        if (!key) {
            return key.error();
        }
        auto booking = decode_body(request, wire::decode_booking_request);
        if (!booking) {
            return booking.error();
        }
        return answer_of(m_bookings.book(device, *key, *booking));
    });
}

HttpResponse Api::patch_booking(const HttpRequest& request, const std::string& booking_id) {
    return as_device(request, [&](const DeviceRecord& device) {
        auto key = idempotency_key(request);
        if (!key) {
            return key.error();
        }
        auto change = decode_body(request, wire::decode_booking_change);
        if (!change) {
            return change.error();
        }
        return answer_of(m_bookings.change(device, *key, booking_id, *change));
    });
}

HttpResponse Api::cancel_booking(const HttpRequest& request, const std::string& booking_id) {
    return as_device(request, [&](const DeviceRecord& device) {
        auto key = idempotency_key(request);
        if (!key) {
            return key.error();
        }
        auto cancel = decode_body(request, wire::decode_booking_cancel);
        if (!cancel) {
            return cancel.error();
        }
        return answer_of(m_bookings.cancel(device, *key, booking_id, *cancel));
    });
}

HttpResponse Api::check_in_booking(const HttpRequest& request, const std::string& booking_id) {
    return as_device(request, [&](const DeviceRecord& device) {
        auto key = idempotency_key(request);
        if (!key) {
            return key.error();
        }
        auto holder = decode_body(request, wire::decode_booking_cancel);
        if (!holder) {
            return holder.error();
        }
        return answer_of(m_bookings.check_in(device, *key, booking_id, *holder));
    });
}

HttpResponse Api::bookings_by_badge(const HttpRequest& request) {
    return as_device(request, [&](const DeviceRecord& device) {
        // A POST so that the badge UID travels in the body, never in a URL or a log line.
        auto lookup = decode_body(request, wire::decode_booking_cancel);
        if (!lookup) {
            return lookup.error();
        }
        return answer_of(m_bookings.member_bookings(device, lookup->badge_uid));
    });
}

HttpResponse Api::post_calendar_feed(const HttpRequest& request) {
    return as_device(request, [&](const DeviceRecord& device) {
        auto lookup = decode_body(request, wire::decode_booking_cancel);
        if (!lookup) {
            return lookup.error();
        }
        // The member proves who they are with a tap, like for a booking.
        auto bookings = m_bookings.member_bookings(device, lookup->badge_uid);
        if (!bookings) {
            return from_domain(bookings.error());
        }
        if (bookings->status != 200) {
            return json_response(bookings->status, bookings->body);
        }
        auto member = wire::decode_member_bookings(bookings->body);
        if (!member) {
            return from_domain(DomainError{ErrorKind::storage, member.error()});
        }
        auto token = m_bookings.issue_calendar_feed({CalendarSubjectKind::member, member->member.id});
        if (!token) {
            return from_domain(token.error());
        }
        return json_response(201, nlohmann::json{{"path", "/calendar/" + *token + ".ics"}}.dump());
    });
}

HttpResponse Api::get_calendar(const HttpRequest&, std::string_view file) {
    constexpr std::string_view kSuffix = ".ics";
    const auto token = file.ends_with(kSuffix) ? file.substr(0, file.size() - kSuffix.size()) : std::string_view();
    // 64 hex digits; anything else is not a token we issued.
    if (token.size() != 64 || !std::all_of(token.begin(), token.end(),
                                           [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); })) {
        return error(404, "not_found", "no such calendar");
    }
    auto text = m_bookings.calendar(std::string(token));
    if (!text) {
        return from_domain(text.error());
    }
    HttpResponse response;
    response.status = 200;
    response.body = std::move(*text);
    response.content_type = "text/calendar; charset=utf-8";
    response.headers.emplace_back("Cache-Control", "private, max-age=300");
    return response;
}

} // namespace telecentre::backend
