#pragma once
// core::Journal on SQLite. Each entry stores the request exactly as it is sent, so every retry
// carries the same body and idempotency key. Delivered entries are purged after a week.
// Threading: the check-in worker thread only (it owns the connection).

#include "telecentre/core/journal.hpp"
#include "telecentre/platform/sqlite_database.hpp"

namespace telecentre::platform {

class SqliteJournal final : public core::Journal {
public:
    [[nodiscard]] static std::expected<SqliteJournal, std::string> open(SqliteDatabase& database);

    std::expected<std::int64_t, std::string> append(const std::string& idempotency_key,
                                                    const wire::CheckinRequest& request) override;
    std::expected<std::optional<core::JournalEntry>, std::string> oldest_pending() override;
    std::expected<void, std::string> mark_delivered(std::int64_t sequence) override;
    std::expected<void, std::string> mark_rejected(std::int64_t sequence, const std::string& reason) override;
    std::expected<void, std::string> count_attempt(std::int64_t sequence) override;
    int pending_count() override;

    // For the health report: entries the backend refused for good.
    [[nodiscard]] int rejected_count();

private:
    explicit SqliteJournal(SqliteDatabase& database) : m_database(&database) {}
    [[nodiscard]] std::expected<void, std::string> set_state(std::int64_t sequence, const char* state,
                                                             const std::string& rejection);

    SqliteDatabase* m_database;
};

} // namespace telecentre::platform
