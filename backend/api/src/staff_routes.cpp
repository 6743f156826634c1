// Staff console sessions: log in (POST /v1/staff/session), log out (DELETE), who am I (GET
// /v1/staff/me), and the cookie check the rest of the API uses for staff (authenticate_staff).
// The session token travels only in the tc_staff cookie: HttpOnly so page scripts never see it,
// Secure, SameSite=Strict so no other site's page sends it along. Neither the password nor the
// token is ever logged.
#include "responses.hpp"
#include "telecentre/backend/api.hpp"
#include "telecentre/backend/cookies.hpp"

#include <nlohmann/json.hpp>

namespace telecentre::backend {
using namespace api;

namespace {

constexpr std::string_view kCookieName = "tc_staff";
constexpr std::string_view kCookieAttributes = "; HttpOnly; Secure; SameSite=Strict; Path=/; Max-Age=";

std::string session_cookie(std::string_view token, std::chrono::seconds lifetime) {
    return std::string(kCookieName) + "=" + std::string(token) + std::string(kCookieAttributes) +
           std::to_string(lifetime.count());
}

std::string encode_staff(const StaffRecord& staff) {
    nlohmann::json json{{"id", staff.id},
                        {"login", staff.login},
                        {"display_name", staff.display_name},
                        {"role", to_string(staff.role)},
                        {"site_id", nullptr}};
    if (staff.site_id) {
        json["site_id"] = *staff.site_id;
    }
    return json.dump();
}

// Every Cookie line of the request joined as one (HTTP/2 proxies may split them).
std::string cookie_header(const HttpRequest& request) {
    std::string joined;
    for (const auto& [name, value] : request.headers) {
        if (name == "cookie") {
            joined += joined.empty() ? value : "; " + value;
        }
    }
    return joined;
}

} // namespace

HttpResponse Api::staff_route(const HttpRequest& request, std::string_view path) {
    if (path == "/v1/staff/me") {
        return request.method == "GET" ? get_staff_me(request) : method_not_allowed("GET");
    }
    if (path == "/v1/staff/ice-servers") {
        return request.method == "GET" ? get_ice_servers(request) : method_not_allowed("GET");
    }
    if (request.method == "POST") {
        return post_staff_session(request);
    }
    if (request.method == "DELETE") {
        return delete_staff_session(request);
    }
    return method_not_allowed("POST, DELETE");
}

std::expected<StaffRecord, HttpResponse> Api::authenticate_staff(const HttpRequest& request) {
    const auto header = cookie_header(request);
    const auto token = find_cookie(header, kCookieName);
    if (!token) {
        return std::unexpected(error(401, "unauthenticated",
                                     token.error() == CookieProblem::absent
                                         ? "log in first: no staff session cookie"
                                         : "log in again: the staff session cookie is not readable"));
    }
    auto staff = m_staff.authenticate(*token);
    if (!staff) {
        return std::unexpected(from_domain(staff.error()));
    }
    return std::move(*staff);
}

HttpResponse Api::post_staff_session(const HttpRequest& request) {
    // A page of another site can post a form, but not with this content type without the
    // browser asking first (CORS), which this API never allows: no logging in from elsewhere.
    if (!json_content(request)) {
        return error(415, "unsupported_media_type", "send the log-in as Content-Type: application/json");
    }
    const auto body = nlohmann::json::parse(request.body, nullptr, false);
    if (body.is_discarded()) {
        return error(400, "malformed_json", "the body is not valid JSON");
    }
    if (!body.is_object() || !body.contains("login") || !body["login"].is_string() || !body.contains("password") ||
        !body["password"].is_string()) {
        return error(400, "invalid_request", "send {\"login\": \"...\", \"password\": \"...\"}");
    }
    auto session =
        m_staff.log_in(body["login"].get_ref<const std::string&>(), body["password"].get_ref<const std::string&>());
    if (!session) {
        if (session.error().kind == ErrorKind::unauthenticated) {
            return error(401, "invalid_credentials", session.error().message);
        }
        return from_domain(session.error());
    }
    auto response = json_response(200, encode_staff(session->staff));
    response.headers.emplace_back(
        "Set-Cookie",
        session_cookie(session->token, std::chrono::duration_cast<std::chrono::seconds>(kStaffSessionLifetime)));
    return response;
}

HttpResponse Api::delete_staff_session(const HttpRequest& request) {
    const auto header = cookie_header(request);
    if (const auto token = find_cookie(header, kCookieName)) {
        if (auto ended = m_staff.log_out(*token); !ended) {
            return from_domain(ended.error());
        }
    }
    // Cleared whether or not a session was found, so the browser forgets whatever it held.
    auto response = json_response(204, {});
    response.headers.emplace_back("Set-Cookie", std::string(kCookieName) + "=" + std::string(kCookieAttributes) + "0");
    return response;
}

HttpResponse Api::get_staff_me(const HttpRequest& request) {
    auto staff = authenticate_staff(request);
    if (!staff) {
        return staff.error();
    }
    return json_response(200, encode_staff(*staff));
}

// The console's STUN/TURN servers, with TURN credentials for this staff member that expire with
// the session's length. Not cached: the credentials are the caller's own.
HttpResponse Api::get_ice_servers(const HttpRequest& request) {
    auto staff = authenticate_staff(request);
    if (!staff) {
        return staff.error();
    }
    auto response = json_response(200, encode_ice_servers(m_ice, staff->id, m_clock()));
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
}

} // namespace telecentre::backend
