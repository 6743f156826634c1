#pragma once
// The kiosk's copy of what it needs to decide a check-in alone: badges, names, pass dates, and
// who it last saw inside. Threading: used from the check-in worker thread only.

#include "telecentre/wire/types.hpp"

#include <cstdint>
#include <expected>
#include <optional>
#include <string>

namespace telecentre::core {

struct CachedBadgeHolder {
    bool revoked = false;
    wire::CachedMember member;
};

class MemberCache {
public:
    virtual ~MemberCache() = default;
    [[nodiscard]] virtual std::int64_t version() = 0;
    [[nodiscard]] virtual std::expected<void, std::string> apply(const wire::OfflineCache& update) = 0;
    [[nodiscard]] virtual std::optional<CachedBadgeHolder> find_badge(const std::string& uid_hex) = 0;
    // Local presence: the last state the backend answered or the kiosk decided, for that local day.
    [[nodiscard]] virtual bool inside(const std::string& member_id, std::chrono::local_days day) = 0;
    [[nodiscard]] virtual std::expected<void, std::string> set_inside(const std::string& member_id,
                                                                      std::chrono::local_days day, bool inside) = 0;
};

} // namespace telecentre::core
