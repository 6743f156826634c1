#pragma once
// core::BackendClient over HTTPS: the /v1 API of telecentre-backend, authenticated with the
// kiosk's device token (sent in a header, never logged).
// Threading: the check-in worker thread only.

#include "telecentre/core/backend_client.hpp"
#include "telecentre/platform/https_client.hpp"

namespace telecentre::platform {

class HttpsBackendClient final : public core::BackendClient {
public:
    HttpsBackendClient(HttpsClient client, std::string device_token);

    std::expected<wire::CheckinResponse, core::BackendError> checkin(const std::string& idempotency_key,
                                                                     const wire::CheckinRequest& request) override;
    std::expected<wire::OfflineCache, core::BackendError> offline_cache(const std::string& site,
                                                                        std::int64_t since) override;

private:
    [[nodiscard]] std::expected<HttpResponse, core::BackendError> call(const std::string& method,
                                                                       const std::string& target,
                                                                       std::vector<HttpHeader> headers,
                                                                       const std::string& body);
    HttpsClient m_client;
    std::string m_device_token;
};

} // namespace telecentre::platform
