#include "telecentre/platform/sqlite_booking_store.hpp"

#include "telecentre/wire/booking_codec.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/local_time.hpp"

namespace telecentre::platform {
namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS booking_journal (
    sequence        INTEGER PRIMARY KEY AUTOINCREMENT,
    idempotency_key TEXT NOT NULL UNIQUE,
    badge_uid       TEXT NOT NULL,
    body            TEXT NOT NULL,
    resource_name   TEXT NOT NULL DEFAULT '',
    ends_at         INTEGER NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending'
                    CHECK (state IN ('pending', 'confirmed', 'refused', 'failed')),
    answer          TEXT,
    failure         TEXT,
    told            INTEGER NOT NULL DEFAULT 0 CHECK (told IN (0, 1)),
    attempts        INTEGER NOT NULL DEFAULT 0,
    journaled_at    INTEGER NOT NULL,
    settled_at      INTEGER
);
CREATE INDEX IF NOT EXISTS booking_journal_pending ON booking_journal (state, sequence);
CREATE INDEX IF NOT EXISTS booking_journal_badge ON booking_journal (badge_uid, sequence);
CREATE TABLE IF NOT EXISTS booking_schedules (
    site_id    TEXT NOT NULL,
    first_day  TEXT NOT NULL,
    last_day   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    body       TEXT NOT NULL,
    fetched_at INTEGER NOT NULL,
    PRIMARY KEY (site_id, first_day, last_day, kind)
);
CREATE TABLE IF NOT EXISTS booking_member_lists (
    badge_uid  TEXT PRIMARY KEY,
    body       TEXT NOT NULL,
    fetched_at INTEGER NOT NULL
);
)sql";

constexpr std::string_view kColumns = "SELECT sequence, idempotency_key, body, resource_name, state, answer, failure, "
                                      "told, attempts, journaled_at, settled_at FROM booking_journal ";

// Instants are kept as milliseconds since the epoch: exact, and compared as integers in SQL.
std::int64_t millis(core::TimePoint at) { return at.time_since_epoch().count(); }
core::TimePoint instant(const SqlValue& value) { return core::TimePoint{std::chrono::milliseconds{as_integer(value)}}; }
core::TimePoint instant(wire::TimePoint at) { return std::chrono::time_point_cast<std::chrono::milliseconds>(at); }

const char* state_text(core::BookingState state) {
    switch (state) {
    case core::BookingState::pending: return "pending";
    case core::BookingState::confirmed: return "confirmed";
    case core::BookingState::refused: return "refused";
    case core::BookingState::failed: return "failed";
    }
    return "failed";
}

core::BookingState state_of(const std::string& text) {
    for (const auto state : {core::BookingState::pending, core::BookingState::confirmed, core::BookingState::refused}) {
        if (text == state_text(state)) {
            return state;
        }
    }
    return core::BookingState::failed;
}

// A row as an entry; nothing when its request cannot be read (only this program writes it, so
// that means a damaged file).
std::optional<core::JournaledBooking> entry_of(const SqlRow& row) {
    auto request = wire::decode_booking_request(as_text(row[2]));
    if (!request) {
        return std::nullopt;
    }
    core::JournaledBooking entry;
    entry.sequence = as_integer(row[0]);
    entry.idempotency_key = as_text(row[1]);
    entry.request = std::move(*request);
    entry.resource_name = as_text(row[3]);
    entry.state = state_of(as_text(row[4]));
    const std::string answer = as_text(row[5]);
    if (entry.state == core::BookingState::confirmed) {
        if (auto booking = wire::decode_booking(answer)) {
            entry.booking = std::move(*booking);
        }
    } else if (entry.state == core::BookingState::refused) {
        if (auto refusal = wire::decode_booking_error(answer)) {
            entry.refusal = std::move(*refusal);
        }
    }
    entry.failure = as_text(row[6]);
    entry.told = as_integer(row[7]) != 0 ? core::Told::yes : core::Told::no;
    entry.attempts = static_cast<int>(as_integer(row[8]));
    entry.journaled_at = instant(row[9]);
    if (!std::holds_alternative<std::nullptr_t>(row[10])) {
        entry.settled_at = instant(row[10]);
    }
    return entry;
}

