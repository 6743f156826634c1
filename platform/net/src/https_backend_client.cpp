#include "telecentre/platform/https_backend_client.hpp"

#include "backend_errors.hpp"
#include "telecentre/wire/callback_codec.hpp"
#include "telecentre/wire/codec.hpp"

namespace telecentre::platform {

HttpsBackendClient::HttpsBackendClient(HttpsClient client, std::string device_token)
    : m_client(std::move(client)), m_device_token(std::move(device_token)) {}

std::expected<HttpResponse, core::BackendError> HttpsBackendClient::call(const std::string& method,
                                                                         const std::string& target,
                                                                         std::vector<HttpHeader> headers,
                                                                         const std::string& body) {
    auto response = exchange(method, target, std::move(headers), body);
    if (!response) {
        return std::unexpected(response.error());
    }
    if (response->status < 200 || response->status >= 300) {
        return std::unexpected(from_status(*response));
    }
    return std::move(*response);
}

std::expected<HttpResponse, core::BackendError> HttpsBackendClient::exchange(const std::string& method,
                                                                             const std::string& target,
                                                                             std::vector<HttpHeader> headers,
                                                                             const std::string& body) {
    headers.push_back({"Authorization", "Bearer " + m_device_token});
    headers.push_back({"Accept", "application/json"});
    auto response = m_client.request(method, target, headers, body);
    if (!response) {
        return std::unexpected(from_net(response.error()));
    }
    return std::move(*response);
}

std::expected<wire::CheckinResponse, core::BackendError>
HttpsBackendClient::checkin(const std::string& idempotency_key, const wire::CheckinRequest& request) {
    auto response = call("POST", "/v1/checkins", {{"Idempotency-Key", idempotency_key}}, wire::encode(request));
    if (!response) {
        return std::unexpected(response.error());
    }
    auto decoded = wire::decode_checkin_response(response->body);
    if (!decoded) {
        return std::unexpected(core::BackendError{core::BackendFailure::bad_answer, response->status, "bad_answer",
                                                  "the check-in answer could not be read: " + decoded.error()});
    }
    return std::move(*decoded);
}

std::expected<wire::OfflineCache, core::BackendError> HttpsBackendClient::offline_cache(const std::string& site,
                                                                                        std::int64_t since) {
    auto response = call("GET", "/v1/sites/" + site + "/offline-cache?since=" + std::to_string(since), {}, {});
    if (!response) {
        return std::unexpected(response.error());
    }
    auto decoded = wire::decode_offline_cache(response->body);
    if (!decoded) {
        return std::unexpected(core::BackendError{core::BackendFailure::bad_answer, response->status, "bad_answer",
                                                  "the offline cache could not be read: " + decoded.error()});
    }
    return std::move(*decoded);
}

std::expected<wire::Callback, core::BackendError>
HttpsBackendClient::request_callback(const std::string& idempotency_key, const wire::CallbackRequest& request) {
    auto response = call("POST", "/v1/callbacks", {{"Idempotency-Key", idempotency_key}}, wire::encode(request));
    if (!response) {
        return std::unexpected(response.error());
    }
    auto decoded = wire::decode_callback(response->body);
    if (!decoded) {
        return std::unexpected(core::BackendError{core::BackendFailure::bad_answer, response->status, "bad_answer",
                                                  "the callback answer could not be read: " + decoded.error()});
    }
    return std::move(*decoded);
}

} // namespace telecentre::platform
