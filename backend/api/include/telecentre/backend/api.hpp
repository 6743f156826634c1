#pragma once
// The JSON API under /v1 (and /healthz): routing, device authentication, request validation
// and the mapping of domain errors to HTTP statuses and wire::ApiError codes. Transport-free:
// it turns an HttpRequest into an HttpResponse, so it can be tested without a socket. It also
// decides upgrade requests to the live channel (GET /v1/live), whose sessions join the LiveHub;
// committed booking changes are published through that hub to the kiosks of their site.
//
// Threading: handle() and upgrade() may be called from several server threads at once.

#include "telecentre/backend/booking_service.hpp"
#include "telecentre/backend/callback_service.hpp"
#include "telecentre/backend/checkin_service.hpp"
#include "telecentre/backend/conference_service.hpp"
#include "telecentre/backend/http_metrics.hpp"
#include "telecentre/backend/http_types.hpp"
#include "telecentre/backend/ice_servers.hpp"
#include "telecentre/backend/live_hub.hpp"
#include "telecentre/backend/staff_service.hpp"
#include "telecentre/backend/statistics_service.hpp"
#include "telecentre/backend/store.hpp"

#include <expected>
#include <memory>
#include <string>
#include <string_view>

namespace telecentre::backend {

class Api {
public:
    Api(Store& store, LiveHub& live, CheckinService::Clock clock = {});

    [[nodiscard]] HttpResponse handle(const HttpRequest& request);
    // An upgrade request: GET /v1/live with a bearer token, or with ?auth=message and the token
    // in the first message (kiosks), or with the staff session cookie from a page of this server
    // (consoles). Anything else is refused with the HTTP answer returned.
    [[nodiscard]] std::expected<WebSocketAcceptance, HttpResponse> upgrade(const HttpRequest& request);
    [[nodiscard]] std::expected<WebSocketAcceptance, HttpResponse> upgrade_staff(const HttpRequest& request);
    // The STUN/TURN servers consoles get from GET /v1/staff/ice-servers (none by default). Set
    // before the server starts.
    void set_ice_servers(IceServerConfig config) { m_ice = std::move(config); }
    // GET /metrics: `metrics` in Prometheus's text format, to whoever sends the token whose
    // SHA-256 (hex) is `token_sha256` as "Authorization: Bearer"; until this is called, /metrics
    // answers 404.
    void enable_metrics(const HttpMetrics& metrics, std::string token_sha256) {
        m_metrics = &metrics;
        m_metrics_token_sha256 = std::move(token_sha256);
    }
    [[nodiscard]] BookingService& bookings() { return m_bookings; }
    [[nodiscard]] StaffService& staff() { return m_staff; }
    [[nodiscard]] CallbackService& callbacks() { return m_callbacks; }
    // Conference rooms (conference_routes.cpp), on once the server gives the SFU (before it
    // starts); until then their endpoints answer 503 conferences_off. Guest links start with
    // `public_url` ("https://host[:port]"), or with the request's Host when it is empty.
    void enable_conferences(SfuRooms& sfu, ConferenceConfig config, std::string public_url);
    [[nodiscard]] ConferenceService* conferences() { return m_conferences.get(); }
    // The staff member of the request's session cookie (tc_staff), or the 401 to answer (500
    // when the store fails): the check for every staff endpoint and, later, the live channel.
    [[nodiscard]] std::expected<StaffRecord, HttpResponse> authenticate_staff(const HttpRequest& request);

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
    // Staff console sessions (staff_routes.cpp): POST/DELETE /v1/staff/session, GET /v1/staff/me.
    [[nodiscard]] HttpResponse staff_route(const HttpRequest& request, std::string_view path);
    [[nodiscard]] HttpResponse post_staff_session(const HttpRequest& request);
    [[nodiscard]] HttpResponse delete_staff_session(const HttpRequest& request);
    [[nodiscard]] HttpResponse get_staff_me(const HttpRequest& request);
    [[nodiscard]] HttpResponse get_ice_servers(const HttpRequest& request);
    // The staff console's embedded page (console_routes.cpp): GET /console/... and / to it.
    [[nodiscard]] HttpResponse console_route(const HttpRequest& request, std::string_view path);
    // The operations console's statistics (statistics_routes.cpp): GET /v1/console/statistics,
    // GET /v1/console/evaluation, PUT /v1/console/sites/{id}/costs/{year}.
    [[nodiscard]] HttpResponse console_api_route(const HttpRequest& request, std::string_view rest);
    [[nodiscard]] HttpResponse get_statistics(const HttpRequest& request);
    [[nodiscard]] HttpResponse get_evaluation(const HttpRequest& request);
    [[nodiscard]] HttpResponse put_site_cost(const HttpRequest& request, const std::string& site_id,
                                             std::string_view year);
    // Visio-accueil's callback requests (callback_routes.cpp): POST /v1/callbacks (kiosks),
    // GET /v1/callbacks and POST /v1/callbacks/{id}/handled (staff).
    [[nodiscard]] HttpResponse callback_route(const HttpRequest& request, std::string_view rest);
    [[nodiscard]] HttpResponse post_callback(const HttpRequest& request);
    [[nodiscard]] HttpResponse get_callbacks(const HttpRequest& request);
    [[nodiscard]] HttpResponse post_callback_handled(const HttpRequest& request, const std::string& callback_id);
    // Conference rooms (conference_routes.cpp): POST /v1/conferences, POST
    // /v1/conferences/{id}/guest-links and /extend (room terminals); GET /v1/join/{token} (the
    // guest page's descriptor, the token being the credential); the guest page itself under
    // /join/{token} and its files under /guest/.
    [[nodiscard]] HttpResponse conference_route(const HttpRequest& request, std::string_view rest);
    [[nodiscard]] HttpResponse join_route(const HttpRequest& request, std::string_view path);
    [[nodiscard]] HttpResponse guest_page(const HttpRequest& request, std::string_view name);
    [[nodiscard]] std::string link_base(const HttpRequest& request) const;
    [[nodiscard]] std::expected<DeviceRecord, HttpResponse> authenticate(const HttpRequest& request);
    // The one token check, for the Authorization header and the live channel's auth message.
    [[nodiscard]] std::expected<DeviceRecord, HttpResponse> authenticate_token(std::string_view token);
    // Authenticates, runs `answer` for the device and stamps the device on the response.
    template <typename Answer> HttpResponse as_device(const HttpRequest& request, Answer answer);

    Store& m_store;
    LiveHub& m_live;
    CheckinService m_checkins;
    BookingService m_bookings;
    StaffService m_staff;
    CheckinService::Clock m_clock;
    IceServerConfig m_ice;
    const HttpMetrics* m_metrics = nullptr;
    std::string m_metrics_token_sha256;
    [[nodiscard]] HttpResponse get_metrics(const HttpRequest& request) const;
    CallbackService m_callbacks;
    StatisticsService m_statistics;
    std::unique_ptr<ConferenceService> m_conferences;
    std::string m_public_url;
};

// The JSON of GET /v1/sites/{site} (documented in docs/openapi.yaml as Site).
[[nodiscard]] std::string encode_site(const SiteRecord& site);

} // namespace telecentre::backend