std::string kind_text(const std::optional<wire::ResourceKind>& kind) { return kind ? wire::to_string(*kind) : ""; }

} // namespace

std::expected<SqliteBookingStore, std::string> SqliteBookingStore::open(SqliteDatabase& database) {
    if (auto created = database.execute(kSchema); !created) {
        return std::unexpected("cannot prepare the booking journal: " + created.error());
    }
    return SqliteBookingStore{database};
}

std::expected<void, std::string> SqliteBookingStore::run(std::string_view sql, std::vector<SqlValue> params) {
    auto done = m_database->query(sql, params);
    if (!done) {
        return std::unexpected(done.error());
    }
    return {};
}

std::expected<std::int64_t, std::string> SqliteBookingStore::append(const std::string& idempotency_key,
                                                                    const wire::BookingRequest& request,
                                                                    const std::string& resource_name,
                                                                    core::TimePoint now) {
    // One statement, committed (and fsynced: synchronous=FULL) before it returns.
    auto inserted =
        run("INSERT INTO booking_journal (idempotency_key, badge_uid, body, resource_name, ends_at, journaled_at) "
            "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            {idempotency_key, request.badge_uid, wire::encode(request), resource_name, millis(instant(request.end)),
             millis(now)});
    if (!inserted) {
        return std::unexpected("cannot write the booking journal: " + inserted.error());
    }
    return m_database->last_insert_id();
}

std::expected<std::vector<core::JournaledBooking>, std::string>
SqliteBookingStore::select(std::string_view where, std::vector<SqlValue> params) {
    auto rows = m_database->query(std::string(kColumns) + std::string(where), params);
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<core::JournaledBooking> entries;
    for (const auto& row : *rows) {
        if (auto entry = entry_of(row)) {
            entries.push_back(std::move(*entry));
        } else if (as_text(row[4]) == "pending") {
            // Set aside rather than block every booking behind it.
            (void)run("UPDATE booking_journal SET state = 'failed', failure = 'unreadable journal entry' "
                      "WHERE sequence = ?1",
                      {as_integer(row[0])});
        }
    }
    return entries;
}

std::expected<std::optional<core::JournaledBooking>, std::string> SqliteBookingStore::oldest_pending() {
    for (;;) {
        auto rows = m_database->query("SELECT sequence FROM booking_journal WHERE state = 'pending' "
                                      "ORDER BY sequence LIMIT 1");
        if (!rows) {
            return std::unexpected(rows.error());
        }
        if (rows->empty()) {
            return std::optional<core::JournaledBooking>{};
        }
        auto entries = select("WHERE sequence = ?1", {as_integer(rows->front()[0])});
        if (!entries) {
            return std::unexpected(entries.error());
        }
        if (!entries->empty()) {
            return std::optional{std::move(entries->front())};
        }
        // The entry was unreadable and is now set aside: the next one.
    }
}

std::expected<void, std::string> SqliteBookingStore::settle(std::int64_t sequence, const core::Settlement& settlement,
                                                            core::Told told, core::TimePoint now) {
    SqlValue answer = nullptr;
    if (settlement.booking) {
        answer = wire::encode(*settlement.booking);
    } else if (settlement.refusal) {
        answer = wire::encode(*settlement.refusal);
    }
    return run("UPDATE booking_journal SET state = ?2, answer = ?3, failure = ?4, told = ?5, settled_at = ?6 "
               "WHERE sequence = ?1 AND state = 'pending'",
               {sequence, std::string(state_text(settlement.state)), answer,
                settlement.failure.empty() ? SqlValue{nullptr} : SqlValue{settlement.failure},
                std::int64_t{told == core::Told::yes ? 1 : 0}, millis(now)});
}

std::expected<void, std::string> SqliteBookingStore::count_attempt(std::int64_t sequence) {
    return run("UPDATE booking_journal SET attempts = attempts + 1 WHERE sequence = ?1", {sequence});
}

std::expected<void, std::string> SqliteBookingStore::mark_told(std::int64_t sequence) {
    return run("UPDATE booking_journal SET told = 1 WHERE sequence = ?1", {sequence});
}

