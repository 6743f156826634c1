// The SQLite unit of work of one check-in: BEGIN IMMEDIATE takes the write lock up front, so the
// idempotency lookup, the presence update and the stored answer cannot interleave with another
// check-in of the same member from a second kiosk.
#include "sqlite_rows.hpp"

namespace telecentre::backend {

using sqlite::Statement;

namespace {

class SqliteCheckinTransaction final : public CheckinTransaction {
public:
    SqliteCheckinTransaction(std::unique_lock<std::mutex> lock, sqlite::Database& db)
        : m_lock(std::move(lock)), m_db(db), m_transaction(db) {}

    StoreResult<void> begin() { return m_transaction.begin(sqlite::ScopedTransaction::Mode::immediate); }

    StoreResult<std::optional<StoredAnswer>> find_answer(const std::string& device_id,
                                                         const std::string& key) override {
        return sqlite::first_row<StoredAnswer>(
            m_db.query("SELECT request_hash, status, response_body FROM idempotent_requests "
                       "WHERE device_id = ? AND key = ?",
                       device_id, key),
            [](const Statement& row) {
                return StoredAnswer{row.text(0), static_cast<int>(row.integer(1)), row.text(2)};
            });
    }

    StoreResult<void> save_answer(const std::string& device_id, const std::string& key, const StoredAnswer& answer,
                                  wire::TimePoint now) override {
        return done(m_db.execute("INSERT INTO idempotent_requests (device_id, key, request_hash, status, "
                                 "response_body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                                 device_id, key, answer.request_hash, answer.status, answer.body,
                                 sqlite::to_column(now)));
    }

    StoreResult<std::optional<BadgeRecord>> find_badge(const std::string& uid) override {
        return sqlite::first_row<BadgeRecord>(
            m_db.query("SELECT uid, member_id, revoked_at IS NOT NULL FROM badges WHERE uid = ?", uid),
            [](const Statement& row) {
                return BadgeRecord{row.text(0), row.text(1), row.integer(2) != 0};
            });
    }

    StoreResult<std::optional<MemberRecord>> find_member(const std::string& id) override {
        return sqlite::load_member(m_db, id);
    }

    StoreResult<std::vector<OpeningInterval>> opening_hours(const std::string& site_id) override {
        return sqlite::load_opening_hours(m_db, site_id);
    }

    StoreResult<std::optional<PresenceSession>> open_session(const std::string& member_id) override {
        return sqlite::first_row<PresenceSession>(
            m_db.query(std::string(sqlite::kSessionSelect) + "WHERE member_id = ? AND out_at IS NULL", member_id),
            sqlite::read_session);
    }

    StoreResult<std::int64_t> start_session(const std::string& member_id, const std::string& site_id,
                                            wire::TimePoint in_at) override {
        auto inserted = m_db.execute("INSERT INTO presence_sessions (member_id, site_id, in_at) VALUES (?, ?, ?)",
                                     member_id, site_id, sqlite::to_column(in_at));
        if (!inserted) {
            return std::unexpected(inserted.error());
        }
        return m_db.last_insert_rowid();
    }

    StoreResult<void> close_session(std::int64_t session_id, wire::TimePoint out_at, SessionClosing closing) override {
        return done(m_db.execute("UPDATE presence_sessions SET out_at = ?, auto_closed = ? WHERE id = ?",
                                 sqlite::to_column(out_at), closing == SessionClosing::automatic, session_id));
    }

    StoreResult<std::vector<PresenceSession>> sessions_between(const std::string& member_id, wire::TimePoint from,
                                                               wire::TimePoint to) override {
        return sqlite::collect<PresenceSession>(
            m_db.query(std::string(sqlite::kSessionSelect) +
                           "WHERE member_id = ? AND in_at < ? AND (out_at IS NULL OR out_at > ?) ORDER BY in_at",
                       member_id, sqlite::to_column(to), sqlite::to_column(from)),
            sqlite::read_session);
    }

    StoreResult<std::vector<BookingView>> bookings_between(const std::string& member_id, wire::TimePoint from,
                                                           wire::TimePoint to) override {
        return sqlite::collect<BookingView>(
            m_db.query("SELECT b.id, r.name, r.kind, b.start_at, b.end_at FROM bookings b "
                       "JOIN resources r ON r.id = b.resource_id "
                       "WHERE b.member_id = ? AND b.status = 'confirmed' AND b.start_at < ? AND b.end_at > ? "
                       "ORDER BY b.start_at, b.id",
                       member_id, sqlite::to_column(to), sqlite::to_column(from)),
            [](const Statement& row) {
                return BookingView{row.text(0), row.text(1),
                                   sqlite::resource_kind_from(row.text(2)).value_or(ResourceKind::office),
                                   sqlite::time_from_column(row.text(3)), sqlite::time_from_column(row.text(4))};
            });
    }

    StoreResult<void> record_event(const PresenceEvent& event) override {
        return done(m_db.execute(
            "INSERT INTO presence_events (id, device_id, site_id, badge_uid, member_id, direction, outcome, reason, "
            "at, decided_offline, recorded_at, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            event.id, event.device_id, event.site_id, event.badge_uid, event.member_id,
            wire::to_string(event.direction), wire::to_string(event.outcome), wire::to_string(event.reason),
            sqlite::to_column(event.at), event.decided_offline, sqlite::to_column(event.recorded_at),
            event.session_id));
    }

    StoreResult<void> commit() override { return m_transaction.commit(); }

private:
    static StoreResult<void> done(const StoreResult<int>& changed) {
        if (!changed) {
            return std::unexpected(changed.error());
        }
        return {};
    }

    // Declared first so it is released last, after the rollback in m_transaction's destructor.
    std::unique_lock<std::mutex> m_lock;
    sqlite::Database& m_db;
    sqlite::ScopedTransaction m_transaction;
};

} // namespace

StoreResult<std::unique_ptr<CheckinTransaction>> SqliteStore::begin_checkin() {
    auto transaction = std::make_unique<SqliteCheckinTransaction>(std::unique_lock(m_state->mutex), m_state->db);
    if (auto begun = transaction->begin(); !begun) {
        return std::unexpected(begun.error());
    }
    return transaction;
}

} // namespace telecentre::backend
