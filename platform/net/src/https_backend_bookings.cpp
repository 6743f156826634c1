// The booking half of HttpsBackendClient: availability, book / move / cancel with an
// Idempotency-Key, the door panel's check-in, and a member's bookings by badge.
#include "backend_errors.hpp"
#include "telecentre/platform/https_backend_client.hpp"
#include "telecentre/wire/booking_codec.hpp"

namespace telecentre::platform {
namespace {

core::BackendError bad_answer(int status, const std::string& what, const std::string& why) {
    return {core::BackendFailure::bad_answer, status, "bad_answer", "the " + what + " could not be read: " + why};
}

// A 2xx decoded with `decode`; a 4xx carrying a BookingError is the backend's refusal, an answer
// like any other; anything else is an error.
template <typename T, typename Decode>
std::expected<core::BookingReply<T>, core::BackendError> reply_of(const HttpResponse& response, Decode decode,
                                                                  const std::string& what) {
    if (response.status >= 200 && response.status < 300) {
        auto decoded = decode(response.body);
        if (!decoded) {
            return std::unexpected(bad_answer(response.status, what, decoded.error()));
        }
        return core::BookingReply<T>{std::in_place_index<0>, std::move(*decoded)};
    }
    if (response.status >= 400 && response.status < 500) {
        if (auto refusal = wire::decode_booking_error(response.body)) {
            return core::BookingReply<T>{std::in_place_index<1>, std::move(*refusal)};
        }
    }
    return std::unexpected(from_status(response));
}

} // namespace

std::expected<wire::Availability, core::BackendError>
HttpsBackendClient::availability(const std::string& site, wire::Date from, int days,
                                 std::optional<wire::ResourceKind> kind) {
    // Site ids are [a-z0-9-] and kinds are plain words: nothing to escape.
    std::string target =
        "/v1/sites/" + site + "/availability?from=" + wire::format_date(from) + "&days=" + std::to_string(days);
    if (kind) {
        target += std::string("&kind=") + wire::to_string(*kind);
    }
    auto response = call("GET", target, {}, {});
    if (!response) {
        return std::unexpected(response.error());
    }
    auto decoded = wire::decode_availability(response->body);
    if (!decoded) {
        return std::unexpected(bad_answer(response->status, "availability", decoded.error()));
    }
    return std::move(*decoded);
}

std::expected<core::BookingReply<wire::Booking>, core::BackendError>
HttpsBackendClient::book(const std::string& idempotency_key, const wire::BookingRequest& request) {
    auto response = exchange("POST", "/v1/bookings", {{"Idempotency-Key", idempotency_key}}, wire::encode(request));
    if (!response) {
        return std::unexpected(response.error());
    }
    return reply_of<wire::Booking>(*response, wire::decode_booking, "booking");
}

std::expected<core::BookingReply<wire::Booking>, core::BackendError>
HttpsBackendClient::change(const std::string& idempotency_key, const std::string& booking_id,
                           const wire::BookingChange& change) {
    auto response =
        exchange("PATCH", "/v1/bookings/" + booking_id, {{"Idempotency-Key", idempotency_key}}, wire::encode(change));
    if (!response) {
        return std::unexpected(response.error());
    }
    return reply_of<wire::Booking>(*response, wire::decode_booking, "moved booking");
}

std::expected<core::BookingReply<wire::Booking>, core::BackendError>
HttpsBackendClient::cancel(const std::string& idempotency_key, const std::string& booking_id,
                           const wire::BookingCancel& cancel) {
    auto response = exchange("POST", "/v1/bookings/" + booking_id + "/cancel", {{"Idempotency-Key", idempotency_key}},
                             wire::encode(cancel));
    if (!response) {
        return std::unexpected(response.error());
    }
    return reply_of<wire::Booking>(*response, wire::decode_booking, "cancelled booking");
}

std::expected<core::BookingReply<wire::Booking>, core::BackendError>
HttpsBackendClient::check_in(const std::string& idempotency_key, const std::string& booking_id,
                             const wire::BookingCancel& holder) {
    auto response = exchange("POST", "/v1/bookings/" + booking_id + "/check-in", {{"Idempotency-Key", idempotency_key}},
                             wire::encode(holder));
    if (!response) {
        return std::unexpected(response.error());
    }
    return reply_of<wire::Booking>(*response, wire::decode_booking, "checked-in booking");
}

std::expected<core::BookingReply<wire::MemberBookings>, core::BackendError>
HttpsBackendClient::member_bookings(const std::string& badge_uid) {
    // A POST so that the badge UID travels in the body, never in a URL.
    auto response = exchange("POST", "/v1/bookings/by-badge", {}, wire::encode(wire::BookingCancel{badge_uid}));
    if (!response) {
        return std::unexpected(response.error());
    }
    return reply_of<wire::MemberBookings>(*response, wire::decode_member_bookings, "member's bookings");
}

} // namespace telecentre::platform
