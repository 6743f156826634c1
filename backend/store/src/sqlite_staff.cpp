// SqliteStore: staff accounts and their sessions (migration 0005). Times are ISO 8601 UTC text of
// fixed width, so "expires_at > now" compares as text.
#include "sqlite_rows.hpp"
#include "store_columns.hpp"

namespace telecentre::backend {

using sqlite::ScopedTransaction;
using sqlite::Statement;

namespace {

// Columns read by read_staff(), in order, from "staff s".
constexpr std::string_view kStaffSelect =
    "SELECT s.id, s.login, s.display_name, s.role, s.site_id, s.disabled_at IS NOT NULL FROM staff s ";

StaffRecord read_staff(const Statement& row) {
    return StaffRecord{row.text(0),          row.text(1),
                       row.text(2),          staff_role_from(row.text(3)).value_or(StaffRole::reception),
                       row.optional_text(4), row.integer(5) != 0};
}

} // namespace

StoreResult<StaffRecord> SqliteStore::add_staff(const StaffRecord& staff, const std::string& password_hash,
                                                wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    // BEGIN IMMEDIATE takes the database's write lock, so the check and the insert cannot be
    // separated by another process (a second add-staff) adding the same login.
    ScopedTransaction transaction(db);
    if (auto begun = transaction.begin(ScopedTransaction::Mode::immediate); !begun) {
        return std::unexpected(begun.error());
    }
    auto taken = sqlite::first_row<int>(db.query("SELECT 1 FROM staff WHERE login = ?", staff.login),
                                        [](const Statement&) { return 1; });
    if (!taken) {
        return std::unexpected(taken.error());
    }
    if (*taken) {
        StoreError error{"the login \"" + staff.login + "\" is taken"};
        error.duplicate = true;
        return std::unexpected(error);
    }
    auto inserted = db.execute("INSERT INTO staff (id, login, display_name, role, site_id, password_hash, created_at, "
                               "disabled_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                               staff.id, staff.login, staff.display_name, to_string(staff.role), staff.site_id,
                               password_hash, sqlite::to_column(now),
                               staff.disabled ? std::optional<std::string>(sqlite::to_column(now)) : std::nullopt);
    if (!inserted) {
        return std::unexpected(inserted.error());
    }
    if (auto committed = transaction.commit(); !committed) {
        return std::unexpected(committed.error());
    }
    return staff;
}

StoreResult<std::optional<std::pair<StaffRecord, std::string>>>
SqliteStore::find_staff_by_login(const std::string& login) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::first_row<std::pair<StaffRecord, std::string>>(
        m_state->db.query("SELECT s.id, s.login, s.display_name, s.role, s.site_id, s.disabled_at IS NOT NULL, "
                          "s.password_hash FROM staff s WHERE s.login = ?",
                          login),
        [](const Statement& row) {
            return std::pair{read_staff(row), row.text(6)};
        });
}

StoreResult<void> SqliteStore::set_staff_password(const std::string& staff_id, const std::string& password_hash) {
    std::lock_guard lock(m_state->mutex);
    return expect_one_row(
        m_state->db.execute("UPDATE staff SET password_hash = ? WHERE id = ?", password_hash, staff_id),
        "staff " + staff_id);
}

StoreResult<void> SqliteStore::disable_staff(const std::string& staff_id, wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    return expect_one_row(m_state->db.execute("UPDATE staff SET disabled_at = COALESCE(disabled_at, ?) WHERE id = ?",
                                              sqlite::to_column(now), staff_id),
                          "staff " + staff_id);
}

StoreResult<void> SqliteStore::add_staff_session(const std::string& token_hash, const std::string& staff_id,
                                                 wire::TimePoint expires_at, wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    auto inserted =
        m_state->db.execute("INSERT INTO staff_sessions (token_hash, staff_id, created_at, expires_at) VALUES (?, ?, "
                            "?, ?)",
                            token_hash, staff_id, sqlite::to_column(now), sqlite::to_column(expires_at));
    if (!inserted) {
        return std::unexpected(inserted.error());
    }
    return {};
}

StoreResult<std::optional<StaffRecord>> SqliteStore::find_staff_session(const std::string& token_hash,
                                                                        wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::first_row<StaffRecord>(
        m_state->db.query(std::string(kStaffSelect) +
                              "JOIN staff_sessions t ON t.staff_id = s.id WHERE t.token_hash = ? "
                              "AND t.revoked_at IS NULL AND t.expires_at > ? AND s.disabled_at IS NULL",
                          token_hash, sqlite::to_column(now)),
        read_staff);
}

StoreResult<void> SqliteStore::revoke_staff_session(const std::string& token_hash, wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    auto revoked =
        m_state->db.execute("UPDATE staff_sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL",
                            sqlite::to_column(now), token_hash);
    if (!revoked) {
        return std::unexpected(revoked.error());
    }
    return {};
}

} // namespace telecentre::backend
