#pragma once
// What a kiosk needs to decide a check-in without the backend: the badges of the members
// allowed at its site, their names and pass dates. Versioned by the store's change counter so a
// kiosk fetches everything once (since = 0) and then only what changed.
//
// Threading: as thread-safe as the Store passed in.

#include "telecentre/backend/domain_error.hpp"
#include "telecentre/backend/store.hpp"

#include <cstdint>
#include <expected>

namespace telecentre::backend {

// For now every member may use every site, so the cache is the same for all sites but for its
// name. A `since` ahead of the store's counter (the database was restored from a backup) is
// answered with a full cache, so the kiosk never keeps rows the backend no longer has.
[[nodiscard]] std::expected<wire::OfflineCache, DomainError>
build_offline_cache(Store& store, const DeviceRecord& device, const std::string& site_id, std::int64_t since);

} // namespace telecentre::backend
