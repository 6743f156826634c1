#include "telecentre/backend/offline_cache.hpp"

#include <unordered_set>

namespace telecentre::backend {

std::expected<wire::OfflineCache, DomainError> build_offline_cache(Store& store, const DeviceRecord& device,
                                                                   const std::string& site_id, std::int64_t since) {
    if (site_id != device.site_id) {
        return std::unexpected(
            DomainError{ErrorKind::forbidden_site, "this device belongs to site \"" + device.site_id + "\""});
    }
    if (since < 0) {
        return std::unexpected(DomainError{ErrorKind::invalid_request, "since must be 0 or more"});
    }
    auto site = store.find_site(site_id);
    if (!site) {
        return std::unexpected(DomainError{ErrorKind::storage, site.error().message});
    }
    if (!*site) {
        return std::unexpected(DomainError{ErrorKind::not_found, "no site \"" + site_id + "\""});
    }
    auto changes = store.offline_changes_since(since);
    if (!changes) {
        return std::unexpected(DomainError{ErrorKind::storage, changes.error().message});
    }
    if (since > changes->version) {
        changes = store.offline_changes_since(0);
        if (!changes) {
            return std::unexpected(DomainError{ErrorKind::storage, changes.error().message});
        }
        since = 0;
    }

    wire::OfflineCache cache;
    cache.version = changes->version;
    cache.full = since == 0;
    cache.site_name = (*site)->name;
    // A full cache leaves erased members (and their badges) out altogether; a delta names them,
    // flagged, so the kiosk deletes what it holds.
    std::unordered_set<std::string> erased;
    for (auto& member : changes->members) {
        if (member.erased) {
            erased.insert(member.id);
            if (cache.full) {
                continue;
            }
        }
        cache.members.push_back(wire::CachedMember{std::move(member.id), std::move(member.first_name),
                                                   std::move(member.display_name), member.pass.dates, member.erased});
    }
    for (auto& badge : changes->badges) {
        if (cache.full && erased.contains(badge.member_id)) {
            continue;
        }
        cache.badges.push_back(wire::CachedBadge{std::move(badge.uid), std::move(badge.member_id), badge.revoked});
    }
    return cache;
}

} // namespace telecentre::backend
