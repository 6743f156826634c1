// PgStore: visio-accueil's call records (migration 0006) and the journal of the calls in progress
// (migration 0008), through the store's own helpers.
#include "pg_rows.hpp"

namespace telecentre::backend {

using pg::Connection;
using pg::Row;

StoreResult<void> PgStore::add_call(const CallRow& call) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "add_call", [&](Connection& db) -> StoreResult<void> {
            auto inserted = pg::written(
                "add_call", db.query("INSERT INTO calls (id, site_id, device_id, queued_at, answered_at, ended_at, "
                                     "agent_id, outcome) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                     call.id, call.site_id, call.device_id, call.queued_at, call.answered_at,
                                     call.ended_at, call.agent_id, call.outcome));
            if (!inserted) {
                return std::unexpected(inserted.error());
            }
            // The record and the end of the journal row go together: a crash between the two
            // would otherwise count the call twice at the next start.
            auto closed = pg::written("add_call", db.query("DELETE FROM calls_open WHERE id = $1", call.id));
            if (!closed) {
                return std::unexpected(closed.error());
            }
            return {};
        });
}

StoreResult<std::vector<CallRow>> PgStore::calls_ended_between(wire::TimePoint from, wire::TimePoint to) {
    return pg::in_transaction<std::vector<CallRow>>(
        m_state->pool, pg::kBeginSnapshot, "calls_ended_between", [&](Connection& db) {
            return pg::collect<CallRow>(
                "calls_ended_between",
                db.query("SELECT id, site_id, device_id, queued_at, answered_at, ended_at, agent_id, outcome "
                         "FROM calls WHERE ended_at >= $1 AND ended_at < $2 ORDER BY ended_at, id",
                         from, to),
                [](const Row& row) {
                    return CallRow{row.text(0),          row.text(1), row.text(2),          row.time(3),
                                   row.optional_time(4), row.time(5), row.optional_text(6), row.text(7)};
                });
        });
}

StoreResult<void> PgStore::journal_call(const OpenCallRow& call) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "journal_call", [&](Connection& db) -> StoreResult<void> {
            auto journaled = pg::written(
                "journal_call",
                db.query("INSERT INTO calls_open AS o (id, site_id, device_id, queued_at, answered_at, agent_id, "
                         "last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (id) DO UPDATE SET "
                         "answered_at = COALESCE(excluded.answered_at, o.answered_at), "
                         "agent_id = COALESCE(excluded.agent_id, o.agent_id), "
                         "last_seen_at = GREATEST(o.last_seen_at, excluded.last_seen_at)",
                         call.id, call.site_id, call.device_id, call.queued_at, call.answered_at, call.agent_id,
                         call.last_seen_at));
            if (!journaled) {
                return std::unexpected(journaled.error());
            }
            return {};
        });
}

StoreResult<int> PgStore::touch_open_calls(wire::TimePoint now) {
    return pg::in_transaction<int>(m_state->pool, pg::kBeginTransaction, "touch_open_calls", [&](Connection& db) {
        return pg::written("touch_open_calls",
                           db.query("UPDATE calls_open SET last_seen_at = $1 WHERE last_seen_at < $1", now));
    });
}

StoreResult<std::vector<OpenCallRow>> PgStore::open_calls() {
    return pg::in_one_statement<std::vector<OpenCallRow>>(m_state->pool, "open_calls", [&](Connection& db) {
        return pg::collect<OpenCallRow>(
            "open_calls",
            db.query("SELECT id, site_id, device_id, queued_at, answered_at, agent_id, last_seen_at "
                     "FROM calls_open ORDER BY queued_at, id COLLATE \"C\""),
            [](const Row& row) {
                return OpenCallRow{row.text(0),          row.text(1),          row.text(2), row.time(3),
                                   row.optional_time(4), row.optional_text(5), row.time(6)};
            });
    });
}

StoreResult<int> PgStore::recover_open_calls() {
    return pg::in_transaction<int>(
        m_state->pool, pg::kBeginTransaction, "recover_open_calls", [&](Connection& db) -> StoreResult<int> {
            // DELETE ... RETURNING takes the journal rows and gives them to the insert in one
            // statement. A record already there (it cannot be: add_call deletes the journal row
            // with it) is kept as it is.
            return pg::written(
                "recover_open_calls",
                db.query("WITH gone AS (DELETE FROM calls_open RETURNING *) "
                         "INSERT INTO calls (id, site_id, device_id, queued_at, answered_at, ended_at, agent_id, "
                         "outcome) SELECT id, site_id, device_id, queued_at, answered_at, "
                         "GREATEST(last_seen_at, answered_at, queued_at), agent_id, $1 FROM gone "
                         "ON CONFLICT (id) DO NOTHING",
                         std::string(kCallInterrupted)));
        });
}

} // namespace telecentre::backend
