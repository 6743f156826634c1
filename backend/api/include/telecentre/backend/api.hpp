#pragma once
// The JSON API under /v1 (and /healthz): routing, device authentication, request validation
// and the mapping of domain errors to HTTP statuses and wire::ApiError codes. Transport-free:
// it turns an HttpRequest into an HttpResponse, so it can be tested without a socket.
//
// Threading: handle() may be called from several server threads at once.

#include "telecentre/backend/booking_service.hpp"
#include "telecentre/backend/checkin_service.hpp"
#include "telecentre/backend/http_types.hpp"
#include "telecentre/backend/store.hpp"

#include <expected>
#include <string_view>

namespace telecentre::backend {

class Api {
public:
    // `publisher` receives every committed booking change (the live channel).
    explicit Api(Store& store, CheckinService::Clock clock = {}, BookingService::Publisher publisher = {});

    [[nodiscard]] HttpResponse handle(const HttpRequest& request);
    [[nodiscard]] BookingService& bookings() { return m_bookings; }

private:
    [[nodiscard]] HttpResponse post_checkin(const HttpRequest& request);
    [[nodiscard]] HttpResponse get_site(const HttpRequest& request, const std::string& site_id);
    [[nodiscard]] HttpResponse get_offline_cache(const HttpRequest& request, const std::string& site_id);
    [[nodiscard]] HttpResponse get_availability(const HttpRequest& request, const std::string& site_id);
    [[nodiscard]] HttpResponse booking_route(const HttpRequest& request, std::string_view rest);
    [[nodiscard]] HttpResponse post_booking(const HttpRequest& request);
    [[nodiscard]] HttpResponse bookings_by_badge(const HttpRequest& request);
    [[nodiscard]] HttpResponse patch_booking(const HttpRequest& request, const std::string& booking_id);
    [[nodiscard]] HttpResponse cancel_booking(const HttpRequest& request, const std::string& booking_id);
    [[nodiscard]] HttpResponse check_in_booking(const HttpRequest& request, const std::string& booking_id);
    [[nodiscard]] HttpResponse post_calendar_feed(const HttpRequest& request);
    [[nodiscard]] HttpResponse get_calendar(const HttpRequest& request, std::string_view file);
    [[nodiscard]] std::expected<DeviceRecord, HttpResponse> authenticate(const HttpRequest& request);
    // Authenticates, runs `answer` for the device and stamps the device on the response.
    template <typename Answer> HttpResponse as_device(const HttpRequest& request, Answer answer);

    Store& m_store;
    CheckinService m_checkins;
    BookingService m_bookings;
};

// The JSON of GET /v1/sites/{site} (documented in docs/openapi.yaml as Site).
[[nodiscard]] std::string encode_site(const SiteRecord& site);

} // namespace telecentre::backend
