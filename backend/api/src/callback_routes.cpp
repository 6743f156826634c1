// Visio-accueil's callback requests: a kiosk posts one (device token, Idempotency-Key); staff
// consoles list them and mark them handled (session cookie; an animateur sees and handles only
// their own site's). The visitor's name and phone number are answered to those two only and
// never logged: the request log has no field for bodies.
#include "responses.hpp"
#include "telecentre/backend/api.hpp"
#include "telecentre/wire/callback_codec.hpp"

#include <nlohmann/json.hpp>

namespace telecentre::backend {
using namespace api;

namespace {

// Callback ids are ours ("cb_" + hex); anything else never reaches the store.
bool valid_callback_id(std::string_view id) {
    return id.size() >= 4 && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
           });
}

} // namespace

HttpResponse Api::callback_route(const HttpRequest& request, std::string_view rest) {
    if (rest.empty()) {
        if (request.method == "POST") {
            return post_callback(request);
        }
        return request.method == "GET" ? get_callbacks(request) : method_not_allowed("GET, POST");
    }
    constexpr std::string_view kHandled = "/handled";
    if (rest.size() > 1 + kHandled.size() && rest.ends_with(kHandled)) {
        const std::string id(rest.substr(1, rest.size() - 1 - kHandled.size()));
        if (valid_callback_id(id)) {
            return request.method == "POST" ? post_callback_handled(request, id) : method_not_allowed("POST");
        }
    }
    return error(404, "not_found", "no such resource: " + std::string(request.path().substr(0, 200)));
}

HttpResponse Api::post_callback(const HttpRequest& request) {
    auto device = authenticate(request);
    if (!device) {
        return device.error();
    }
    auto answer = [&]() -> HttpResponse {
        auto key = idempotency_key(request);
        if (!key) {
            return key.error();
        }
        // Invalid UTF-8 is not JSON (RFC 8259), and the parser says so.
        if (!nlohmann::json::accept(request.body)) {
            return error(400, "malformed_json", "the body is not valid JSON");
        }
        auto callback = wire::decode_callback_request(request.body);
        if (!callback) {
            return error(400, "invalid_request", callback.error());
        }
        auto added = m_callbacks.request(*device, *key, *callback);
        if (!added) {
            return from_domain(added.error());
        }
        // A replay gets the same status as the first answer, and the request as it is now.
        return json_response(201, wire::encode(added->callback));
    }();
    answer.device_id = device->id;
    return answer;
}

HttpResponse Api::get_callbacks(const HttpRequest& request) {
    auto staff = authenticate_staff(request);
    if (!staff) {
        return staff.error();
    }
    auto callbacks = m_callbacks.list(*staff);
    if (!callbacks) {
        return from_domain(callbacks.error());
    }
    return json_response(200, wire::encode(wire::CallbackList{std::move(*callbacks)}));
}

HttpResponse Api::post_callback_handled(const HttpRequest& request, const std::string& callback_id) {
    auto staff = authenticate_staff(request);
    if (!staff) {
        return staff.error();
    }
    // The cookie is SameSite=Strict already; requiring JSON keeps a form of another site from
    // marking requests handled even where a browser would send it.
    if (!json_content(request)) {
        return error(415, "unsupported_media_type", "send the request as Content-Type: application/json");
    }
    auto handled = m_callbacks.mark_handled(*staff, callback_id);
    if (!handled) {
        return from_domain(handled.error());
    }
    return json_response(200, wire::encode(*handled));
}

} // namespace telecentre::backend
