// PgStore: visio-accueil's call records (migration 0006), through the store's own helpers.
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

} // namespace telecentre::backend
