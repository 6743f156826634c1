#include "telecentre/backend/sqlite_store.hpp"

#include "migrations.hpp"
#include "sqlite_rows.hpp"

#include <chrono>
#include <cstdio>

namespace telecentre::backend {

using sqlite::ScopedTransaction;
using sqlite::Statement;

namespace {

std::string now_column() {
    return sqlite::to_column(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
}

StoreResult<void> apply_migration(sqlite::Database& db, const Migration& migration) {
    ScopedTransaction transaction(db);
    if (auto begun = transaction.begin(ScopedTransaction::Mode::immediate); !begun) {
        return begun;
    }
    // Another process may have applied it between our check and our lock.
    auto already = sqlite::first_row<std::string>(
        db.query("SELECT checksum FROM schema_migrations WHERE version = ?", migration.version),
        [](const Statement& row) { return row.text(0); });
    if (!already) {
        return std::unexpected(already.error());
    }
    if (*already) {
        return {};
    }
    if (auto applied = db.exec(std::string(migration.sql)); !applied) {
        return std::unexpected(StoreError{"migration " + std::to_string(migration.version) + " (" +
                                          std::string(migration.name) + ") failed: " + applied.error().message});
    }
    auto recorded =
        db.execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)",
                   migration.version, migration.name, migration_checksum(migration.sql), now_column());
    if (!recorded) {
        return std::unexpected(recorded.error());
    }
    return transaction.commit();
}

StoreResult<SiteRecord> complete_site(sqlite::Database& db, SiteRecord site) {
    auto hours = sqlite::load_opening_hours(db, site.id);
    if (!hours) {
        return std::unexpected(hours.error());
    }
    site.opening_hours = std::move(*hours);
    auto resources = sqlite::site_resources(db, site.id);
    if (!resources) {
        return std::unexpected(resources.error());
    }
    site.resources = std::move(*resources);
    return site;
}

SiteRecord read_site(const Statement& row) {
    SiteRecord site;
    site.id = row.text(0);
    site.name = row.text(1);
    site.street = row.optional_text(2);
    site.postal_code = row.text(3);
    site.town = row.text(4);
    site.description = row.text(5);
    return site;
}

constexpr std::string_view kSiteSelect = "SELECT id, name, street, postal_code, town, description FROM sites ";

PresenceEvent read_event(const Statement& row) {
    PresenceEvent event;
    event.id = row.text(0);
    event.device_id = row.text(1);
    event.site_id = row.text(2);
    event.badge_uid = row.text(3);
    event.member_id = row.optional_text(4);
    const auto direction = row.text(5);
    event.direction = direction == "in"    ? wire::Direction::in
                      : direction == "out" ? wire::Direction::out
                                           : wire::Direction::automatic;
    const auto outcome = row.text(6);
    event.outcome = outcome == "checked_in"    ? wire::CheckinOutcome::checked_in
                    : outcome == "checked_out" ? wire::CheckinOutcome::checked_out
                                               : wire::CheckinOutcome::refused;
    const auto reason = row.text(7);
    for (auto candidate :
         {wire::RefusalReason::none, wire::RefusalReason::unknown_badge, wire::RefusalReason::badge_revoked,
          wire::RefusalReason::pass_expired, wire::RefusalReason::pass_suspended}) {
        if (reason == wire::to_string(candidate)) {
            event.reason = candidate;
        }
    }
    event.at = sqlite::time_from_column(row.text(8));
    event.decided_offline = row.integer(9) != 0;
    event.recorded_at = sqlite::time_from_column(row.text(10));
    if (!row.is_null(11)) {
        event.session_id = row.integer(11);
    }
    return event;
}

} // namespace

SqliteStore::SqliteStore(std::unique_ptr<State> state) : m_state(std::move(state)) {}

SqliteStore::~SqliteStore() = default;

StoreResult<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::filesystem::path& file) {
    auto db = sqlite::Database::open(file);
    if (!db) {
        return std::unexpected(db.error());
    }
    auto state = std::make_unique<State>();
    state->db = std::move(*db);
    state->file = file;
    return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(state)));
}

StoreResult<int> SqliteStore::migrate() {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    auto created = db.exec("CREATE TABLE IF NOT EXISTS schema_migrations ("
                           "version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, "
                           "applied_at TEXT NOT NULL)");
    if (!created) {
        return std::unexpected(created.error());
    }
    int applied = 0;
    for (const Migration& migration : embedded_migrations()) {
        auto known = sqlite::first_row<std::string>(
            db.query("SELECT checksum FROM schema_migrations WHERE version = ?", migration.version),
            [](const Statement& row) { return row.text(0); });
        if (!known) {
            return std::unexpected(known.error());
        }
        if (*known) {
            if (**known != migration_checksum(migration.sql)) {
                return std::unexpected(StoreError{"migration " + std::to_string(migration.version) + " (" +
                                                  std::string(migration.name) +
                                                  ") was edited after it was applied; add a new migration instead"});
            }
            continue;
        }
        if (auto done = apply_migration(db, migration); !done) {
            return std::unexpected(done.error());
        }
        ++applied;
    }
    return applied;
}

