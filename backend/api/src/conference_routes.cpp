// Conference rooms: the room terminal starts a conference (POST /v1/conferences), asks for a
// fresh guest link (POST /v1/conferences/{id}/guest-links) and extends it (POST
// /v1/conferences/{id}/extend), with its device token; a guest's browser opens the guest page
// (GET /join/{token}, files under /guest/) and reads what it needs to join (GET /v1/join/{token}).
// The token is the guest's only credential: it never appears in the request log, and the page
// is served with no-referrer so it never leaves in a Referer either.
#include "as_device.hpp"
#include "responses.hpp"
#include "telecentre/backend/api.hpp"
#include "telecentre/backend/console_files.hpp"
#include "telecentre/wire/conference_codec.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace telecentre::backend {
using namespace api;

namespace {

// Conference ids are ours ("conf_" + hex); anything else never reaches the store.
bool valid_conference_id(std::string_view id) {
    return id.size() > 5 && id.size() <= 64 && id.starts_with("conf_") && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

HttpResponse from_conference(const ConferenceError& failure) {
    if (failure.storage) {
        return from_domain(*failure.storage);
    }
    auto response = error(failure.status, failure.code.c_str(), failure.message);
    if (failure.status == 503) {
        response.headers.emplace_back("Retry-After", "5");
    }
    return response;
}

HttpResponse conferences_off() {
    return error(503, "conferences_off", "this backend has no conference server configured");
}

// "wss://host/janus" -> "wss://host": what the guest page may connect to besides this server.
std::string origin_of(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        return {};
    }
    const auto end = url.find('/', scheme + 3);
    const auto origin = url.substr(0, end);
    const bool plain = std::all_of(origin.begin(), origin.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == ':' || c == '/' || c == '[' || c == ']';
    });
    return plain ? std::string(origin) : std::string();
}

} // namespace

void Api::enable_conferences(SfuRooms& sfu, ConferenceConfig config, std::string public_url) {
    m_conferences = std::make_unique<ConferenceService>(m_store, m_bookings, sfu, std::move(config), m_clock);
    m_public_url = std::move(public_url);
}

std::string Api::link_base(const HttpRequest& request) const {
    if (!m_public_url.empty()) {
        return m_public_url;
    }
    const auto host = request.header("host");
    return host && plain_host(*host) ? "https://" + std::string(*host) : std::string("https://localhost");
}

HttpResponse Api::conference_route(const HttpRequest& request, std::string_view rest) {
    if (rest.empty()) {
        if (request.method != "POST") {
            return method_not_allowed("POST");
        }
        return as_device(request, [&](const DeviceRecord& device) -> HttpResponse {
            if (!m_conferences) {
                return conferences_off();
            }
            if (!nlohmann::json::accept(request.body)) {
                return error(400, "malformed_json", "the body is not valid JSON");
            }
            auto start = wire::decode_conference_start(request.body);
            if (!start) {
                return error(400, "invalid_request", start.error());
            }
            auto conference = m_conferences->start(device, *start, link_base(request));
            if (!conference) {
                return from_conference(conference.error());
            }
            return json_response(201, wire::encode(*conference));
        });
    }
    const auto slash = rest.find('/', 1);
    const std::string id(rest.substr(1, slash == std::string_view::npos ? std::string_view::npos : slash - 1));
    const auto action = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
    if (!valid_conference_id(id) || (action != "/guest-links" && action != "/extend")) {
        return error(404, "not_found", "no such resource: " + std::string(request.path().substr(0, 200)));
    }
    if (request.method != "POST") {
        return method_not_allowed("POST");
    }
    return as_device(request, [&](const DeviceRecord& device) -> HttpResponse {
        if (!m_conferences) {
            return conferences_off();
        }
        ConferenceResult<wire::Conference> conference = std::unexpected(ConferenceError{});
        if (action == "/guest-links") {
            conference = m_conferences->guest_link(device, id, link_base(request));
        } else {
            if (!nlohmann::json::accept(request.body)) {
                return error(400, "malformed_json", "the body is not valid JSON");
            }
            auto extend = wire::decode_conference_extend(request.body);
            if (!extend) {
                return error(400, "invalid_request", extend.error());
            }
            conference = m_conferences->extend(device, id, *extend, link_base(request));
        }
        if (!conference) {
            return from_conference(conference.error());
        }
        return json_response(200, wire::encode(*conference));
    });
}

HttpResponse Api::join_route(const HttpRequest& request, std::string_view path) {
    if (request.method != "GET") {
        return method_not_allowed("GET");
    }
    constexpr std::string_view kDescriptor = "/v1/join/";
    constexpr std::string_view kPage = "/join/";
    if (path.starts_with(kDescriptor)) {
        auto answer = [&]() -> HttpResponse {
            if (!m_conferences) {
                return conferences_off();
            }
            auto descriptor = m_conferences->join(std::string(path.substr(kDescriptor.size())));
            if (!descriptor) {
                return from_conference(descriptor.error());
            }
            return json_response(200, wire::encode(*descriptor));
        }();
        answer.headers.emplace_back("Cache-Control", "no-store");
        answer.headers.emplace_back("Referrer-Policy", "no-referrer");
        answer.log_path = "/v1/join/(secret)";
        return answer;
    }
    if (path.starts_with(kPage)) {
        // One page for every token: it reads its token from its own address.
        auto page = guest_page(request, "index.html");
        page.log_path = "/join/(secret)";
        return page;
    }
    return guest_page(request, path.substr(std::string_view("/guest/").size()));
}

HttpResponse Api::guest_page(const HttpRequest& request, std::string_view name) {
    const auto files = guest_files();
    const auto file = std::find_if(files.begin(), files.end(), [&](const ConsoleFile& f) { return f.name == name; });
    if (name.empty() || file == files.end()) {
        return error(404, "not_found", "no such page file");
    }
    HttpResponse response;
    response.status = 200;
    response.content_type = std::string(file->content_type);
    response.body = std::string(file->body);
    // The page also speaks to Janus's WebSocket API, and submits no form.
    const std::string janus = m_conferences ? origin_of(m_conferences->config().janus_ws) : std::string();
    add_page_headers(response, request, janus, "'none'");
    return response;
}

} // namespace telecentre::backend
