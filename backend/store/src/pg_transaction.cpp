// The PostgreSQL unit of work of one write (a check-in, a booking), and the read snapshot.
//
// A Transaction runs at READ COMMITTED on a connection of its own. What must not interleave is
// excluded by the database itself rather than by one big lock: the member's row lock taken by
// find_member orders two check-ins of one member, the primary key of idempotent_requests stops
// a second answer to one key, and the exclusion constraint on bookings stops overlaps. The
// loser of such a race gets a retryable error (or BookingOutcome::overlaps) and runs again.
#include "pg_rows.hpp"

namespace telecentre::backend {

namespace {

using pg::Pool;

StoreResult<void> done(std::string_view operation, const pg::Expected<pg::Result>& result) {
    auto count = pg::written(operation, result);
    if (!count) {
        return std::unexpected(count.error());
    }
    return {};
}

StoreResult<void> found(std::string_view operation, const pg::Expected<pg::Result>& result, const std::string& id) {
    auto count = pg::written(operation, result);
    if (!count) {
        return std::unexpected(count.error());
    }
    if (*count == 0) {
        return std::unexpected(StoreError{"confirmed booking " + id + " not found"});
    }
    return {};
}

// Writers of one resource's bookings queue on a transaction-scoped advisory lock before they
// insert. The exclusion constraint alone is the guarantee, but concurrent inserts checking it
// wait on each other and can deadlock (each aborted only after deadlock_timeout); in line, each
// one sees the committed bookings and gets a plain overlap, with no retry.
const std::string kLockResource = "SELECT pg_advisory_xact_lock(7217, hashtext($1))";
// Sent in one pipeline behind kLockResource, so its snapshot is taken once the lock is held: it
// sees every booking of the resource committed by the writers before it in line, and adds
// nothing (0 rows) where one of them overlaps. The exclusion constraint stays the guarantee.
const std::string kInsertBookingIfFree =
    "INSERT INTO bookings (id, resource_id, member_id, start_at, end_at, status, created_at, created_by_device) "
    "SELECT $1::text, $2::text, $3::text, $4::timestamptz, $5::timestamptz, 'confirmed', $6::timestamptz, $7::text "
    "WHERE NOT EXISTS (SELECT 1 FROM bookings WHERE resource_id = $2::text AND status = 'confirmed' "
    "AND start_at < $5::timestamptz AND end_at > $4::timestamptz)";
const std::string kLockResourceOfBooking =
    "SELECT pg_advisory_xact_lock(7217, hashtext(resource_id)) FROM bookings WHERE id = $1";

class PgTransaction final : public pg::Reads<Transaction> {
public:
    explicit PgTransaction(Pool::Lease lease) : Reads(std::move(lease), pg::MemberLock::for_update) {}

    ~PgTransaction() override {
        if (!m_committed && !m_lease->rollback()) {
            m_lease.discard();
        }
    }
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;

    StoreResult<std::optional<StoredAnswer>> find_answer(const std::string& device_id,
                                                         const std::string& key) override {
        return pg::first_row<StoredAnswer>(
            "find_answer",
            m_lease->query("SELECT request_hash, status, response_body FROM idempotent_requests "
                           "WHERE device_id = $1 AND key = $2",
                           device_id, key),
            [](const pg::Row& row) {
                return StoredAnswer{row.text(0), static_cast<int>(row.integer(1)), row.text(2)};
            });
    }

    StoreResult<void> save_answer(const std::string& device_id, const std::string& key, const StoredAnswer& answer,
                                  wire::TimePoint now) override {
        // A concurrent first answer to the same key makes this a unique violation: retryable, and
        // the run after it replays that answer.
        return done("save_answer",
                    m_lease->query("INSERT INTO idempotent_requests (device_id, key, request_hash, status, "
                                   "response_body, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
                                   device_id, key, answer.request_hash, answer.status, answer.body, now));
    }

    StoreResult<std::int64_t> start_session(const std::string& member_id, const std::string& site_id,
                                            wire::TimePoint in_at) override {
        auto id = pg::first_row<std::int64_t>(
            "start_session",
            m_lease->query("INSERT INTO presence_sessions (member_id, site_id, in_at) VALUES ($1, $2, $3) RETURNING id",
                           member_id, site_id, in_at),
            [](const pg::Row& row) { return row.integer(0); });
        if (!id) {
            return std::unexpected(id.error());
        }
        return id->value_or(0);
    }

    StoreResult<void> close_session(std::int64_t session_id, wire::TimePoint out_at, SessionClosing closing) override {
        return done("close_session",
                    m_lease->query("UPDATE presence_sessions SET out_at = $1, auto_closed = $2 WHERE id = $3", out_at,
                                   closing == SessionClosing::automatic, session_id));
    }

    StoreResult<void> record_event(const PresenceEvent& event) override {
        return done("record_event",
                    m_lease->query("INSERT INTO presence_events (id, device_id, site_id, badge_uid, member_id, "
                                   "direction, outcome, reason, at, decided_offline, recorded_at, session_id) "
                                   "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                                   event.id, event.device_id, event.site_id, event.badge_uid, event.member_id,
                                   wire::to_string(event.direction), wire::to_string(event.outcome),
                                   wire::to_string(event.reason), event.at, event.decided_offline, event.recorded_at,
                                   event.session_id));
    }

