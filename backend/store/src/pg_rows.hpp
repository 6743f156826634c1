#pragma once
// Pieces shared by PgStore, its readers and its transactions: the pool, the Reader queries on
// one connection, and the Reader methods forwarded to them.
//
// Text is ordered with COLLATE "C" wherever lists are sorted: byte order, as SQLite sorts, and
// the same whatever locale the server's database was created with.

#include "pg_pool.hpp"
#include "telecentre/backend/pg_store.hpp"

namespace telecentre::backend {

struct PgStore::State {
    explicit State(std::string conninfo, std::string secret, int pool_size)
        : pool(std::move(conninfo), std::move(secret), pool_size) {}
    pg::Pool pool;
};

namespace pg {

inline const std::string kBeginTransaction = "BEGIN ISOLATION LEVEL READ COMMITTED";
inline const std::string kBeginSnapshot = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

// Columns read by read_member(), in order, from "members m LEFT JOIN passes p".
inline constexpr std::string_view kMemberColumns =
    "SELECT m.id, m.first_name, m.last_name, m.display_name, m.home_site_id, m.erased, "
    "COALESCE(p.kind, 'pass_actifs_mobiles'), p.joined, p.free_until, p.paid_until, COALESCE(p.suspended, false), "
    "COALESCE(p.monthly_fee_cents, 0)";
inline const std::string kMemberSelect =
    std::string(kMemberColumns) + " FROM members m LEFT JOIN passes p ON p.member_id = m.id ";

// Columns read by read_session(), in order.
inline constexpr std::string_view kSessionSelect =
    "SELECT id, member_id, site_id, in_at, out_at, auto_closed FROM presence_sessions ";

// Columns read by read_booking(), in order.
inline constexpr std::string_view kBookingSelect =
    "SELECT b.id, r.site_id, b.resource_id, r.name, r.kind, b.member_id, m.display_name, b.start_at, b.end_at, "
    "b.status, b.checked_in_at FROM bookings b JOIN resources r ON r.id = b.resource_id "
    "JOIN members m ON m.id = b.member_id ";

[[nodiscard]] MemberRecord read_member(const Row& row);
[[nodiscard]] PresenceSession read_session(const Row& row);
[[nodiscard]] wire::Booking read_booking(const Row& row);

// Inside a Transaction, reading a member locks its row until commit: two check-ins of one
// member (two kiosks, or a replay racing the original) then run one after the other, as they
// do under SQLite's single writer.
// A booking only needs the member's row to stay as read until it commits (its answer names the
// holder): find_badge_holder takes a shared lock, so one member's bookings run side by side (no
// rule spans two of them; the resource's lock and the exclusion constraint order the rest),
// while a check-in's find_member waits for them.
enum class MemberLock { none, share, for_update };

// Every Reader query, on one connection. PgReader and PgTransaction share these.
StoreResult<std::optional<BadgeRecord>> find_badge(Connection& db, const std::string& uid);
StoreResult<std::optional<BadgeHolder>> find_badge_holder(Connection& db, const std::string& uid, MemberLock lock);
StoreResult<std::optional<MemberRecord>> find_member(Connection& db, const std::string& id, MemberLock lock);
StoreResult<std::vector<OpeningInterval>> opening_hours(Connection& db, const std::string& site_id);
StoreResult<std::optional<ResourceRecord>> find_resource(Connection& db, const std::string& id);
StoreResult<std::vector<ResourceRecord>> site_resources(Connection& db, const std::string& site_id);
StoreResult<wire::BookingRules> booking_rules(Connection& db, const std::string& site_id);
StoreResult<std::vector<ClosureRecord>> closures(Connection& db, const std::string& site_id, wire::Date first_day,
                                                 wire::Date last_day);
// The four reads of site_calendar in one pipeline: one round trip.
StoreResult<SiteCalendar> site_calendar(Connection& db, const std::string& site_id, wire::Date first_day,
                                        wire::Date last_day);
StoreResult<std::optional<wire::Booking>> find_booking(Connection& db, const std::string& id);
// `column` is one of the code's own column names, never input.
StoreResult<std::vector<wire::Booking>> bookings_where(Connection& db, std::string_view column,
                                                       const std::string& value, wire::TimePoint from,
                                                       wire::TimePoint to);
StoreResult<std::vector<wire::Booking>> unattended_bookings(Connection& db, wire::TimePoint started_by);
StoreResult<std::optional<PresenceSession>> open_session(Connection& db, const std::string& member_id);
StoreResult<std::vector<PresenceSession>> sessions_between(Connection& db, const std::string& member_id,
                                                           wire::TimePoint from, wire::TimePoint to);
StoreResult<std::optional<CalendarSubject>> find_calendar_feed(Connection& db, const std::string& token_hash);

// The Reader methods forwarded to the functions above, for any Base derived from Reader. The
// lease keeps the connection for as long as the reader or transaction lives.
template <typename Base> class Reads : public Base {
public:
    Reads(Pool::Lease lease, MemberLock member_lock) : m_lease(std::move(lease)), m_member_lock(member_lock) {}

    StoreResult<std::optional<BadgeRecord>> find_badge(const std::string& uid) override {
        return pg::find_badge(*m_lease, uid);
    }
    StoreResult<std::optional<MemberRecord>> find_member(const std::string& id) override {
        return pg::find_member(*m_lease, id, m_member_lock);
    }
    StoreResult<std::vector<OpeningInterval>> opening_hours(const std::string& site_id) override {
        return pg::opening_hours(*m_lease, site_id);
    }
    StoreResult<std::optional<ResourceRecord>> find_resource(const std::string& id) override {
        return pg::find_resource(*m_lease, id);
    }
    StoreResult<std::vector<ResourceRecord>> site_resources(const std::string& site_id) override {
        return pg::site_resources(*m_lease, site_id);
    }
    StoreResult<wire::BookingRules> booking_rules(const std::string& site_id) override {
        return pg::booking_rules(*m_lease, site_id);
    }
    StoreResult<std::vector<ClosureRecord>> closures(const std::string& site_id, wire::Date first_day,
                                                     wire::Date last_day) override {
        return pg::closures(*m_lease, site_id, first_day, last_day);
    }
    StoreResult<std::optional<BadgeHolder>> find_badge_holder(const std::string& uid) override {
        return pg::find_badge_holder(*m_lease, uid,
                                     m_member_lock == MemberLock::none ? MemberLock::none : MemberLock::share);
    }
    StoreResult<SiteCalendar> site_calendar(const std::string& site_id, wire::Date first_day,
                                            wire::Date last_day) override {
        return pg::site_calendar(*m_lease, site_id, first_day, last_day);
    }
    StoreResult<std::optional<wire::Booking>> find_booking(const std::string& id) override {
        return pg::find_booking(*m_lease, id);
    }
    StoreResult<std::vector<wire::Booking>> site_bookings(const std::string& site_id, wire::TimePoint from,
                                                          wire::TimePoint to) override {
        return bookings_where(*m_lease, "r.site_id", site_id, from, to);
    }
    StoreResult<std::vector<wire::Booking>> resource_bookings(const std::string& resource_id, wire::TimePoint from,
                                                              wire::TimePoint to) override {
        return bookings_where(*m_lease, "b.resource_id", resource_id, from, to);
    }
    StoreResult<std::vector<wire::Booking>> member_bookings(const std::string& member_id, wire::TimePoint from,
                                                            wire::TimePoint to) override {
        return bookings_where(*m_lease, "b.member_id", member_id, from, to);
    }
    StoreResult<std::vector<wire::Booking>> unattended_bookings(wire::TimePoint started_by) override {
        return pg::unattended_bookings(*m_lease, started_by);
    }
    StoreResult<std::optional<PresenceSession>> open_session(const std::string& member_id) override {
        return pg::open_session(*m_lease, member_id);
    }
    StoreResult<std::vector<PresenceSession>> sessions_between(const std::string& member_id, wire::TimePoint from,
                                                               wire::TimePoint to) override {
        return pg::sessions_between(*m_lease, member_id, from, to);
    }
    StoreResult<std::optional<CalendarSubject>> find_calendar_feed(const std::string& token_hash) override {
        return pg::find_calendar_feed(*m_lease, token_hash);
    }

protected:
    Pool::Lease m_lease;
    MemberLock m_member_lock;
};

// Runs `work(Connection&)` inside one transaction begun with `begin_sql`, committing when it
// succeeds; any failure rolls everything back (the lease's connection is then discarded or
// returned clean). Work that failed because its connection broke (the server restarted, an
// administrator ended the session) committed nothing: it runs again on another connection.
template <typename T, typename Work>
StoreResult<T> in_transaction(Pool& pool, const std::string& begin_sql, std::string_view operation, Work work) {
    for (int attempt = 0; attempt <= pool.max_size(); ++attempt) {
        auto lease = pool.begin(begin_sql);
        if (!lease) {
            return std::unexpected(lease.error());
        }
        StoreResult<T> result = work(**lease);
        if (!result) {
            if ((*lease)->broken()) {
                lease->discard();
                continue;
            }
            if (!(*lease)->rollback()) {
                lease->discard();
            }
            return result;
        }
        if (auto committed = (*lease)->commit(); !committed) {
            const auto error = store_error(committed.error(), "commit");
            lease->discard();
            return std::unexpected(error);
        }
        return result;
    }
    return std::unexpected(StoreError{"PostgreSQL " + std::string(operation) + ": no working connection", true});
}

// Runs a read made of one statement, `work(Connection&)`, outside of any transaction block: a
// statement is its own consistent snapshot, so BEGIN and COMMIT would only add two round trips.
// A connection found broken is replaced and the read run again (it changed nothing).
template <typename T, typename Work>
StoreResult<T> in_one_statement(Pool& pool, std::string_view operation, Work work) {
    for (int attempt = 0; attempt <= pool.max_size(); ++attempt) {
        auto lease = pool.acquire();
        if (!lease) {
            return std::unexpected(lease.error());
        }
        StoreResult<T> result = work(**lease);
        if (result || !(*lease)->broken()) {
            return result;
        }
        lease->discard();
    }
    return std::unexpected(StoreError{"PostgreSQL " + std::string(operation) + ": no working connection", true});
}

} // namespace pg
} // namespace telecentre::backend
