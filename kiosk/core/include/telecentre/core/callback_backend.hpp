#pragma once
// Visio-accueil's callback requests as the kiosk sends them to the backend. Threading: blocking
// calls with bounded timeouts, made from the callback worker's thread only; never from the UI
// thread.

#include "telecentre/core/backend_client.hpp"
#include "telecentre/wire/callback.hpp"

#include <expected>
#include <string>

namespace telecentre::core {

class CallbackBackend {
public:
    virtual ~CallbackBackend() = default;
    // The request as the backend recorded it; the same key and request again give the same one.
    [[nodiscard]] virtual std::expected<wire::Callback, BackendError>
    request_callback(const std::string& idempotency_key, const wire::CallbackRequest& request) = 0;
};

} // namespace telecentre::core
