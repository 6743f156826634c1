#pragma once
// The schema migrations compiled into the binary (generated from backend/store/migrations/*.sql
// by embed_migrations.cmake), in version order.

#include <span>
#include <string_view>

namespace telecentre::backend {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

[[nodiscard]] std::span<const Migration> embedded_migrations();

} // namespace telecentre::backend
