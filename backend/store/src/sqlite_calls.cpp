// SqliteStore: visio-accueil's call records (migration 0006).
#include "sqlite_rows.hpp"

namespace telecentre::backend {

using sqlite::Statement;

StoreResult<void> SqliteStore::add_call(const CallRow& call) {
    std::lock_guard lock(m_state->mutex);
    const auto column = [](const std::optional<wire::TimePoint>& time) {
        return time ? std::optional<std::string>(sqlite::to_column(*time)) : std::nullopt;
    };
    auto inserted = m_state->db.execute(
        "INSERT INTO calls (id, site_id, device_id, queued_at, answered_at, ended_at, agent_id, outcome) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        call.id, call.site_id, call.device_id, sqlite::to_column(call.queued_at), column(call.answered_at),
        sqlite::to_column(call.ended_at), call.agent_id, call.outcome);
    if (!inserted) {
        return std::unexpected(inserted.error());
    }
    return {};
}

StoreResult<std::vector<CallRow>> SqliteStore::calls_ended_between(wire::TimePoint from, wire::TimePoint to) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::collect<CallRow>(
        m_state->db.query("SELECT id, site_id, device_id, queued_at, answered_at, ended_at, agent_id, outcome "
                          "FROM calls WHERE ended_at >= ? AND ended_at < ? ORDER BY ended_at, id",
                          sqlite::to_column(from), sqlite::to_column(to)),
        [](const Statement& row) {
            const auto answered = row.optional_text(4);
            return CallRow{row.text(0),
                           row.text(1),
                           row.text(2),
                           sqlite::time_from_column(row.text(3)),
                           answered ? std::optional(sqlite::time_from_column(*answered)) : std::nullopt,
                           sqlite::time_from_column(row.text(5)),
                           row.optional_text(6),
                           row.text(7)};
        });
}

} // namespace telecentre::backend
