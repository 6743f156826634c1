#pragma once
// The JSON API under /v1 (and /healthz): routing, device authentication, request validation
// and the mapping of domain errors to HTTP statuses and wire::ApiError codes. Transport-free:
// it turns an HttpRequest into an HttpResponse, so it can be tested without a socket.
//
// Threading: handle() may be called from several server threads at once.

#include "telecentre/backend/checkin_service.hpp"
#include "telecentre/backend/http_types.hpp"
#include "telecentre/backend/store.hpp"

#include <expected>
#include <string_view>

namespace telecentre::backend {

class Api {
public:
    explicit Api(Store& store, CheckinService::Clock clock = {});

    [[nodiscard]] HttpResponse handle(const HttpRequest& request);

private:
    [[nodiscard]] HttpResponse post_checkin(const HttpRequest& request);
    [[nodiscard]] HttpResponse get_site(const HttpRequest& request, const std::string& site_id);
    [[nodiscard]] HttpResponse get_offline_cache(const HttpRequest& request, const std::string& site_id);
    [[nodiscard]] std::expected<DeviceRecord, HttpResponse> authenticate(const HttpRequest& request);

    Store& m_store;
    CheckinService m_checkins;
};

// The JSON of GET /v1/sites/{site} (documented in docs/openapi.yaml as Site).
[[nodiscard]] std::string encode_site(const SiteRecord& site);

} // namespace telecentre::backend
