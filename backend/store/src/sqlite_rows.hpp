#pragma once
// Pieces shared by SqliteStore, its readers and its transactions: the connection state, row
// readers and a scoped transaction.

#include "sqlite.hpp"
#include "telecentre/backend/sqlite_store.hpp"

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

namespace telecentre::backend {

namespace sqlite {
// A write() unit waiting for its group commit.
struct PendingUnit {
    const WriteUnit* unit = nullptr;
    StoreResult<void> result;
    bool done = false;
};
} // namespace sqlite

// One writer connection, serialised by `mutex` (SQLite has one writer at a time anyway), and
// idle reader connections: in WAL mode readers see their own snapshot beside the writer.
// write() units queue for the committer thread, which runs each group in one transaction.
struct SqliteStore::State {
    static constexpr std::size_t kMaxGroup = 256;

    sqlite::Database db;
    std::mutex mutex;
    std::filesystem::path file;
    std::mutex readers_mutex;
    std::vector<sqlite::Database> idle_readers;

    std::mutex queue_mutex;
    std::condition_variable_any queue_changed;
    std::condition_variable units_done;
    std::deque<sqlite::PendingUnit*> queue;
    std::jthread committer; // last: stops (and joins) before the connection closes

    void commit_groups(std::stop_token stop);
    // A reader connection: an idle one, else a new one on the file.
    [[nodiscard]] StoreResult<sqlite::Database> take_reader();
    // Back to the idle list (at most kMaxIdleReaders are kept; the others close).
    void give_back_reader(sqlite::Database reader);
    static constexpr std::size_t kMaxIdleReaders = 8;
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
[[nodiscard]] StoreResult<std::vector<OpeningInterval>> load_opening_hours(Database& db, const std::string& site_id);
[[nodiscard]] StoreResult<std::optional<MemberRecord>> load_member(Database& db, const std::string& member_id);

// Columns read by read_booking(), in order.
inline constexpr std::string_view kBookingSelect =
    "SELECT b.id, r.site_id, b.resource_id, r.name, r.kind, b.member_id, m.display_name, b.start_at, b.end_at, "
    "b.status, b.checked_in_at FROM bookings b JOIN resources r ON r.id = b.resource_id "
    "JOIN members m ON m.id = b.member_id ";
[[nodiscard]] wire::Booking read_booking(const Statement& row);

// Columns read by read_resource(), in order, from "resources r".
inline constexpr std::string_view kResourceSelect =
    "SELECT r.id, r.site_id, r.kind, r.name, r.capacity, "
    "(SELECT group_concat(item, ',') FROM (SELECT item FROM resource_equipment e WHERE e.resource_id = r.id "
    "ORDER BY item)) FROM resources r ";
// Kind in the order kiosks show them, then the name's natural order (Bureau 2 before Bureau 10).
inline constexpr std::string_view kResourceOrder =
    "ORDER BY CASE r.kind WHEN 'office' THEN 1 WHEN 'open_space' THEN 2 WHEN 'meeting_room' THEN 3 ELSE 4 END, "
    "length(r.name), r.name, r.id";
[[nodiscard]] ResourceRecord read_resource(const Statement& row);

// Every Reader query, on one connection. SqliteReader and SqliteTransaction share these.
StoreResult<std::optional<BadgeRecord>> find_badge(Database& db, const std::string& uid);
StoreResult<std::optional<ResourceRecord>> find_resource(Database& db, const std::string& id);
StoreResult<std::vector<ResourceRecord>> site_resources(Database& db, const std::string& site_id);
StoreResult<wire::BookingRules> booking_rules(Database& db, const std::string& site_id);
StoreResult<std::vector<ClosureRecord>> closures(Database& db, const std::string& site_id, wire::Date first_day,
                                                 wire::Date last_day);
StoreResult<std::optional<wire::Booking>> find_booking(Database& db, const std::string& id);
StoreResult<std::vector<wire::Booking>> bookings_where(Database& db, std::string_view column, const std::string& value,
                                                       wire::TimePoint from, wire::TimePoint to);
StoreResult<std::vector<wire::Booking>> unattended_bookings(Database& db, wire::TimePoint started_by);
StoreResult<std::optional<PresenceSession>> open_session(Database& db, const std::string& member_id);
StoreResult<std::vector<PresenceSession>> sessions_between(Database& db, const std::string& member_id,
                                                           wire::TimePoint from, wire::TimePoint to);
StoreResult<std::optional<CalendarSubject>> find_calendar_feed(Database& db, const std::string& token_hash);

// The Reader methods forwarded to the functions above, for any Base derived from Reader.
template <typename Base> class Reads : public Base {
public:
    explicit Reads(Database& db) : m_db(db) {}

    StoreResult<std::optional<BadgeRecord>> find_badge(const std::string& uid) override {
        return sqlite::find_badge(m_db, uid);
    }
    StoreResult<std::optional<MemberRecord>> find_member(const std::string& id) override {
        return load_member(m_db, id);
    }
    StoreResult<std::vector<OpeningInterval>> opening_hours(const std::string& site_id) override {
        return load_opening_hours(m_db, site_id);
    }
    StoreResult<std::optional<ResourceRecord>> find_resource(const std::string& id) override {
        return sqlite::find_resource(m_db, id);
    }
    StoreResult<std::vector<ResourceRecord>> site_resources(const std::string& site_id) override {
        return sqlite::site_resources(m_db, site_id);
    }
    StoreResult<wire::BookingRules> booking_rules(const std::string& site_id) override {
        return sqlite::booking_rules(m_db, site_id);
    }
    StoreResult<std::vector<ClosureRecord>> closures(const std::string& site_id, wire::Date first_day,
                                                     wire::Date last_day) override {
        return sqlite::closures(m_db, site_id, first_day, last_day);
    }
    StoreResult<std::optional<wire::Booking>> find_booking(const std::string& id) override {
        return sqlite::find_booking(m_db, id);
    }
    StoreResult<std::vector<wire::Booking>> site_bookings(const std::string& site_id, wire::TimePoint from,
                                                          wire::TimePoint to) override {
        return bookings_where(m_db, "r.site_id", site_id, from, to);
    }
    StoreResult<std::vector<wire::Booking>> resource_bookings(const std::string& resource_id, wire::TimePoint from,
                                                              wire::TimePoint to) override {
        return bookings_where(m_db, "b.resource_id", resource_id, from, to);
    }
    StoreResult<std::vector<wire::Booking>> member_bookings(const std::string& member_id, wire::TimePoint from,
                                                            wire::TimePoint to) override {
        return bookings_where(m_db, "b.member_id", member_id, from, to);
    }
    StoreResult<std::vector<wire::Booking>> unattended_bookings(wire::TimePoint started_by) override {
        return sqlite::unattended_bookings(m_db, started_by);
    }
    StoreResult<std::optional<PresenceSession>> open_session(const std::string& member_id) override {
        return sqlite::open_session(m_db, member_id);
    }
    StoreResult<std::vector<PresenceSession>> sessions_between(const std::string& member_id, wire::TimePoint from,
                                                               wire::TimePoint to) override {
        return sqlite::sessions_between(m_db, member_id, from, to);
    }
    StoreResult<std::optional<CalendarSubject>> find_calendar_feed(const std::string& token_hash) override {
        return sqlite::find_calendar_feed(m_db, token_hash);
    }

protected:
    Database& m_db;
};

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
