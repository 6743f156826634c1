#include "migrations.hpp"

#include <cstdint>
#include <cstdio>

namespace telecentre::backend {

std::string migration_checksum(std::string_view sql) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : sql) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

} // namespace telecentre::backend
