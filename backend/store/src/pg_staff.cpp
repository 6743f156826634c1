// PgStore: staff accounts and their sessions (migration 0005), through the store's own helpers
// (pool, in_transaction, first_row, written).
#include "pg_rows.hpp"
#include "store_columns.hpp"

namespace telecentre::backend {

using pg::Connection;
using pg::Row;

namespace {

// Columns read by read_staff(), in order, from "staff s".
constexpr std::string_view kStaffColumns =
    "s.id, s.login, s.display_name, s.role, s.site_id, s.disabled_at IS NOT NULL";

StaffRecord read_staff(const Row& row) {
    return StaffRecord{row.text(0),          row.text(1),
                       row.text(2),          staff_role_from(row.text(3)).value_or(StaffRole::reception),
                       row.optional_text(4), row.boolean(5)};
}

} // namespace

StoreResult<StaffRecord> PgStore::add_staff(const StaffRecord& staff, const std::string& password_hash,
                                            wire::TimePoint now) {
    return pg::in_transaction<StaffRecord>(
        m_state->pool, pg::kBeginTransaction, "add_staff", [&](Connection& db) -> StoreResult<StaffRecord> {
            const std::optional<wire::TimePoint> disabled_at =
                staff.disabled ? std::optional<wire::TimePoint>(now) : std::nullopt;
            auto inserted = db.query("INSERT INTO staff (id, login, display_name, role, site_id, password_hash, "
                                     "created_at, disabled_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                     staff.id, staff.login, staff.display_name, to_string(staff.role), staff.site_id,
                                     password_hash, now, disabled_at);
            // The login is the only unique value a caller chooses (the id is random): a unique
            // violation is a login taken, by an earlier account or by one added at the same time.
            if (!inserted && inserted.error().sqlstate == pg::kUniqueViolation) {
                StoreError error{"the login \"" + staff.login + "\" is taken"};
                error.duplicate = true;
                return std::unexpected(error);
            }
            if (auto written = pg::written("add_staff", inserted); !written) {
                return std::unexpected(written.error());
            }
            return staff;
        });
}

StoreResult<std::optional<std::pair<StaffRecord, std::string>>> PgStore::find_staff_by_login(const std::string& login) {
    return pg::in_transaction<std::optional<std::pair<StaffRecord, std::string>>>(
        m_state->pool, pg::kBeginSnapshot, "find_staff", [&login](Connection& db) {
            return pg::first_row<std::pair<StaffRecord, std::string>>(
                "find_staff",
                db.query("SELECT " + std::string(kStaffColumns) + ", s.password_hash FROM staff s WHERE s.login = $1",
                         login),
                [](const Row& row) {
                    return std::pair{read_staff(row), row.text(6)};
                });
        });
}

StoreResult<void> PgStore::set_staff_password(const std::string& staff_id, const std::string& password_hash) {
    return pg::in_transaction<void>(m_state->pool, pg::kBeginTransaction, "set_staff_password", [&](Connection& db) {
        return expect_one_row(
            pg::written("set_staff_password",
                        db.query("UPDATE staff SET password_hash = $1 WHERE id = $2", password_hash, staff_id)),
            "staff " + staff_id);
    });
}

StoreResult<void> PgStore::disable_staff(const std::string& staff_id, wire::TimePoint now) {
    return pg::in_transaction<void>(m_state->pool, pg::kBeginTransaction, "disable_staff", [&](Connection& db) {
        return expect_one_row(
            pg::written("disable_staff", db.query("UPDATE staff SET disabled_at = COALESCE(disabled_at, $1) "
                                                  "WHERE id = $2",
                                                  now, staff_id)),
            "staff " + staff_id);
    });
}

StoreResult<void> PgStore::add_staff_session(const std::string& token_hash, const std::string& staff_id,
                                             wire::TimePoint expires_at, wire::TimePoint now) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "add_staff_session", [&](Connection& db) -> StoreResult<void> {
            auto inserted = pg::written("add_staff_session",
                                        db.query("INSERT INTO staff_sessions (token_hash, staff_id, created_at, "
                                                 "expires_at) VALUES ($1, $2, $3, $4)",
                                                 token_hash, staff_id, now, expires_at));
            if (!inserted) {
                return std::unexpected(inserted.error());
            }
            return {};
        });
}

StoreResult<std::optional<StaffRecord>> PgStore::find_staff_session(const std::string& token_hash,
                                                                    wire::TimePoint now) {
    return pg::in_transaction<std::optional<StaffRecord>>(
        m_state->pool, pg::kBeginSnapshot, "find_staff_session", [&](Connection& db) {
            return pg::first_row<StaffRecord>(
                "find_staff_session",
                db.query("SELECT " + std::string(kStaffColumns) +
                             " FROM staff s JOIN staff_sessions t ON t.staff_id = s.id WHERE t.token_hash = $1 "
                             "AND t.revoked_at IS NULL AND t.expires_at > $2 AND s.disabled_at IS NULL",
                         token_hash, now),
                read_staff);
        });
}

StoreResult<void> PgStore::revoke_staff_session(const std::string& token_hash, wire::TimePoint now) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "revoke_staff_session", [&](Connection& db) -> StoreResult<void> {
            auto revoked = pg::written("revoke_staff_session",
                                       db.query("UPDATE staff_sessions SET revoked_at = $1 WHERE token_hash = $2 "
                                                "AND revoked_at IS NULL",
                                                now, token_hash));
            if (!revoked) {
                return std::unexpected(revoked.error());
            }
            return {};
        });
}

} // namespace telecentre::backend
