#include "telecentre/backend/api.hpp"

#include "responses.hpp"
#include "telecentre/backend/crypto.hpp"
#include "telecentre/backend/devices.hpp"
#include "telecentre/backend/offline_cache.hpp"
#include "telecentre/wire/booking_codec.hpp"
#include "telecentre/wire/callback_codec.hpp"

#include <nlohmann/json.hpp>

namespace telecentre::backend {
using namespace api;

namespace {

// GET /v1/live?auth=message: the browser way in, since a browser cannot set headers on a
// WebSocket. Only an explicit request takes it, so a kiosk that lost its token gets a 401.
bool wants_auth_message(std::string_view query) {
    while (!query.empty()) {
        const auto end = query.find('&');
        if (query.substr(0, end) == "auth=message") {
            return true;
        }
        query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
    }
    return false;
}

} // namespace

Api::Api(Store& store, LiveHub& live, CheckinService::Clock clock)
    : m_store(store), m_live(live), m_checkins(store, clock),
      m_bookings(store, clock,
                 [&live](const wire::BookingEvent& event) {
                     // The kiosks of the booking's site follow its changes live.
                     (void)live.publish(event.booking.site_id, wire::encode(event));
                 }),
      m_staff(store, clock), m_clock(clock ? clock : CheckinService::Clock([] {
          return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
      })),
      m_callbacks(store, clock,
                  [&live] {
                      // Every console re-reads the list; the message itself carries no visitor data.
                      (void)live.publish_staff(wire::encode_callbacks_changed());
                  }),
      m_statistics(store, clock) {}

HttpResponse Api::handle(const HttpRequest& request) {
    const auto path = request.path();
    if (path == "/healthz") {
        if (request.method != "GET") {
            return method_not_allowed("GET");
        }
        return json_response(200, R"({"status":"ok"})");
    }
    if (path == "/metrics") {
        if (request.method != "GET") {
            return method_not_allowed("GET");
        }
        return get_metrics(request);
    }
    if (path == "/" || path == "/console" || path.starts_with("/console/")) {
        return console_route(request, path);
    }
    if (path == "/v1/checkins") {
        if (request.method != "POST") {
            return method_not_allowed("POST");
        }
        return post_checkin(request);
    }
    if (path == "/v1/live") {
        if (request.method != "GET") {
            return method_not_allowed("GET");
        }
        auto response = error(426, "upgrade_required", "the live channel is a WebSocket: wss://<host>/v1/live");
        response.headers.emplace_back("Upgrade", "websocket");
        response.headers.emplace_back("Connection", "Upgrade");
        return response;
    }
    if (path == "/v1/staff/session" || path == "/v1/staff/me" || path == "/v1/staff/ice-servers") {
        return staff_route(request, path);
    }
    if (path == "/v1/bookings" || path.starts_with("/v1/bookings/")) {
        return booking_route(request, path.substr(std::string_view("/v1/bookings").size()));
    }
    if (path.starts_with("/v1/console/")) {
        return console_api_route(request, path.substr(std::string_view("/v1/console").size()));
    }
    if (path == "/v1/callbacks" || path.starts_with("/v1/callbacks/")) {
        return callback_route(request, path.substr(std::string_view("/v1/callbacks").size()));
    }
    if (path == "/v1/conferences" || path.starts_with("/v1/conferences/")) {
        return conference_route(request, path.substr(std::string_view("/v1/conferences").size()));
    }
    if (path.starts_with("/v1/join/") || path.starts_with("/join/") || path.starts_with("/guest/")) {
        return join_route(request, path);
    }
    if (path == "/v1/calendar-feeds") {
        if (request.method != "POST") {
            return method_not_allowed("POST");
        }
        return post_calendar_feed(request);
    }
    constexpr std::string_view kCalendar = "/calendar/";
    if (path.starts_with(kCalendar)) {
        auto answer =
            request.method == "GET" ? get_calendar(request, path.substr(kCalendar.size())) : method_not_allowed("GET");
        answer.log_path = "/calendar/(secret)"; // the path is the feed's only key
        return answer;
    }
    constexpr std::string_view kSites = "/v1/sites/";
    if (path.starts_with(kSites)) {
        auto rest = path.substr(kSites.size());
        const auto slash = rest.find('/');
        const std::string site_id(rest.substr(0, slash));
        const auto tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
        if (valid_site_id(site_id) && tail == "/availability") {
            if (request.method != "GET") {
                return method_not_allowed("GET");
            }
            return get_availability(request, site_id);
        }
        if (valid_site_id(site_id) && (tail.empty() || tail == "/offline-cache")) {
            if (request.method != "GET") {
                return method_not_allowed("GET");
            }
            return tail.empty() ? get_site(request, site_id) : get_offline_cache(request, site_id);
        }
    }
    return error(404, "not_found", "no such resource: " + std::string(path.substr(0, 200)));
}

// A staff console: its session cookie, and an Origin naming this very server. A browser sends
// cookies with a WebSocket upgrade whichever page opened it; checking the Origin keeps another
// site's page from opening a console session with them (cross-site WebSocket hijacking).
std::expected<WebSocketAcceptance, HttpResponse> Api::upgrade_staff(const HttpRequest& request) {
    const auto origin = request.header("origin");
    const auto host = request.header("host");
    if (!origin || !host || *origin != "https://" + std::string(*host)) {
        return std::unexpected(error(403, "forbidden", "a console connects from a page of this server only"));
    }
    auto staff = authenticate_staff(request);
    if (!staff) {
        return std::unexpected(staff.error());
    }
    auto identity = LiveIdentity::staff(staff->id, staff->display_name, staff->site_id.value_or(""));
    identity.staff_role = std::string(to_string(staff->role));
    return m_live.accept(std::move(identity));
}

std::expected<WebSocketAcceptance, HttpResponse> Api::upgrade(const HttpRequest& request) {
    if (request.path() != "/v1/live") {
        return std::unexpected(
            error(404, "not_found", "no WebSocket at " + std::string(request.path().substr(0, 200))));
    }
    if (request.method != "GET") {
        return std::unexpected(method_not_allowed("GET"));
    }
    if (!request.header("authorization") && wants_auth_message(request.query())) {
        return m_live.accept_with_auth_message(
            [this](std::string_view token) -> std::expected<LiveIdentity, LiveAuthFailure> {
                auto device = authenticate_token(token);
                if (!device) {
                    // 401 is a refused token; anything else (a store failure) is ours.
                    if (device.error().status == 401) {
                        return std::unexpected(LiveAuthFailure{1008, "the device token is not valid"});
                    }
                    return std::unexpected(LiveAuthFailure{1011, "the server could not check the token; try again"});
                }
                return LiveIdentity::device(device->id, device->site_id);
            });
    }
    if (!request.header("authorization") && request.header("cookie")) {
        return upgrade_staff(request);
    }
    if (!request.header("authorization")) {
        return std::unexpected(error(401, "unauthenticated",
                                     "send the device token as Authorization: Bearer <token>, or connect to "
                                     "/v1/live?auth=message and send it in the first message"));
    }
    auto device = authenticate(request);
    if (!device) {
        return std::unexpected(device.error());
    }
    return m_live.accept(LiveIdentity::device(device->id, device->site_id));
}

HttpResponse Api::get_metrics(const HttpRequest& request) const {
    if (m_metrics == nullptr) {
        return error(404, "not_found", "metrics are off: start the backend with --metrics-token-file");
    }
    const auto authorization = request.header("authorization");
    const auto token = authorization ? bearer_token(*authorization) : std::nullopt;
    // Hashes compared: equal hashes tell nothing about another token.
    if (!token || sha256_hex(*token) != m_metrics_token_sha256) {
        auto refused = error(401, "unauthenticated", "send the metrics token as Authorization: Bearer <token>");
        refused.headers.emplace_back("WWW-Authenticate", "Bearer");
        return refused;
    }
    HttpResponse response;
    response.body = m_metrics->exposition();
    response.content_type = "text/plain; version=0.0.4; charset=utf-8";
    return response;
}

std::expected<DeviceRecord, HttpResponse> Api::authenticate(const HttpRequest& request) {
    const auto authorization = request.header("authorization");
    const auto token = authorization ? bearer_token(*authorization) : std::nullopt;
    if (!token) {
        return std::unexpected(error(401, "unauthenticated", "send the device token as Authorization: Bearer <token>"));
    }
    return authenticate_token(*token);
}

std::expected<DeviceRecord, HttpResponse> Api::authenticate_token(std::string_view token) {
    auto device = authenticate_device(m_store, token);
    if (!device) {
        return std::unexpected(from_domain(device.error()));
    }
    if (!*device) {
        return std::unexpected(error(401, "unauthenticated", "the device token is not valid"));
    }
    return **device;
}

HttpResponse Api::post_checkin(const HttpRequest& request) {
    auto device = authenticate(request);
    if (!device) {
        return device.error();
    }
    auto answer = [&]() -> HttpResponse {
        const auto key = request.header("idempotency-key");
        if (!key || key->empty()) {
            return error(400, "idempotency_key_required",
                         "send an Idempotency-Key header (1 to 128 visible ASCII characters)");
        }
        if (!valid_idempotency_key(*key)) {
            return error(400, "invalid_idempotency_key", "the Idempotency-Key is 1 to 128 visible ASCII characters");
        }
        if (!nlohmann::json::accept(request.body)) {
            return error(400, "malformed_json", "the body is not valid JSON");
        }
        auto checkin = wire::decode_checkin_request(request.body);
        if (!checkin) {
            return error(400, "invalid_request", checkin.error());
        }
        if (!valid_badge_uid(checkin->badge_uid)) {
            return error(400, "invalid_request", "field \"badge_uid\" must be upper-case hex of 4 to 10 bytes");
        }
        auto result = m_checkins.check_in(*device, std::string(*key), *checkin);
        if (!result) {
            return from_domain(result.error());
        }
        return json_response(result->status, std::move(result->body));
    }();
    answer.device_id = device->id;
    return answer;
}

HttpResponse Api::get_site(const HttpRequest& request, const std::string& site_id) {
    auto device = authenticate(request);
    if (!device) {
        return device.error();
    }
    auto answer = [&]() -> HttpResponse {
        if (device->site_id != site_id) {
            return error(403, "forbidden_site", "this device belongs to site \"" + device->site_id + "\"");
        }
        auto site = m_store.find_site(site_id);
        if (!site) {
            return from_domain(DomainError{ErrorKind::storage, site.error().message});
        }
        if (!*site) {
            return error(404, "not_found", "no site \"" + site_id + "\"");
        }
        return json_response(200, encode_site(**site));
    }();
    answer.device_id = device->id;
    return answer;
}

HttpResponse Api::get_offline_cache(const HttpRequest& request, const std::string& site_id) {
    auto device = authenticate(request);
    if (!device) {
        return device.error();
    }
    auto answer = [&]() -> HttpResponse {
        auto since = since_parameter(request.query());
        if (!since) {
            return error(400, "invalid_request", since.error());
        }
        auto cache = build_offline_cache(m_store, *device, site_id, *since);
        if (!cache) {
            return from_domain(cache.error());
        }
        return json_response(200, wire::encode(*cache));
    }();
    answer.device_id = device->id;
    return answer;
}

} // namespace telecentre::backend