    StoreResult<BookingOutcome> insert_booking(const BookingRecord& booking) override {
        std::optional<std::string> device;
        if (!booking.created_by_device.empty()) {
            device = booking.created_by_device;
        }
        // The lock and the insert in one round trip, and no savepoint: the insert checks for an
        // overlap itself instead of failing on the constraint (which would abort the transaction).
        const pg::Statement statements[] = {pg::statement(kLockResource, booking.resource_id),
                                            pg::statement(kInsertBookingIfFree, booking.id, booking.resource_id,
                                                          booking.member_id, booking.start, booking.end,
                                                          booking.created_at, device)};
        auto results = m_lease->pipeline(statements);
        if (!results) {
            if (results.error().sqlstate == pg::kExclusionViolation) {
                // Only a writer that skipped the lock can get here (SQL run by hand): this
                // transaction is aborted, and its next run sees that booking and answers overlaps.
                return std::unexpected(StoreError{
                    "PostgreSQL insert_booking: an overlapping booking was added beside the lock; run again", true});
            }
            return std::unexpected(pg::store_error(results.error(), "insert_booking"));
        }
        return (*results)[1].affected_rows() == 1 ? BookingOutcome::added : BookingOutcome::overlaps;
    }

    StoreResult<BookingOutcome> move_booking(const std::string& id, wire::TimePoint start,
                                             wire::TimePoint end) override {
        if (auto locked = done("move_booking", m_lease->query(kLockResourceOfBooking, id)); !locked) {
            return std::unexpected(locked.error());
        }
        return guarded_booking_write(
            "move_booking",
            [&] {
                return m_lease->query("UPDATE bookings SET start_at = $1, end_at = $2 "
                                      "WHERE id = $3 AND status = 'confirmed'",
                                      start, end, id);
            },
            id);
    }

    StoreResult<void> close_booking(const std::string& id, wire::BookingStatus status, wire::TimePoint at) override {
        if (status == wire::BookingStatus::confirmed) {
            return std::unexpected(StoreError{"a booking is closed as cancelled or no_show"});
        }
        return found("close_booking",
                     m_lease->query("UPDATE bookings SET status = $1, closed_at = $2 "
                                    "WHERE id = $3 AND status = 'confirmed'",
                                    wire::to_string(status), at, id),
                     id);
    }

    StoreResult<void> check_in_booking(const std::string& id, wire::TimePoint at) override {
        return found("check_in_booking",
                     m_lease->query("UPDATE bookings SET checked_in_at = COALESCE(checked_in_at, $1) "
                                    "WHERE id = $2 AND status = 'confirmed'",
                                    at, id),
                     id);
    }

    StoreResult<void> add_calendar_feed(const std::string& token_hash, const CalendarSubject& subject,
                                        wire::TimePoint now) override {
        const std::string kind = subject.kind == CalendarSubjectKind::resource ? "resource" : "member";
        if (auto revoked = done("add_calendar_feed",
                                m_lease->query("UPDATE calendar_feeds SET revoked_at = $1 "
                                               "WHERE subject_kind = $2 AND subject_id = $3 AND revoked_at IS NULL",
                                               now, kind, subject.id));
            !revoked) {
            return revoked;
        }
        return done("add_calendar_feed",
                    m_lease->query("INSERT INTO calendar_feeds (token_hash, subject_kind, subject_id, created_at) "
                                   "VALUES ($1, $2, $3, $4)",
                                   token_hash, kind, subject.id, now));
    }

    StoreResult<void> commit() override {
        if (auto committed = m_lease->commit(); !committed) {
            return std::unexpected(pg::store_error(committed.error(), "commit"));
        }
        m_committed = true;
        return {};
    }

private:
    // The exclusion constraint refuses an overlapping confirmed booking with 23P01, which would
    // abort the whole transaction; the savepoint undoes just this statement, so the caller can
    // answer "slot taken" and carry on (suggest another slot, commit what else it wrote).
    template <typename Write>
    StoreResult<BookingOutcome> guarded_booking_write(std::string_view operation, Write write, const std::string& id) {
        if (auto saved = m_lease->exec("SAVEPOINT booking_write"); !saved) {
            return std::unexpected(pg::store_error(saved.error(), operation));
        }
        auto result = write();
        if (!result && result.error().sqlstate == pg::kExclusionViolation) {
            if (auto undone = m_lease->exec("ROLLBACK TO SAVEPOINT booking_write"); !undone) {
                return std::unexpected(pg::store_error(undone.error(), operation));
            }
            return BookingOutcome::overlaps;
        }
        if (!result) {
            return std::unexpected(pg::store_error(result.error(), operation));
        }
        if (auto released = m_lease->exec("RELEASE SAVEPOINT booking_write"); !released) {
            return std::unexpected(pg::store_error(released.error(), operation));
        }
        if (auto written = found(operation, result, id); !written) {
            return std::unexpected(written.error());
        }
        return BookingOutcome::added;
    }

    bool m_committed = false;
};

// A REPEATABLE READ READ ONLY snapshot: every read sees the database as of the first one.
class PgReader final : public pg::Reads<Reader> {
public:
    explicit PgReader(Pool::Lease lease) : Reads(std::move(lease), pg::MemberLock::none) {}
    ~PgReader() override {
        // A connection whose snapshot did not end cleanly is closed rather than reused.
        if (!m_lease->commit()) {
            m_lease.discard();
        }
    }
    PgReader(const PgReader&) = delete;
    PgReader& operator=(const PgReader&) = delete;
};

} // namespace

StoreResult<std::unique_ptr<Transaction>> PgStore::begin() {
    auto lease = m_state->pool.begin(pg::kBeginTransaction);
    if (!lease) {
        return std::unexpected(lease.error());
    }
    return std::make_unique<PgTransaction>(std::move(*lease));
}

StoreResult<std::unique_ptr<Reader>> PgStore::read() {
    auto lease = m_state->pool.begin(pg::kBeginSnapshot);
    if (!lease) {
        return std::unexpected(lease.error());
    }
    return std::make_unique<PgReader>(std::move(*lease));
}

} // namespace telecentre::backend
