#include "telecentre/backend/api.hpp"

#include "telecentre/backend/devices.hpp"
#include "telecentre/backend/offline_cache.hpp"
#include "telecentre/wire/codec.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace telecentre::backend {
namespace {

HttpResponse json_response(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

HttpResponse error(int status, const char* code, std::string message) {
    return json_response(status, wire::encode(wire::ApiError{code, std::move(message)}));
}

HttpResponse method_not_allowed(const char* allowed) {
    auto response = error(405, "method_not_allowed", std::string("this resource accepts ") + allowed + " only");
    response.headers.emplace_back("Allow", allowed);
    return response;
}

HttpResponse from_domain(const DomainError& failure) {
    switch (failure.kind) {
    case ErrorKind::invalid_request: return error(400, "invalid_request", failure.message);
    case ErrorKind::forbidden_site: return error(403, "forbidden_site", failure.message);
    case ErrorKind::not_found: return error(404, "not_found", failure.message);
    case ErrorKind::idempotency_conflict: return error(409, "idempotency_conflict", failure.message);
    case ErrorKind::storage: break;
    }
    // Store details are for the operator's log, not for the kiosk.
    std::fprintf(stderr, "telecentre-backend: store error: %s\n", failure.message.c_str());
    return error(500, "internal", "the server could not complete the request; try again");
}

bool valid_site_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

// Upper-case hex of 4, 7 or 10 bytes (and any even length in between), as kiosks read UIDs.
bool valid_badge_uid(std::string_view uid) {
    return uid.size() >= 8 && uid.size() <= 20 && uid.size() % 2 == 0 &&
           std::all_of(uid.begin(), uid.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); });
}

// Visible ASCII only: the key is compared byte for byte and may appear in operators' tools.
bool valid_idempotency_key(std::string_view key) {
    return !key.empty() && key.size() <= 128 &&
           std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

// ?since=N, absent meaning 0. Anything else in the query is ignored.
std::expected<std::int64_t, std::string> since_parameter(std::string_view query) {
    while (!query.empty()) {
        const auto end = query.find('&');
        const auto pair = query.substr(0, end);
        query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
        if (!pair.starts_with("since=")) {
            continue;
        }
        const auto digits = pair.substr(6);
        std::int64_t since = 0;
        const auto [last, problem] = std::from_chars(digits.data(), digits.data() + digits.size(), since);
        if (digits.empty() || problem != std::errc() || last != digits.data() + digits.size() || since < 0) {
            return std::unexpected("since must be a non-negative integer");
        }
        return since;
    }
    return 0;
}

} // namespace

Api::Api(Store& store, CheckinService::Clock clock) : m_store(store), m_checkins(store, std::move(clock)) {}

HttpResponse Api::handle(const HttpRequest& request) {
    const auto path = request.path();
    if (path == "/healthz") {
        if (request.method != "GET") {
            return method_not_allowed("GET");
        }
        return json_response(200, R"({"status":"ok"})");
    }
    if (path == "/v1/checkins") {
        if (request.method != "POST") {
            return method_not_allowed("POST");
        }
        return post_checkin(request);
    }
    constexpr std::string_view kSites = "/v1/sites/";
    if (path.starts_with(kSites)) {
        auto rest = path.substr(kSites.size());
        const auto slash = rest.find('/');
        const std::string site_id(rest.substr(0, slash));
        const auto tail = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
        if (valid_site_id(site_id) && (tail.empty() || tail == "/offline-cache")) {
            if (request.method != "GET") {
                return method_not_allowed("GET");
            }
            return tail.empty() ? get_site(request, site_id) : get_offline_cache(request, site_id);
        }
    }
    return error(404, "not_found", "no such resource: " + std::string(path.substr(0, 200)));
}

std::expected<DeviceRecord, HttpResponse> Api::authenticate(const HttpRequest& request) {
    const auto authorization = request.header("authorization");
    const auto token = authorization ? bearer_token(*authorization) : std::nullopt;
    if (!token) {
        return std::unexpected(error(401, "unauthenticated", "send the device token as Authorization: Bearer <token>"));
    }
    auto device = authenticate_device(m_store, *token);
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