StoreResult<std::vector<SiteRecord>> SqliteStore::list_sites() {
    std::lock_guard lock(m_state->mutex);
    auto sites = sqlite::collect<SiteRecord>(m_state->db.query(std::string(kSiteSelect) + "ORDER BY id"), read_site);
    if (!sites) {
        return sites;
    }
    for (auto& site : *sites) {
        auto complete = complete_site(m_state->db, std::move(site));
        if (!complete) {
            return std::unexpected(complete.error());
        }
        site = std::move(*complete);
    }
    return sites;
}

StoreResult<std::optional<SiteRecord>> SqliteStore::find_site(const std::string& id) {
    std::lock_guard lock(m_state->mutex);
    auto site =
        sqlite::first_row<SiteRecord>(m_state->db.query(std::string(kSiteSelect) + "WHERE id = ?", id), read_site);
    if (!site || !*site) {
        return site;
    }
    auto complete = complete_site(m_state->db, std::move(**site));
    if (!complete) {
        return std::unexpected(complete.error());
    }
    return std::optional<SiteRecord>{std::move(*complete)};
}

StoreResult<DeviceRecord> SqliteStore::add_device(const DeviceRecord& device, const std::string& token_hash,
                                                  wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    auto inserted =
        m_state->db.execute("INSERT INTO devices (id, site_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                            device.id, device.site_id, device.name, token_hash, sqlite::to_column(now));
    if (!inserted) {
        return std::unexpected(inserted.error());
    }
    return device;
}

StoreResult<std::optional<DeviceRecord>> SqliteStore::find_device_by_token_hash(const std::string& token_hash) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::first_row<DeviceRecord>(
        m_state->db.query("SELECT id, site_id, name FROM devices WHERE token_hash = ? AND revoked_at IS NULL",
                          token_hash),
        [](const Statement& row) {
            return DeviceRecord{row.text(0), row.text(1), row.text(2)};
        });
}

StoreResult<std::vector<MemberRecord>> SqliteStore::list_members() {
    std::lock_guard lock(m_state->mutex);
    return sqlite::collect<MemberRecord>(m_state->db.query(std::string(sqlite::kMemberSelect) + "ORDER BY m.id"),
                                         sqlite::read_member);
}

StoreResult<OfflineChanges> SqliteStore::offline_changes_since(std::int64_t since) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    // One read transaction: the version and the rows come from the same snapshot, so a write
    // landing meanwhile is either fully in this answer or in the next one.
    ScopedTransaction snapshot(db);
    if (auto begun = snapshot.begin(ScopedTransaction::Mode::deferred); !begun) {
        return std::unexpected(begun.error());
    }
    OfflineChanges changes;
    auto version = sqlite::first_row<std::int64_t>(db.query("SELECT value FROM change_counter WHERE id = 1"),
                                                   [](const Statement& row) { return row.integer(0); });
    if (!version) {
        return std::unexpected(version.error());
    }
    changes.version = version->value_or(0);
    auto badges = sqlite::collect<BadgeRecord>(
        db.query("SELECT uid, member_id, revoked_at IS NOT NULL FROM badges WHERE change_seq > ? ORDER BY uid", since),
        [](const Statement& row) {
            return BadgeRecord{row.text(0), row.text(1), row.integer(2) != 0};
        });
    if (!badges) {
        return std::unexpected(badges.error());
    }
    changes.badges = std::move(*badges);
    auto members = sqlite::collect<MemberRecord>(
        db.query(std::string(sqlite::kMemberSelect) + "WHERE m.change_seq > ?1 OR p.change_seq > ?1 ORDER BY m.id",
                 since),
        sqlite::read_member);
    if (!members) {
        return std::unexpected(members.error());
    }
    changes.members = std::move(*members);
    if (auto ended = snapshot.commit(); !ended) {
        return std::unexpected(ended.error());
    }
    return changes;
}

StoreResult<std::vector<PresenceEvent>> SqliteStore::presence_events(const std::string& member_id) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::collect<PresenceEvent>(
        m_state->db.query("SELECT id, device_id, site_id, badge_uid, member_id, direction, outcome, reason, at, "
                          "decided_offline, recorded_at, session_id FROM presence_events WHERE member_id = ? "
                          "ORDER BY at, recorded_at",
                          member_id),
        read_event);
}

StoreResult<std::vector<PresenceSession>> SqliteStore::presence_sessions(const std::string& member_id) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::collect<PresenceSession>(
        m_state->db.query(std::string(sqlite::kSessionSelect) + "WHERE member_id = ? ORDER BY in_at, id", member_id),
        sqlite::read_session);
}

} // namespace telecentre::backend
