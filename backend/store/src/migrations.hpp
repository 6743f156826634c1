#pragma once
// The schema migrations compiled into the binary (generated from backend/store/migrations/*.sql
// and backend/store/migrations-postgresql/*.sql by embed_migrations.cmake), in version order.
// Both dialects carry the same versions with the same meaning.

#include <span>
#include <string>
#include <string_view>

namespace telecentre::backend {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

// SQLite.
[[nodiscard]] std::span<const Migration> embedded_migrations();
// PostgreSQL.
[[nodiscard]] std::span<const Migration> embedded_postgresql_migrations();

// FNV-1a of the text, in hex: enough to notice a migration file edited after it was applied.
[[nodiscard]] std::string migration_checksum(std::string_view sql);

} // namespace telecentre::backend
