// SqliteStore: visio-accueil's callback requests (migration 0007). Times are ISO 8601 UTC text of
// fixed width, so they order and compare as text.
#include "sqlite_rows.hpp"

namespace telecentre::backend {

using sqlite::Statement;

namespace {

// Columns read by read_callback(), in order, and where they come from.
constexpr std::string_view kCallbackColumns = "SELECT c.id, c.site_id, c.device_id, c.call_id, c.visitor_name, "
                                              "c.phone, c.reason, c.requested_at, c.handled_at, c.handled_by, s.name";
constexpr std::string_view kCallbackFrom = " FROM callbacks c JOIN sites s ON s.id = c.site_id ";
const std::string kCallbackSelect = std::string(kCallbackColumns) + std::string(kCallbackFrom);

std::optional<wire::TimePoint> optional_time(const std::optional<std::string>& column) {
    return column ? std::optional(sqlite::time_from_column(*column)) : std::nullopt;
}

CallbackRow read_callback(const Statement& row) {
    CallbackRow callback;
    callback.id = row.text(0);
    callback.site_id = row.text(1);
    callback.device_id = row.text(2);
    callback.call_id = row.optional_text(3);
    callback.visitor_name = row.text(4);
    callback.phone = row.text(5);
    callback.reason = row.text(6);
    callback.requested_at = sqlite::time_from_column(row.text(7));
    callback.handled_at = optional_time(row.optional_text(8));
    callback.handled_by = row.optional_text(9);
    callback.site_name = row.text(10);
    return callback;
}

} // namespace

StoreResult<CallbackAdded> SqliteStore::add_callback(const CallbackRow& callback, const std::string& idempotency_key,
                                                     const std::string& request_hash) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    // The one writer connection, held for both statements: no other request of this process can
    // come between the insert and the read of what the key holds.
    auto inserted =
        db.execute("INSERT INTO callbacks (id, site_id, device_id, idempotency_key, request_hash, call_id, "
                   "visitor_name, phone, reason, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (device_id, idempotency_key) DO NOTHING",
                   callback.id, callback.site_id, callback.device_id, idempotency_key, request_hash, callback.call_id,
                   callback.visitor_name, callback.phone, callback.reason, sqlite::to_column(callback.requested_at));
    if (!inserted) {
        return std::unexpected(inserted.error());
    }
    auto stored = sqlite::first_row<std::pair<CallbackRow, std::string>>(
        db.query(std::string(kCallbackColumns) + ", c.request_hash" + std::string(kCallbackFrom) +
                     "WHERE c.device_id = ? AND c.idempotency_key = ?",
                 callback.device_id, idempotency_key),
        [](const Statement& row) {
            return std::pair{read_callback(row), row.text(11)};
        });
    if (!stored) {
        return std::unexpected(stored.error());
    }
    if (!*stored) {
        return std::unexpected(StoreError{"add_callback: the request's row is missing"});
    }
    if ((*stored)->second != request_hash) {
        return CallbackAdded{CallbackAdd::conflict, {}};
    }
    return CallbackAdded{*inserted > 0 ? CallbackAdd::added : CallbackAdd::replayed, std::move((*stored)->first)};
}

StoreResult<std::optional<CallbackRow>> SqliteStore::find_callback(const std::string& id) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::first_row<CallbackRow>(m_state->db.query(kCallbackSelect + "WHERE c.id = ?", id), read_callback);
}

StoreResult<std::vector<CallbackRow>> SqliteStore::list_callbacks(const std::optional<std::string>& site_id,
                                                                  wire::TimePoint handled_since) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::collect<CallbackRow>(
        m_state->db.query(kCallbackSelect +
                              "WHERE (?1 IS NULL OR c.site_id = ?1) AND (c.handled_at IS NULL OR c.handled_at >= ?2) "
                              "ORDER BY c.handled_at IS NOT NULL, c.handled_at DESC, c.requested_at, c.id",
                          site_id, sqlite::to_column(handled_since)),
        read_callback);
}

StoreResult<std::optional<CallbackRow>>
SqliteStore::mark_callback_handled(const std::string& id, const std::string& staff_id, wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    auto marked = m_state->db.execute("UPDATE callbacks SET handled_at = ?, handled_by = ? WHERE id = ? AND "
                                      "handled_at IS NULL",
                                      sqlite::to_column(now), staff_id, id);
    if (!marked) {
        return std::unexpected(marked.error());
    }
    return sqlite::first_row<CallbackRow>(m_state->db.query(kCallbackSelect + "WHERE c.id = ?", id), read_callback);
}

StoreResult<int> SqliteStore::purge_handled_callbacks(wire::TimePoint handled_before) {
    std::lock_guard lock(m_state->mutex);
    return m_state->db.execute("DELETE FROM callbacks WHERE handled_at IS NOT NULL AND handled_at < ?",
                               sqlite::to_column(handled_before));
}

} // namespace telecentre::backend
