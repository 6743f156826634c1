#include "telecentre/backend/devices.hpp"

#include "telecentre/backend/crypto.hpp"

#include <algorithm>

namespace telecentre::backend {
namespace {

// "tck_" marks a telecentre kiosk token, so one found in a log or a paste is recognisable.
constexpr std::string_view kTokenPrefix = "tck_";
constexpr std::size_t kTokenBytes = 32;

bool well_formed(std::string_view token) {
    if (token.size() != kTokenPrefix.size() + kTokenBytes * 2 || !token.starts_with(kTokenPrefix)) {
        return false;
    }
    return std::all_of(token.begin() + static_cast<std::ptrdiff_t>(kTokenPrefix.size()), token.end(),
                       [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

} // namespace

std::expected<ProvisionedDevice, DomainError> provision_device(Store& store, const std::string& site_id,
                                                               const std::string& name, wire::TimePoint now) {
    auto site = store.find_site(site_id);
    if (!site) {
        return std::unexpected(DomainError{ErrorKind::storage, site.error().message});
    }
    if (!*site) {
        return std::unexpected(DomainError{ErrorKind::not_found, "no site \"" + site_id + "\""});
    }
    if (name.empty() || name.size() > 128) {
        return std::unexpected(DomainError{ErrorKind::invalid_request, "a device name is 1 to 128 characters"});
    }
    ProvisionedDevice provisioned;
    provisioned.token = std::string(kTokenPrefix) + random_hex(kTokenBytes);
    auto added =
        store.add_device(DeviceRecord{"dev_" + random_hex(8), site_id, name}, sha256_hex(provisioned.token), now);
    if (!added) {
        return std::unexpected(DomainError{ErrorKind::storage, added.error().message});
    }
    provisioned.device = std::move(*added);
    return provisioned;
}

std::expected<std::optional<DeviceRecord>, DomainError> authenticate_device(Store& store, std::string_view token) {
    if (!well_formed(token)) {
        return std::optional<DeviceRecord>{};
    }
    // The lookup is by hash of a 256-bit secret: timing differences in the index search reveal
    // nothing about any valid token, so no constant-time comparison is needed here.
    auto device = store.find_device_by_token_hash(sha256_hex(token));
    if (!device) {
        return std::unexpected(DomainError{ErrorKind::storage, device.error().message});
    }
    return *device;
}

std::optional<std::string_view> bearer_token(std::string_view authorization) {
    constexpr std::string_view kScheme = "bearer ";
    if (authorization.size() <= kScheme.size()) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < kScheme.size(); ++i) {
        const char c = authorization[i];
        if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != kScheme[i]) {
            return std::nullopt;
        }
    }
    auto token = authorization.substr(kScheme.size());
    while (!token.empty() && token.front() == ' ') {
        token.remove_prefix(1);
    }
    while (!token.empty() && token.back() == ' ') {
        token.remove_suffix(1);
    }
    if (token.empty()) {
        return std::nullopt;
    }
    return token;
}

} // namespace telecentre::backend
