#include "telecentre/platform/sqlite_member_cache.hpp"

#include "telecentre/wire/codec.hpp"

namespace telecentre::platform {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS cache_meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS cache_members (
    id           TEXT PRIMARY KEY,
    first_name   TEXT NOT NULL,
    display_name TEXT NOT NULL,
    joined       TEXT NOT NULL,
    free_until   TEXT NOT NULL,
    paid_until   TEXT NOT NULL,
    suspended    INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS cache_badges (
    uid       TEXT PRIMARY KEY,
    member_id TEXT NOT NULL,
    revoked   INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS local_presence (
    member_id TEXT PRIMARY KEY,
    day       TEXT NOT NULL,
    inside    INTEGER NOT NULL
);
)sql";

std::string day_text(std::chrono::local_days day) { return wire::format_date(wire::Date{day.time_since_epoch()}); }

wire::Date date_or_epoch(const SqlValue& value) { return wire::parse_date(as_text(value)).value_or(wire::Date{}); }

} // namespace

std::expected<SqliteMemberCache, std::string> SqliteMemberCache::open(SqliteDatabase& database) {
    if (auto created = database.execute(kSchema); !created) {
        return std::unexpected("cannot prepare the member cache: " + created.error());
    }
    return SqliteMemberCache{database};
}

std::int64_t SqliteMemberCache::version() {
    auto rows = m_database->query("SELECT value FROM cache_meta WHERE key = 'version'");
    return rows && !rows->empty() ? as_integer(rows->front()[0]) : 0;
}

std::string SqliteMemberCache::site_name() {
    auto rows = m_database->query("SELECT value FROM cache_meta WHERE key = 'site_name'");
    return rows && !rows->empty() ? as_text(rows->front()[0]) : std::string{};
}

std::expected<void, std::string> SqliteMemberCache::apply(const wire::OfflineCache& update) {
    // One transaction: a kiosk killed mid-update keeps the previous, consistent cache.
    if (auto begun = m_database->execute("BEGIN IMMEDIATE"); !begun) {
        return begun;
    }
    auto applied = apply_rows(update);
    if (!applied) {
        (void)m_database->execute("ROLLBACK");
        return applied;
    }
    return m_database->execute("COMMIT");
}

std::expected<void, std::string> SqliteMemberCache::apply_rows(const wire::OfflineCache& update) {
    if (update.full) {
        if (auto cleared = m_database->execute("DELETE FROM cache_members; DELETE FROM cache_badges;"); !cleared) {
            return cleared;
        }
    }
    for (const auto& member : update.members) {
        std::expected<std::vector<SqlRow>, std::string> written;
        if (member.erased) {
            written = m_database->query("DELETE FROM cache_members WHERE id = ?1", {member.id});
            if (written) {
                written = m_database->query("DELETE FROM cache_badges WHERE member_id = ?1", {member.id});
            }
        } else {
            written =
                m_database->query("INSERT OR REPLACE INTO cache_members VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                  {member.id, member.first_name, member.display_name,
                                   wire::format_date(member.pass.joined), wire::format_date(member.pass.free_until),
                                   wire::format_date(member.pass.paid_until), std::int64_t{member.pass.suspended}});
        }
        if (!written) {
            return std::unexpected(written.error());
        }
    }
    for (const auto& badge : update.badges) {
        auto written = m_database->query("INSERT OR REPLACE INTO cache_badges VALUES (?1, ?2, ?3)",
                                         {badge.uid, badge.member_id, std::int64_t{badge.revoked}});
        if (!written) {
            return std::unexpected(written.error());
        }
    }
    auto meta = m_database->query("INSERT OR REPLACE INTO cache_meta VALUES ('version', ?1), ('site_name', ?2)",
                                  {std::to_string(update.version), update.site_name});
    if (!meta) {
        return std::unexpected(meta.error());
    }
    return {};
}

std::optional<core::CachedBadgeHolder> SqliteMemberCache::find_badge(const std::string& uid_hex) {
    auto rows = m_database->query(
        "SELECT b.revoked, m.id, m.first_name, m.display_name, m.joined, m.free_until, m.paid_until, m.suspended "
        "FROM cache_badges b JOIN cache_members m ON m.id = b.member_id WHERE b.uid = ?1",
        {uid_hex});
    if (!rows || rows->empty()) {
        return std::nullopt;
    }
    const SqlRow& row = rows->front();
    core::CachedBadgeHolder holder;
    holder.revoked = as_integer(row[0]) != 0;
    holder.member.id = as_text(row[1]);
    holder.member.first_name = as_text(row[2]);
    holder.member.display_name = as_text(row[3]);
    holder.member.pass = {date_or_epoch(row[4]), date_or_epoch(row[5]), date_or_epoch(row[6]), as_integer(row[7]) != 0};
    return holder;
}

bool SqliteMemberCache::inside(const std::string& member_id, std::chrono::local_days day) {
    auto rows = m_database->query("SELECT inside FROM local_presence WHERE member_id = ?1 AND day = ?2",
                                  {member_id, day_text(day)});
    return rows && !rows->empty() && as_integer(rows->front()[0]) != 0;
}

std::expected<void, std::string> SqliteMemberCache::set_inside(const std::string& member_id,
                                                               std::chrono::local_days day, bool inside) {
    auto written = m_database->query("INSERT OR REPLACE INTO local_presence VALUES (?1, ?2, ?3)",
                                     {member_id, day_text(day), std::int64_t{inside}});
    if (!written) {
        return std::unexpected(written.error());
    }
    return {};
}

} // namespace telecentre::platform
