#pragma once
// Errors the booking engine makes up itself (private to kiosk/core).

#include "telecentre/core/backend_client.hpp"

#include <string>

namespace telecentre::core::booking {

// The link failed a moment ago and its retry time has not come: nothing was tried.
inline BackendError offline_error() {
    return {BackendFailure::unreachable, 0, "offline", "the backend could not be reached a moment ago"};
}

inline BackendError storage_error(const std::string& message) {
    return {BackendFailure::unreachable, 0, "storage", "the booking journal could not be written: " + message};
}

} // namespace telecentre::core::booking
