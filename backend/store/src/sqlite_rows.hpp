#pragma once
// Pieces shared by SqliteStore and its check-in transaction: the connection state, row readers
// and a scoped transaction.

#include "sqlite.hpp"
#include "telecentre/backend/sqlite_store.hpp"

#include <mutex>

namespace telecentre::backend {

struct SqliteStore::State {
    sqlite::Database db;
    std::mutex mutex;
};

namespace sqlite {

// Columns read by read_member(), in order; select them from "members m LEFT JOIN passes p".
inline constexpr std::string_view kMemberSelect =
    "SELECT m.id, m.first_name, m.last_name, m.display_name, m.home_site_id, m.erased, "
    "COALESCE(p.kind, 'pass_actifs_mobiles'), p.joined, p.free_until, p.paid_until, COALESCE(p.suspended, 0), "
    "COALESCE(p.monthly_fee_cents, 0) "
    "FROM members m LEFT JOIN passes p ON p.member_id = m.id ";

// Columns read by read_session(), in order.
inline constexpr std::string_view kSessionSelect =
    "SELECT id, member_id, site_id, in_at, out_at, auto_closed FROM presence_sessions ";

[[nodiscard]] MemberRecord read_member(const Statement& row);
[[nodiscard]] PresenceSession read_session(const Statement& row);
[[nodiscard]] std::optional<ResourceKind> resource_kind_from(const std::string& text);
[[nodiscard]] StoreResult<std::vector<OpeningInterval>> load_opening_hours(Database& db, const std::string& site_id);
[[nodiscard]] StoreResult<std::optional<MemberRecord>> load_member(Database& db, const std::string& member_id);

// BEGIN on construction, ROLLBACK on destruction unless commit() succeeded.
class ScopedTransaction {
public:
    enum class Mode { deferred, immediate };
    explicit ScopedTransaction(Database& db) : m_db(db) {}
    ScopedTransaction(const ScopedTransaction&) = delete;
    ScopedTransaction& operator=(const ScopedTransaction&) = delete;
    ~ScopedTransaction();

    [[nodiscard]] StoreResult<void> begin(Mode mode);
    [[nodiscard]] StoreResult<void> commit();

private:
    Database& m_db;
    bool m_open = false;
};

} // namespace sqlite
} // namespace telecentre::backend
