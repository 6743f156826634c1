#pragma once
// The backend as the kiosk sees it. Threading: blocking calls with bounded timeouts, made from the
// check-in worker thread only; never from the UI thread.

#include "telecentre/wire/types.hpp"

#include <cstdint>
#include <expected>
#include <string>

namespace telecentre::core {

enum class BackendFailure {
    unreachable,  // no connection: link down, backend stopped, DNS
    timeout,      // no answer in time: the request may or may not have been applied
    tls,          // the certificate did not verify: never retried silently, reported
    server_error, // 5xx: try again later
    rejected,     // 4xx: the request itself is refused; retrying will not help
    bad_answer,   // the answer could not be decoded
};

struct BackendError {
    BackendFailure kind = BackendFailure::unreachable;
    int status = 0;
    std::string code;
    std::string message;

    // Whether a later retry may succeed (the journal keeps the entry pending).
    [[nodiscard]] bool transient() const {
        return kind == BackendFailure::unreachable || kind == BackendFailure::timeout ||
               kind == BackendFailure::server_error || kind == BackendFailure::tls;
    }
};

class BackendClient {
public:
    virtual ~BackendClient() = default;
    [[nodiscard]] virtual std::expected<wire::CheckinResponse, BackendError>
    checkin(const std::string& idempotency_key, const wire::CheckinRequest& request) = 0;
    [[nodiscard]] virtual std::expected<wire::OfflineCache, BackendError> offline_cache(const std::string& site,
                                                                                        std::int64_t since) = 0;
};

} // namespace telecentre::core
