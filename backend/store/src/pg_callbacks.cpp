// PgStore: visio-accueil's callback requests (migration 0007), through the store's own helpers.
#include "pg_rows.hpp"

namespace telecentre::backend {

using pg::Connection;
using pg::Row;

namespace {

// Columns read by read_callback(), in order, and where they come from.
constexpr std::string_view kCallbackColumns = "SELECT c.id, c.site_id, c.device_id, c.call_id, c.visitor_name, "
                                              "c.phone, c.reason, c.requested_at, c.handled_at, c.handled_by, s.name";
constexpr std::string_view kCallbackFrom = " FROM callbacks c JOIN sites s ON s.id = c.site_id ";
const std::string kCallbackSelect = std::string(kCallbackColumns) + std::string(kCallbackFrom);

CallbackRow read_callback(const Row& row) {
    CallbackRow callback;
    callback.id = row.text(0);
    callback.site_id = row.text(1);
    callback.device_id = row.text(2);
    callback.call_id = row.optional_text(3);
    callback.visitor_name = row.text(4);
    callback.phone = row.text(5);
    callback.reason = row.text(6);
    callback.requested_at = row.time(7);
    callback.handled_at = row.optional_time(8);
    callback.handled_by = row.optional_text(9);
    callback.site_name = row.text(10);
    return callback;
}

} // namespace

StoreResult<CallbackAdded> PgStore::add_callback(const CallbackRow& callback, const std::string& idempotency_key,
                                                 const std::string& request_hash) {
    return pg::in_transaction<CallbackAdded>(
        m_state->pool, pg::kBeginTransaction, "add_callback", [&](Connection& db) -> StoreResult<CallbackAdded> {
            // A concurrent insert of the same key makes this one wait for it and then add nothing;
            // the read after it (READ COMMITTED: a new snapshot) sees the row it committed.
            auto inserted = pg::written(
                "add_callback",
                db.query("INSERT INTO callbacks (id, site_id, device_id, idempotency_key, request_hash, call_id, "
                         "visitor_name, phone, reason, requested_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                         "ON CONFLICT (device_id, idempotency_key) DO NOTHING",
                         callback.id, callback.site_id, callback.device_id, idempotency_key, request_hash,
                         callback.call_id, callback.visitor_name, callback.phone, callback.reason,
                         callback.requested_at));
            if (!inserted) {
                return std::unexpected(inserted.error());
            }
            auto stored = pg::first_row<std::pair<CallbackRow, std::string>>(
                "add_callback",
                db.query(std::string(kCallbackColumns) + ", c.request_hash" + std::string(kCallbackFrom) +
                             "WHERE c.device_id = $1 AND c.idempotency_key = $2",
                         callback.device_id, idempotency_key),
                [](const Row& row) {
                    return std::pair{read_callback(row), row.text(11)};
                });
            if (!stored) {
                return std::unexpected(stored.error());
            }
            if (!*stored) {
                return std::unexpected(StoreError{"PostgreSQL add_callback: the request's row is missing", true});
            }
            if ((*stored)->second != request_hash) {
                return CallbackAdded{CallbackAdd::conflict, {}};
            }
            return CallbackAdded{*inserted > 0 ? CallbackAdd::added : CallbackAdd::replayed,
                                 std::move((*stored)->first)};
        });
}

StoreResult<std::optional<CallbackRow>> PgStore::find_callback(const std::string& id) {
    return pg::in_one_statement<std::optional<CallbackRow>>(m_state->pool, "find_callback", [&](Connection& db) {
        return pg::first_row<CallbackRow>("find_callback", db.query(kCallbackSelect + "WHERE c.id = $1", id),
                                          read_callback);
    });
}

StoreResult<std::vector<CallbackRow>> PgStore::list_callbacks(const std::optional<std::string>& site_id,
                                                              wire::TimePoint handled_since) {
    return pg::in_one_statement<std::vector<CallbackRow>>(m_state->pool, "list_callbacks", [&](Connection& db) {
        return pg::collect<CallbackRow>(
            "list_callbacks",
            db.query(kCallbackSelect +
                         "WHERE ($1::text IS NULL OR c.site_id = $1::text) AND (c.handled_at IS NULL OR "
                         "c.handled_at >= $2) ORDER BY c.handled_at IS NOT NULL, c.handled_at DESC, c.requested_at, "
                         "c.id",
                     site_id, handled_since),
            read_callback);
    });
}

StoreResult<std::optional<CallbackRow>>
PgStore::mark_callback_handled(const std::string& id, const std::string& staff_id, wire::TimePoint now) {
    return pg::in_transaction<std::optional<CallbackRow>>(
        m_state->pool, pg::kBeginTransaction, "mark_callback_handled",
        [&](Connection& db) -> StoreResult<std::optional<CallbackRow>> {
            auto marked = pg::written("mark_callback_handled",
                                      db.query("UPDATE callbacks SET handled_at = $1, handled_by = $2 WHERE id = $3 "
                                               "AND handled_at IS NULL",
                                               now, staff_id, id));
            if (!marked) {
                return std::unexpected(marked.error());
            }
            return pg::first_row<CallbackRow>("mark_callback_handled",
                                              db.query(kCallbackSelect + "WHERE c.id = $1", id), read_callback);
        });
}

StoreResult<int> PgStore::purge_handled_callbacks(wire::TimePoint handled_before) {
    return pg::in_transaction<int>(
        m_state->pool, pg::kBeginTransaction, "purge_handled_callbacks", [&](Connection& db) {
            return pg::written("purge_handled_callbacks", db.query("DELETE FROM callbacks WHERE handled_at IS NOT "
                                                                   "NULL AND handled_at < $1",
                                                                   handled_before));
        });
}

} // namespace telecentre::backend