int SqliteBookingStore::pending_count() {
    auto rows = m_database->query("SELECT count(*) FROM booking_journal WHERE state = 'pending'");
    return rows && !rows->empty() ? static_cast<int>(as_integer(rows->front()[0])) : 0;
}

std::expected<std::vector<core::JournaledBooking>, std::string>
SqliteBookingStore::entries(const std::optional<std::string>& badge_uid) {
    if (badge_uid) {
        return select("WHERE badge_uid = ?1 ORDER BY sequence", {*badge_uid});
    }
    return select("ORDER BY sequence", {});
}

std::expected<void, std::string> SqliteBookingStore::save_schedule(const core::CachedSchedule& schedule) {
    const auto& availability = schedule.availability;
    const auto last = availability.from + std::chrono::days{std::max(1, availability.days) - 1};
    return run("INSERT OR REPLACE INTO booking_schedules (site_id, first_day, last_day, kind, body, fetched_at) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
               {availability.site_id, wire::format_date(availability.from), wire::format_date(last),
                kind_text(schedule.kind), wire::encode(availability), millis(schedule.fetched_at)});
}

std::expected<std::vector<core::CachedSchedule>, std::string>
SqliteBookingStore::schedules(const core::ScheduleFilter& filter) {
    // Dates as YYYY-MM-DD compare in calendar order.
    auto rows = m_database->query("SELECT kind, body, fetched_at FROM booking_schedules "
                                  "WHERE (?1 IS NULL OR site_id = ?1) AND first_day <= ?2 AND last_day >= ?3 "
                                  "ORDER BY fetched_at DESC",
                                  {filter.site ? SqlValue{*filter.site} : SqlValue{nullptr},
                                   wire::format_date(filter.first), wire::format_date(filter.last)});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    std::vector<core::CachedSchedule> copies;
    for (const auto& row : *rows) {
        auto availability = wire::decode_availability(as_text(row[1]));
        if (!availability) {
            continue; // a damaged copy is as good as none
        }
        copies.push_back({wire::resource_kind_from(as_text(row[0])), std::move(*availability), instant(row[2])});
    }
    return copies;
}

std::expected<void, std::string> SqliteBookingStore::save_member_bookings(const std::string& badge_uid,
                                                                          const core::CachedMemberBookings& list) {
    return run("INSERT OR REPLACE INTO booking_member_lists (badge_uid, body, fetched_at) VALUES (?1, ?2, ?3)",
               {badge_uid, wire::encode(list.bookings), millis(list.fetched_at)});
}

std::expected<std::optional<core::CachedMemberBookings>, std::string>
SqliteBookingStore::member_bookings(const std::string& badge_uid) {
    auto rows =
        m_database->query("SELECT body, fetched_at FROM booking_member_lists WHERE badge_uid = ?1", {badge_uid});
    if (!rows) {
        return std::unexpected(rows.error());
    }
    if (rows->empty()) {
        return std::optional<core::CachedMemberBookings>{};
    }
    auto list = wire::decode_member_bookings(as_text(rows->front()[0]));
    if (!list) {
        return std::optional<core::CachedMemberBookings>{};
    }
    return std::optional{core::CachedMemberBookings{std::move(*list), instant(rows->front()[1])}};
}

std::expected<void, std::string> SqliteBookingStore::purge(core::TimePoint settled_before, core::TimePoint now) {
    // Settled entries hold badge numbers: kept while they are news, then only as long as they
    // help debugging. News about a booking long over is not news any more.
    const auto cutoff = millis(settled_before);
    const std::string today = wire::format_date(
        wire::Date{wire::paris_day(std::chrono::floor<std::chrono::seconds>(now)).time_since_epoch()});
    if (auto done = run("DELETE FROM booking_journal WHERE state != 'pending' "
                        "AND ((told = 1 AND settled_at < ?1) OR ends_at < ?1)",
                        {cutoff});
        !done) {
        return done;
    }
    if (auto done = run("DELETE FROM booking_schedules WHERE fetched_at < ?1 OR last_day < ?2", {cutoff, today});
        !done) {
        return done;
    }
    return run("DELETE FROM booking_member_lists WHERE fetched_at < ?1", {cutoff});
}

} // namespace telecentre::platform
