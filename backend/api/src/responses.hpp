#pragma once
// Answers and validation shared by the API's route files (private to backend/api).

#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/http_types.hpp"
#include "telecentre/wire/codec.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace telecentre::backend::api {

inline HttpResponse json_response(int status, std::string body) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

inline HttpResponse error(int status, const char* code, std::string message) {
    return json_response(status, wire::encode(wire::ApiError{code, std::move(message)}));
}

inline HttpResponse method_not_allowed(const char* allowed) {
    auto response = error(405, "method_not_allowed", std::string("this resource accepts ") + allowed + " only");
    response.headers.emplace_back("Allow", allowed);
    return response;
}

inline HttpResponse from_domain(const DomainError& failure) {
    switch (failure.kind) {
    case ErrorKind::invalid_request: return error(400, "invalid_request", failure.message);
    case ErrorKind::forbidden_site: return error(403, "forbidden_site", failure.message);
    case ErrorKind::forbidden_role: return error(403, "forbidden", failure.message);
    case ErrorKind::not_found: return error(404, "not_found", failure.message);
    case ErrorKind::idempotency_conflict: return error(409, "idempotency_conflict", failure.message);
    case ErrorKind::already_exists: return error(409, "already_exists", failure.message);
    case ErrorKind::unauthenticated: return error(401, "unauthenticated", failure.message);
    case ErrorKind::storage: break;
    }
    if (failure.retryable) {
        // Lost a race with other writers several times over: the kiosk's retry will do.
        auto busy = error(503, "busy", "the server is busy; try again");
        busy.headers.emplace_back("Retry-After", "1");
        return busy;
    }
    // Store details are for the operator's log, not for the kiosk.
    std::fprintf(stderr, "telecentre-backend: store error: %s\n", failure.message.c_str());
    return error(500, "internal", "the server could not complete the request; try again");
}

// A Host header fit to be echoed (a page's policy, a link): a name or address and an optional port.
inline bool plain_host(std::string_view host) {
    return !host.empty() && host.size() <= 255 && std::all_of(host.begin(), host.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
               c == ':' || c == '[' || c == ']';
    });
}

// The headers of a page this server serves (the staff console, the guest page): its own scripts
// and styles only, no inline script, fetch and WebSocket to this server (plus `also_connect`),
// camera and microphone for this origin only, never framed, never a Referer.
inline void add_page_headers(HttpResponse& response, const HttpRequest& request, std::string_view also_connect,
                             std::string_view form_action) {
    // 'self' covers wss:// to this host in current browsers; naming it keeps older ones working.
    std::string connect = "'self'";
    if (const auto host = request.header("host"); host && plain_host(*host)) {
        connect += " wss://" + std::string(*host);
    }
    if (!also_connect.empty()) {
        connect += " " + std::string(also_connect);
    }
    response.headers.emplace_back("Content-Security-Policy",
                                  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                                  "media-src 'self' blob: mediastream:; connect-src " +
                                      connect + "; base-uri 'none'; form-action " + std::string(form_action) +
                                      "; frame-ancestors 'none'");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("X-Frame-Options", "DENY");
    response.headers.emplace_back("Referrer-Policy", "no-referrer");
    response.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
    response.headers.emplace_back("Permissions-Policy", "camera=(self), microphone=(self), geolocation=()");
    response.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
    // Always revalidate: a new backend version brings a new page.
    response.headers.emplace_back("Cache-Control", "no-cache");
}

inline bool valid_site_id(std::string_view id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

// Upper-case hex of 4, 7 or 10 bytes (and any even length in between), as kiosks read UIDs.
inline bool valid_badge_uid(std::string_view uid) {
    return uid.size() >= 8 && uid.size() <= 20 && uid.size() % 2 == 0 &&
           std::all_of(uid.begin(), uid.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); });
}

// Visible ASCII only: the key is compared byte for byte and may appear in operators' tools.
inline bool valid_idempotency_key(std::string_view key) {
    return !key.empty() && key.size() <= 128 &&
           std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

// ?since=N, absent meaning 0. Anything else in the query is ignored.
inline std::expected<std::int64_t, std::string> since_parameter(std::string_view query) {
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

// The value of one query parameter (no percent-decoding: our parameters are plain tokens).
inline std::optional<std::string_view> query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto end = query.find('&');
        const auto pair = query.substr(0, end);
        query = end == std::string_view::npos ? std::string_view() : query.substr(end + 1);
        if (pair.size() > name.size() && pair.starts_with(name) && pair[name.size()] == '=') {
            return pair.substr(name.size() + 1);
        }
    }
    return std::nullopt;
}

// A body sent as application/json. A page of another site can post a form (or text/plain), but
// not this type without the browser asking first (CORS), which this API never allows: the check
// that keeps other sites from acting with a staff member's cookie.
inline bool json_content(const HttpRequest& request) {
    const auto type = request.header("content-type");
    if (!type) {
        return false;
    }
    const auto media = type->substr(0, type->find(';'));
    return media == "application/json";
}

// The Idempotency-Key every write must carry, or the 400 to answer.
inline std::expected<std::string, HttpResponse> idempotency_key(const HttpRequest& request) {
    const auto key = request.header("idempotency-key");
    if (!key || key->empty()) {
        return std::unexpected(error(400, "idempotency_key_required",
                                     "send an Idempotency-Key header (1 to 128 visible ASCII characters)"));
    }
    if (!valid_idempotency_key(*key)) {
        return std::unexpected(
            error(400, "invalid_idempotency_key", "the Idempotency-Key is 1 to 128 visible ASCII characters"));
    }
    return std::string(*key);
}

} // namespace telecentre::backend::api
