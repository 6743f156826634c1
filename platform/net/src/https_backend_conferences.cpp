// HttpsBackendClient: conference rooms (POST /v1/conferences, .../extend, GET /v1/join/{token}).

#include "backend_errors.hpp"
#include "telecentre/platform/https_backend_client.hpp"
#include "telecentre/wire/conference_codec.hpp"

#include <algorithm>

namespace telecentre::platform {
namespace {

// Ids and tokens go into the request's path: only the characters the backend makes them of.
bool path_safe(const std::string& text) {
    return !text.empty() && text.size() <= 128 && std::ranges::all_of(text, [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

template <class T>
std::expected<T, core::BackendError> decoded(std::expected<T, std::string> value, const HttpResponse& response,
                                             const char* what) {
    if (!value) {
        return std::unexpected(core::BackendError{core::BackendFailure::bad_answer, response.status, "bad_answer",
                                                  std::string{what} + " could not be read: " + value.error()});
    }
    return std::move(*value);
}

core::BackendError bad_request(const char* what) {
    return core::BackendError{core::BackendFailure::rejected, 0, "bad_request", what};
}

} // namespace

std::expected<wire::Conference, core::BackendError>
HttpsBackendClient::start_conference(const wire::ConferenceStart& start) {
    auto response = call("POST", "/v1/conferences", {}, wire::encode(start));
    if (!response) {
        return std::unexpected(response.error());
    }
    return decoded(wire::decode_conference(response->body), *response, "the conference");
}

std::expected<wire::Conference, core::BackendError>
HttpsBackendClient::extend_conference(const std::string& conference_id, const wire::ConferenceExtend& extend) {
    if (!path_safe(conference_id)) {
        return std::unexpected(bad_request("not a conference id"));
    }
    auto response = call("POST", "/v1/conferences/" + conference_id + "/extend", {}, wire::encode(extend));
    if (!response) {
        return std::unexpected(response.error());
    }
    return decoded(wire::decode_conference(response->body), *response, "the extended conference");
}

std::expected<wire::JoinDescriptor, core::BackendError>
HttpsBackendClient::join_descriptor(const std::string& guest_token) {
    if (!path_safe(guest_token)) {
        return std::unexpected(bad_request("not a guest link token"));
    }
    auto response = call("GET", "/v1/join/" + guest_token, {}, {});
    if (!response) {
        return std::unexpected(response.error());
    }
    return decoded(wire::decode_join_descriptor(response->body), *response, "the join descriptor");
}

} // namespace telecentre::platform
