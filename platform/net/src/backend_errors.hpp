#pragma once
// How HTTPS failures and HTTP statuses become core::BackendError (private to platform/net): the
// one place where network and HTTP codes are turned into the kiosk's terms.

#include "telecentre/core/backend_client.hpp"
#include "telecentre/platform/https_client.hpp"
#include "telecentre/wire/codec.hpp"

#include <string>

namespace telecentre::platform {

inline core::BackendError from_net(const NetError& error) {
    switch (error.kind) {
    case NetFailure::tls: return {core::BackendFailure::tls, 0, "tls", error.message};
    case NetFailure::timeout: return {core::BackendFailure::timeout, 0, "timeout", error.message};
    case NetFailure::resolve:
    case NetFailure::connect: return {core::BackendFailure::unreachable, 0, "unreachable", error.message};
    case NetFailure::io:
        return {error.maybe_applied ? core::BackendFailure::timeout : core::BackendFailure::unreachable, 0, "io",
                error.message};
    }
    return {core::BackendFailure::unreachable, 0, "unreachable", error.message};
}

inline core::BackendError from_status(const HttpResponse& response) {
    core::BackendError error;
    error.status = response.status;
    error.kind = response.status >= 500 ? core::BackendFailure::server_error : core::BackendFailure::rejected;
    if (auto body = wire::decode_api_error(response.body)) {
        error.code = body->code;
        error.message = body->message;
    } else {
        error.code = "http_" + std::to_string(response.status);
        error.message = "the backend answered " + std::to_string(response.status);
    }
    return error;
}

} // namespace telecentre::platform
