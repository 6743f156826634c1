#pragma once
// Kiosk credentials. A device token is 32 random bytes shown once when the device is
// provisioned; the store keeps only its SHA-256, bound to one site. Why tokens rather than
// client certificates: docs/backend.md.
//
// Threading: as thread-safe as the Store passed in.

#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/store.hpp"

#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace telecentre::backend {

struct ProvisionedDevice {
    DeviceRecord device;
    std::string token; // give it to the kiosk; it cannot be recovered later
};

[[nodiscard]] std::expected<ProvisionedDevice, DomainError>
provision_device(Store& store, const std::string& site_id, const std::string& name, wire::TimePoint now);

// The device a token belongs to, or nothing for an unknown, malformed or revoked token.
[[nodiscard]] std::expected<std::optional<DeviceRecord>, DomainError> authenticate_device(Store& store,
                                                                                          std::string_view token);

// The token inside an "Authorization: Bearer <token>" header value, if that is its shape.
[[nodiscard]] std::optional<std::string_view> bearer_token(std::string_view authorization);

} // namespace telecentre::backend
