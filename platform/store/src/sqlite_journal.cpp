#include "telecentre/platform/sqlite_journal.hpp"

#include "telecentre/wire/codec.hpp"

namespace telecentre::platform {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS journal (
    sequence        INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    body            TEXT NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'rejected')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    settled_at      TEXT,
    rejection       TEXT
);
CREATE INDEX IF NOT EXISTS journal_pending ON journal (state, sequence);
-- Delivered taps hold badge numbers and times: keep them only as long as they help debugging.
DELETE FROM journal WHERE state = 'delivered' AND settled_at < strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-7 days');
)sql";

} // namespace

std::expected<SqliteJournal, std::string> SqliteJournal::open(SqliteDatabase& database) {
    if (auto created = database.execute(kSchema); !created) {
        return std::unexpected("cannot prepare the journal: " + created.error());
    }
    return SqliteJournal{database};
}

std::expected<std::int64_t, std::string> SqliteJournal::append(const std::string& idempotency_key,
                                                               const wire::CheckinRequest& request) {
    auto inserted = m_database->query("INSERT INTO journal (idempotency_key, body) VALUES (?1, ?2)",
                                      {idempotency_key, wire::encode(request)});
    if (!inserted) {
        return std::unexpected("cannot write the journal: " + inserted.error());
    }
    return m_database->last_insert_id();
}

std::expected<std::optional<core::JournalEntry>, std::string> SqliteJournal::oldest_pending() {
    auto rows = m_database->query("SELECT sequence, idempotency_key, body, attempts FROM journal "
                                  "WHERE state = 'pending' ORDER BY sequence LIMIT 1");
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->empty()) {
        return std::optional<core::JournalEntry>{};
    }
    const SqlRow& row = rows->front();
    auto request = wire::decode_checkin_request(as_text(row[2]));
    if (!request) {
        // Only this program writes the journal; a body it cannot read means the file was damaged.
        // Set it aside rather than block every tap behind it.
        (void)set_state(as_integer(row[0]), "rejected", "unreadable journal entry: " + request.error());
        return oldest_pending();
    }
    return core::JournalEntry{as_integer(row[0]), as_text(row[1]), std::move(*request),
                              static_cast<int>(as_integer(row[3]))};
}

std::expected<void, std::string> SqliteJournal::set_state(std::int64_t sequence, const char* state,
                                                          const std::string& rejection) {
    auto updated = m_database->query(
        "UPDATE journal SET state = ?2, rejection = ?3, settled_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
        "WHERE sequence = ?1",
        {sequence, std::string(state), rejection.empty() ? SqlValue{nullptr} : SqlValue{rejection}});
    if (!updated) {
        return std::unexpected(updated.error());
    }
    return {};
}

std::expected<void, std::string> SqliteJournal::mark_delivered(std::int64_t sequence) {
    return set_state(sequence, "delivered", {});
}

std::expected<void, std::string> SqliteJournal::mark_rejected(std::int64_t sequence, const std::string& reason) {
    return set_state(sequence, "rejected", reason);
}

std::expected<void, std::string> SqliteJournal::count_attempt(std::int64_t sequence) {
    auto updated = m_database->query("UPDATE journal SET attempts = attempts + 1 WHERE sequence = ?1", {sequence});
    if (!updated) {
        return std::unexpected(updated.error());
    }
    return {};
}

int SqliteJournal::pending_count() {
    auto rows = m_database->query("SELECT count(*) FROM journal WHERE state = 'pending'");
    return rows && !rows->empty() ? static_cast<int>(as_integer(rows->front()[0])) : 0;
}

int SqliteJournal::rejected_count() {
    auto rows = m_database->query("SELECT count(*) FROM journal WHERE state = 'rejected'");
    return rows && !rows->empty() ? static_cast<int>(as_integer(rows->front()[0])) : 0;
}

} // namespace telecentre::platform
