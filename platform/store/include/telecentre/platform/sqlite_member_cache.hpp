#pragma once
// core::MemberCache on SQLite, so a kiosk restarted while the link is down still knows its members.
// Threading: the check-in worker thread only.

#include "telecentre/core/member_cache.hpp"
#include "telecentre/platform/sqlite_database.hpp"

namespace telecentre::platform {

class SqliteMemberCache final : public core::MemberCache {
public:
    [[nodiscard]] static std::expected<SqliteMemberCache, std::string> open(SqliteDatabase& database);

    std::int64_t version() override;
    std::expected<void, std::string> apply(const wire::OfflineCache& update) override;
    std::optional<core::CachedBadgeHolder> find_badge(const std::string& uid_hex) override;
    bool inside(const std::string& member_id, std::chrono::local_days day) override;
    std::expected<void, std::string> set_inside(const std::string& member_id, std::chrono::local_days day,
                                                bool inside) override;
    [[nodiscard]] std::string site_name();

private:
    explicit SqliteMemberCache(SqliteDatabase& database) : m_database(&database) {}
    [[nodiscard]] std::expected<void, std::string> apply_rows(const wire::OfflineCache& update);

    SqliteDatabase* m_database;
};

} // namespace telecentre::platform
