// SqliteStore: visio-accueil's call records (migration 0006) and the journal of the calls in
// progress (migration 0008). Times are ISO 8601 UTC text of fixed width, so MAX() of two is the
// later one.
#include "sqlite_rows.hpp"

namespace telecentre::backend {

using sqlite::ScopedTransaction;
using sqlite::Statement;

namespace {

std::optional<std::string> optional_column(const std::optional<wire::TimePoint>& time) {
    return time ? std::optional<std::string>(sqlite::to_column(*time)) : std::nullopt;
}

std::optional<wire::TimePoint> optional_time(const std::optional<std::string>& column) {
    return column ? std::optional(sqlite::time_from_column(*column)) : std::nullopt;
}

} // namespace

StoreResult<void> SqliteStore::add_call(const CallRow& call) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    ScopedTransaction transaction(db);
    if (auto begun = transaction.begin(ScopedTransaction::Mode::immediate); !begun) {
        return std::unexpected(begun.error());
    }
    auto inserted =
        db.execute("INSERT INTO calls (id, site_id, device_id, queued_at, answered_at, ended_at, agent_id, outcome) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   call.id, call.site_id, call.device_id, sqlite::to_column(call.queued_at),
                   optional_column(call.answered_at), sqlite::to_column(call.ended_at), call.agent_id, call.outcome);
    if (!inserted) {
        return std::unexpected(inserted.error());
    }
    // The record and the end of the journal row go together: a crash between the two would
    // otherwise count the call twice at the next start.
    if (auto closed = db.execute("DELETE FROM calls_open WHERE id = ?", call.id); !closed) {
        return std::unexpected(closed.error());
    }
    return transaction.commit();
}

StoreResult<std::vector<CallRow>> SqliteStore::calls_ended_between(wire::TimePoint from, wire::TimePoint to) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::collect<CallRow>(
        m_state->db.query("SELECT id, site_id, device_id, queued_at, answered_at, ended_at, agent_id, outcome "
                          "FROM calls WHERE ended_at >= ? AND ended_at < ? ORDER BY ended_at, id",
                          sqlite::to_column(from), sqlite::to_column(to)),
        [](const Statement& row) {
            return CallRow{row.text(0),
                           row.text(1),
                           row.text(2),
                           sqlite::time_from_column(row.text(3)),
                           optional_time(row.optional_text(4)),
                           sqlite::time_from_column(row.text(5)),
                           row.optional_text(6),
                           row.text(7)};
        });
}

StoreResult<void> SqliteStore::journal_call(const OpenCallRow& call) {
    std::lock_guard lock(m_state->mutex);
    auto journaled = m_state->db.execute(
        "INSERT INTO calls_open (id, site_id, device_id, queued_at, answered_at, agent_id, last_seen_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
        "answered_at = COALESCE(excluded.answered_at, answered_at), agent_id = COALESCE(excluded.agent_id, agent_id), "
        "last_seen_at = MAX(last_seen_at, excluded.last_seen_at)",
        call.id, call.site_id, call.device_id, sqlite::to_column(call.queued_at), optional_column(call.answered_at),
        call.agent_id, sqlite::to_column(call.last_seen_at));
    if (!journaled) {
        return std::unexpected(journaled.error());
    }
    return {};
}

StoreResult<int> SqliteStore::touch_open_calls(wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    return m_state->db.execute("UPDATE calls_open SET last_seen_at = ?1 WHERE last_seen_at < ?1",
                               sqlite::to_column(now));
}

StoreResult<std::vector<OpenCallRow>> SqliteStore::open_calls() {
    std::lock_guard lock(m_state->mutex);
    return sqlite::collect<OpenCallRow>(
        m_state->db.query("SELECT id, site_id, device_id, queued_at, answered_at, agent_id, last_seen_at "
                          "FROM calls_open ORDER BY queued_at, id"),
        [](const Statement& row) {
            return OpenCallRow{row.text(0),
                               row.text(1),
                               row.text(2),
                               sqlite::time_from_column(row.text(3)),
                               optional_time(row.optional_text(4)),
                               row.optional_text(5),
                               sqlite::time_from_column(row.text(6))};
        });
}

StoreResult<int> SqliteStore::recover_open_calls() {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    ScopedTransaction transaction(db);
    if (auto begun = transaction.begin(ScopedTransaction::Mode::immediate); !begun) {
        return std::unexpected(begun.error());
    }
    // "WHERE true" keeps SQLite from reading ON CONFLICT as a join's ON. A record already there
    // (it cannot be, add_call deletes the journal row with it) is kept as it is.
    auto recorded = db.execute(
        "INSERT INTO calls (id, site_id, device_id, queued_at, answered_at, ended_at, agent_id, outcome) "
        "SELECT id, site_id, device_id, queued_at, answered_at, MAX(last_seen_at, COALESCE(answered_at, queued_at)), "
        "agent_id, ? FROM calls_open WHERE true ON CONFLICT (id) DO NOTHING",
        std::string(kCallInterrupted));
    if (!recorded) {
        return std::unexpected(recorded.error());
    }
    if (auto cleared = db.execute("DELETE FROM calls_open"); !cleared) {
        return std::unexpected(cleared.error());
    }
    if (auto committed = transaction.commit(); !committed) {
        return std::unexpected(committed.error());
    }
    return *recorded;
}

} // namespace telecentre::backend
