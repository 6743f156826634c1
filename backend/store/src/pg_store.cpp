// PgStore: opening, migrations and the reads outside of a Reader.
#include "migrations.hpp"
#include "pg_rows.hpp"

#include <chrono>
#include <libpq-fe.h>

namespace telecentre::backend {

using pg::Connection;
using pg::Row;

namespace {

// Taken for the whole of migrate(), so two processes starting at once apply each migration once
// (the second waits, then finds them applied). Advisory locks are per database; the number only
// has to be one no other program uses on the telecentre database.
constexpr std::string_view kMigrationLock = "7422117062033504511";

std::string conninfo_value(PQconninfoOption* options, std::string_view keyword) {
    for (auto* option = options; option && option->keyword; ++option) {
        if (keyword == option->keyword && option->val) {
            return option->val;
        }
    }
    return {};
}

// The parsed options, or nullptr when the string is malformed. libpq's own message for a
// malformed string may quote it, password included, so it is never passed on.
std::unique_ptr<PQconninfoOption, void (*)(PQconninfoOption*)> parse_conninfo(const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (error) {
        PQfreemem(error);
    }
    return {options, PQconninfoFree};
}

StoreResult<void> apply_migration(Connection& db, const Migration& migration) {
    const std::string what =
        "migration " + std::to_string(migration.version) + " (" + std::string(migration.name) + ")";
    if (auto begun = db.exec("BEGIN"); !begun) {
        return std::unexpected(pg::store_error(begun.error(), what));
    }
    auto applied = db.exec(std::string(migration.sql));
    if (applied) {
        auto recorded = db.query("INSERT INTO schema_migrations (version, name, checksum, applied_at) "
                                 "VALUES ($1, $2, $3, now())",
                                 migration.version, migration.name, migration_checksum(migration.sql));
        if (!recorded) {
            applied = std::unexpected(recorded.error());
        }
    }
    if (applied) {
        applied = db.exec("COMMIT");
    }
    if (!applied) {
        (void)db.exec("ROLLBACK");
        return std::unexpected(pg::store_error(applied.error(), what));
    }
    return {};
}

StoreResult<int> apply_migrations(Connection& db) {
    if (auto created = db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, "
                               "name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL)");
        !created) {
        return std::unexpected(pg::store_error(created.error(), "migrate"));
    }
    int applied = 0;
    for (const Migration& migration : embedded_postgresql_migrations()) {
        auto known = pg::first_row<std::string>(
            "migrate", db.query("SELECT checksum FROM schema_migrations WHERE version = $1", migration.version),
            [](const Row& row) { return row.text(0); });
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

SiteRecord read_site(const Row& row) {
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

StoreResult<SiteRecord> complete_site(Connection& db, SiteRecord site) {
    auto hours = pg::opening_hours(db, site.id);
    if (!hours) {
        return std::unexpected(hours.error());
    }
    site.opening_hours = std::move(*hours);
    auto resources = pg::site_resources(db, site.id);
    if (!resources) {
        return std::unexpected(resources.error());
    }
    site.resources = std::move(*resources);
    return site;
}

PresenceEvent read_event(const Row& row) {
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
    event.at = row.time(8);
    event.decided_offline = row.boolean(9);
    event.recorded_at = row.time(10);
    if (!row.is_null(11)) {
        event.session_id = row.integer(11);
    }
    return event;
}

} // namespace

PgStore::PgStore(std::unique_ptr<State> state) : m_state(std::move(state)) {}

PgStore::~PgStore() = default;

StoreResult<std::unique_ptr<PgStore>> PgStore::open(const std::string& conninfo, int pool_size) {
    auto options = parse_conninfo(conninfo);
    if (!options) {
        return std::unexpected(StoreError{"PostgreSQL: the connection string is malformed (libpq's message is "
                                          "withheld, it may quote a password)"});
    }
    auto state = std::make_unique<State>(conninfo, conninfo_value(options.get(), "password"), pool_size);
    // One connection now, so a wrong address or credential shows at start; it stays in the pool.
    if (auto first = state->pool.acquire(); !first) {
        return std::unexpected(first.error());
    }
    return std::unique_ptr<PgStore>(new PgStore(std::move(state)));
}

std::string PgStore::describe(const std::string& conninfo) {
    auto options = parse_conninfo(conninfo);
    if (!options) {
        return "PostgreSQL (malformed connection string)";
    }
    auto value_or = [&](std::string_view keyword, std::string fallback) {
        auto value = conninfo_value(options.get(), keyword);
        return value.empty() ? fallback : value;
    };
    return "PostgreSQL database " + value_or("dbname", "(default)") + " on " + value_or("host", "(local socket)") +
           ":" + value_or("port", "5432") + " as " + value_or("user", "(default user)");
}

bool PgStore::accepts(const std::string& database) {
    return database.starts_with("postgresql://") || database.starts_with("postgres://") ||
           database.find('=') != std::string::npos;
}

StoreResult<int> PgStore::migrate() {
    auto lease = m_state->pool.acquire();
    if (!lease) {
        return std::unexpected(lease.error());
    }
    Connection& db = **lease;
    if (auto locked = db.exec("SELECT pg_advisory_lock(" + std::string(kMigrationLock) + ")"); !locked) {
        return std::unexpected(pg::store_error(locked.error(), "migrate"));
    }
    auto applied = apply_migrations(db);
    // A session lock outlives transactions: release it, or close the connection, which does.
    if (!db.exec("SELECT pg_advisory_unlock(" + std::string(kMigrationLock) + ")") || !db.idle()) {
        lease->discard();
    }
    return applied;
}

StoreResult<std::vector<SiteRecord>> PgStore::list_sites() {
    return pg::in_transaction<std::vector<SiteRecord>>(
        m_state->pool, pg::kBeginSnapshot, "list_sites", [](Connection& db) -> StoreResult<std::vector<SiteRecord>> {
            auto sites = pg::collect<SiteRecord>(
                "list_sites", db.query(std::string(kSiteSelect) + "ORDER BY id COLLATE \"C\""), read_site);
            if (!sites) {
                return sites;
            }
            for (auto& site : *sites) {
                auto complete = complete_site(db, std::move(site));
                if (!complete) {
                    return std::unexpected(complete.error());
                }
                site = std::move(*complete);
            }
            return sites;
        });
}

StoreResult<std::optional<SiteRecord>> PgStore::find_site(const std::string& id) {
    return pg::in_transaction<std::optional<SiteRecord>>(
        m_state->pool, pg::kBeginSnapshot, "find_site",
        [&id](Connection& db) -> StoreResult<std::optional<SiteRecord>> {
            auto site = pg::first_row<SiteRecord>("find_site", db.query(std::string(kSiteSelect) + "WHERE id = $1", id),
                                                  read_site);
            if (!site || !*site) {
                return site;
            }
            auto complete = complete_site(db, std::move(**site));
            if (!complete) {
                return std::unexpected(complete.error());
            }
            return std::optional<SiteRecord>{std::move(*complete)};
        });
}

StoreResult<std::optional<DeviceRecord>> PgStore::find_device_by_token_hash(const std::string& token_hash) {
    return pg::in_one_statement<std::optional<DeviceRecord>>(
        m_state->pool, "find_device", [&token_hash](Connection& db) {
            return pg::first_row<DeviceRecord>(
                "find_device",
                db.query("SELECT id, site_id, name FROM devices WHERE token_hash = $1 AND revoked_at IS NULL",
                         token_hash),
                [](const Row& row) {
                    return DeviceRecord{row.text(0), row.text(1), row.text(2)};
                });
        });
}

StoreResult<std::vector<MemberRecord>> PgStore::list_members() {
    return pg::in_one_statement<std::vector<MemberRecord>>(m_state->pool, "list_members", [](Connection& db) {
        return pg::collect<MemberRecord>(
            "list_members", db.query(std::string(pg::kMemberSelect) + "ORDER BY m.id COLLATE \"C\""), pg::read_member);
    });
}

StoreResult<OfflineChanges> PgStore::offline_changes_since(std::int64_t since) {
    // One snapshot: the version and the rows come from the same moment, so a write landing
    // meanwhile is either fully in this answer or in the next one.
    return pg::in_transaction<OfflineChanges>(
        m_state->pool, pg::kBeginSnapshot, "offline_changes", [since](Connection& db) -> StoreResult<OfflineChanges> {
            OfflineChanges changes;
            auto version = pg::first_row<std::int64_t>("offline_changes",
                                                       db.query("SELECT value FROM change_counter WHERE id = 1"),
                                                       [](const Row& row) { return row.integer(0); });
            if (!version) {
                return std::unexpected(version.error());
            }
            changes.version = version->value_or(0);
            auto badges = pg::collect<BadgeRecord>(
                "offline_changes",
                db.query("SELECT uid, member_id, revoked_at IS NOT NULL FROM badges WHERE change_seq > $1 "
                         "ORDER BY uid COLLATE \"C\"",
                         since),
                [](const Row& row) {
                    return BadgeRecord{row.text(0), row.text(1), row.boolean(2)};
                });
            if (!badges) {
                return std::unexpected(badges.error());
            }
            changes.badges = std::move(*badges);
            auto members = pg::collect<MemberRecord>(
                "offline_changes",
                db.query(std::string(pg::kMemberSelect) +
                             "WHERE m.change_seq > $1 OR p.change_seq > $1 ORDER BY m.id COLLATE \"C\"",
                         since),
                pg::read_member);
            if (!members) {
                return std::unexpected(members.error());
            }
            changes.members = std::move(*members);
            return changes;
        });
}

StoreResult<std::vector<PresenceEvent>> PgStore::presence_events(const std::string& member_id) {
    return pg::in_one_statement<std::vector<PresenceEvent>>(
        m_state->pool, "presence_events", [&member_id](Connection& db) {
            return pg::collect<PresenceEvent>(
                "presence_events",
                db.query("SELECT id, device_id, site_id, badge_uid, member_id, direction, outcome, reason, at, "
                         "decided_offline, recorded_at, session_id FROM presence_events WHERE member_id = $1 "
                         "ORDER BY at, recorded_at, id COLLATE \"C\"",
                         member_id),
                read_event);
        });
}

StoreResult<std::vector<PresenceSession>> PgStore::presence_sessions(const std::string& member_id) {
    return pg::in_one_statement<std::vector<PresenceSession>>(
        m_state->pool, "presence_sessions", [&member_id](Connection& db) {
            return pg::collect<PresenceSession>(
                "presence_sessions",
                db.query(std::string(pg::kSessionSelect) + "WHERE member_id = $1 ORDER BY in_at, id", member_id),
                pg::read_session);
        });
}

} // namespace telecentre::backend
