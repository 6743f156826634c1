// The SQLite unit of work of one write (a check-in, a booking): BEGIN IMMEDIATE takes the write
// lock up front, so the idempotency lookup, the checks and the writes cannot interleave with
// another writer. Reads inside it see every committed write.
#include "sqlite_rows.hpp"

#include <span>

namespace telecentre::backend {

using sqlite::Statement;

namespace {

StoreResult<void> done(const StoreResult<int>& changed) {
    if (!changed) {
        return std::unexpected(changed.error());
    }
    return {};
}

// The overlap triggers of migration 0004 abort with this message.
bool is_overlap(const StoreError& error) { return error.message.find("booking_overlap") != std::string::npos; }

StoreResult<BookingOutcome> booking_written(const StoreResult<int>& changed, const std::string& id) {
    if (!changed) {
        if (is_overlap(changed.error())) {
            return BookingOutcome::overlaps;
        }
        return std::unexpected(changed.error());
    }
    if (*changed == 0) {
        return std::unexpected(StoreError{"confirmed booking " + id + " not found"});
    }
    return BookingOutcome::added;
}

// Every Transaction write on the writer connection, inside whatever transaction or savepoint
// the owner opened. As given to a write() unit it cannot commit: the group does.
class SqliteWrites : public sqlite::Reads<Transaction> {
public:
    explicit SqliteWrites(sqlite::Database& db) : Reads(db) {}

    StoreResult<void> commit() override {
        return std::unexpected(StoreError{"a unit of work given to write() does not commit itself"});
    }

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

    StoreResult<void> record_event(const PresenceEvent& event) override {
        return done(m_db.execute(
            "INSERT INTO presence_events (id, device_id, site_id, badge_uid, member_id, direction, outcome, reason, "
            "at, decided_offline, recorded_at, session_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            event.id, event.device_id, event.site_id, event.badge_uid, event.member_id,
            wire::to_string(event.direction), wire::to_string(event.outcome), wire::to_string(event.reason),
            sqlite::to_column(event.at), event.decided_offline, sqlite::to_column(event.recorded_at),
            event.session_id));
    }

    StoreResult<BookingOutcome> insert_booking(const BookingRecord& booking) override {
        std::optional<std::string> device;
        if (!booking.created_by_device.empty()) {
            device = booking.created_by_device;
        }
        return booking_written(
            m_db.execute("INSERT INTO bookings (id, resource_id, member_id, start_at, end_at, status, created_at, "
                         "created_by_device) VALUES (?, ?, ?, ?, ?, 'confirmed', ?, ?)",
                         booking.id, booking.resource_id, booking.member_id, sqlite::to_column(booking.start),
                         sqlite::to_column(booking.end), sqlite::to_column(booking.created_at), device),
            booking.id);
    }

    StoreResult<BookingOutcome> move_booking(const std::string& id, wire::TimePoint start,
                                             wire::TimePoint end) override {
        return booking_written(m_db.execute("UPDATE bookings SET start_at = ?, end_at = ? "
                                            "WHERE id = ? AND status = 'confirmed'",
                                            sqlite::to_column(start), sqlite::to_column(end), id),
                               id);
    }

    StoreResult<void> close_booking(const std::string& id, wire::BookingStatus status, wire::TimePoint at) override {
        if (status == wire::BookingStatus::confirmed) {
            return std::unexpected(StoreError{"a booking is closed as cancelled or no_show"});
        }
        auto changed =
            m_db.execute("UPDATE bookings SET status = ?, closed_at = ? WHERE id = ? AND status = 'confirmed'",
                         wire::to_string(status), sqlite::to_column(at), id);
        if (auto written = booking_written(changed, id); !written) {
            return std::unexpected(written.error());
        }
        return {};
    }

    StoreResult<void> check_in_booking(const std::string& id, wire::TimePoint at) override {
        auto changed = m_db.execute("UPDATE bookings SET checked_in_at = COALESCE(checked_in_at, ?) "
                                    "WHERE id = ? AND status = 'confirmed'",
                                    sqlite::to_column(at), id);
        if (auto written = booking_written(changed, id); !written) {
            return std::unexpected(written.error());
        }
        return {};
    }

    StoreResult<void> add_calendar_feed(const std::string& token_hash, const CalendarSubject& subject,
                                        wire::TimePoint now) override {
        const char* kind = subject.kind == CalendarSubjectKind::resource ? "resource" : "member";
        auto revoked = m_db.execute("UPDATE calendar_feeds SET revoked_at = ? "
                                    "WHERE subject_kind = ? AND subject_id = ? AND revoked_at IS NULL",
                                    sqlite::to_column(now), kind, subject.id);
        if (!revoked) {
            return std::unexpected(revoked.error());
        }
        return done(m_db.execute("INSERT INTO calendar_feeds (token_hash, subject_kind, subject_id, created_at) "
                                 "VALUES (?, ?, ?, ?)",
                                 token_hash, kind, subject.id, sqlite::to_column(now)));
    }
};

// A transaction of its own (begin()): holds the writer until it commits or rolls back.
class SqliteTransaction final : public SqliteWrites {
public:
    SqliteTransaction(std::unique_lock<std::mutex> lock, sqlite::Database& db)
        : SqliteWrites(db), m_lock(std::move(lock)), m_transaction(db) {}

    StoreResult<void> begin() { return m_transaction.begin(sqlite::ScopedTransaction::Mode::immediate); }
    StoreResult<void> commit() override { return m_transaction.commit(); }

private:
    // Declared first so it is released last, after the rollback in m_transaction's destructor.
    std::unique_lock<std::mutex> m_lock;
    sqlite::ScopedTransaction m_transaction;
};

// A read snapshot on a connection of its own, handed back to the idle list when done.
class SqliteReader final : public sqlite::Reads<Reader> {
public:
    SqliteReader(SqliteStore::State& state, sqlite::Database db)
        : Reads(m_own), m_state(state), m_own(std::move(db)), m_snapshot(m_own) {}
    ~SqliteReader() override {
        // A connection whose snapshot did not end cleanly is closed rather than reused.
        if (m_snapshot_ok && !m_snapshot.commit()) {
            return;
        }
        m_state.give_back_reader(std::move(m_own));
    }
    SqliteReader(const SqliteReader&) = delete;
    SqliteReader& operator=(const SqliteReader&) = delete;

    StoreResult<void> begin() {
        auto begun = m_snapshot.begin(sqlite::ScopedTransaction::Mode::deferred);
        m_snapshot_ok = begun.has_value();
        return begun;
    }

private:
    SqliteStore::State& m_state;
    sqlite::Database m_own;
    sqlite::ScopedTransaction m_snapshot;
    bool m_snapshot_ok = false;
};

StoreResult<void> fail_all(std::span<sqlite::PendingUnit* const> batch, const StoreError& error) {
    for (auto* pending : batch) {
        pending->result = std::unexpected(error);
    }
    return {};
}

// One transaction for the whole batch, one savepoint per unit: a unit that fails or rolls back
// undoes only its own writes, and one COMMIT (one fsync) makes all the others durable.
void run_batch(sqlite::Database& db, std::span<sqlite::PendingUnit* const> batch) {
    sqlite::ScopedTransaction transaction(db);
    if (auto begun = transaction.begin(sqlite::ScopedTransaction::Mode::immediate); !begun) {
        (void)fail_all(batch, begun.error());
        return;
    }
    for (auto* pending : batch) {
        if (auto saved = db.exec("SAVEPOINT unit"); !saved) {
            pending->result = std::unexpected(saved.error());
            continue;
        }
        SqliteWrites writes(db);
        auto end = (*pending->unit)(writes);
        if (!end || *end == UnitEnd::roll_back) {
            (void)db.exec("ROLLBACK TO unit");
        }
        if (auto released = db.exec("RELEASE unit"); !released && end) {
            end = std::unexpected(released.error());
        }
        pending->result = end ? StoreResult<void>{} : StoreResult<void>(std::unexpected(end.error()));
    }
    if (auto committed = transaction.commit(); !committed) {
        for (auto* pending : batch) {
            if (pending->result) {
                pending->result = std::unexpected(committed.error());
            }
        }
    }
}

} // namespace

void SqliteStore::State::commit_groups(std::stop_token stop) {
    while (true) {
        std::vector<sqlite::PendingUnit*> batch;
        {
            std::unique_lock lock(queue_mutex);
            queue_changed.wait(lock, stop, [this] { return !queue.empty(); });
            if (queue.empty()) {
                return; // stopping, and nobody waits
            }
            while (!queue.empty() && batch.size() < kMaxGroup) {
                batch.push_back(queue.front());
                queue.pop_front();
            }
        }
        {
            std::lock_guard writer(mutex);
            run_batch(db, batch);
        }
        {
            std::lock_guard lock(queue_mutex);
            for (auto* pending : batch) {
                pending->done = true;
            }
        }
        units_done.notify_all();
    }
}

StoreResult<void> SqliteStore::write(const WriteUnit& unit) {
    sqlite::PendingUnit pending{&unit, {}, false};
    std::unique_lock lock(m_state->queue_mutex);
    if (!m_state->committer.joinable()) {
        m_state->committer =
            std::jthread([state = m_state.get()](std::stop_token stop) { state->commit_groups(stop); });
    }
    m_state->queue.push_back(&pending);
    m_state->queue_changed.notify_one();
    m_state->units_done.wait(lock, [&pending] { return pending.done; });
    return pending.result;
}

StoreResult<std::unique_ptr<Transaction>> SqliteStore::begin() {
    auto transaction = std::make_unique<SqliteTransaction>(std::unique_lock(m_state->mutex), m_state->db);
    if (auto begun = transaction->begin(); !begun) {
        return std::unexpected(begun.error());
    }
    return transaction;
}

StoreResult<sqlite::Database> SqliteStore::State::take_reader() {
    {
        std::lock_guard lock(readers_mutex);
        if (!idle_readers.empty()) {
            sqlite::Database reader = std::move(idle_readers.back());
            idle_readers.pop_back();
            return reader;
        }
    }
    return sqlite::Database::open(file);
}

void SqliteStore::State::give_back_reader(sqlite::Database reader) {
    std::lock_guard lock(readers_mutex);
    if (idle_readers.size() < kMaxIdleReaders) {
        idle_readers.push_back(std::move(reader));
    }
}

StoreResult<std::unique_ptr<Reader>> SqliteStore::read() {
    auto db = m_state->take_reader();
    if (!db) {
        return std::unexpected(db.error());
    }
    auto reader = std::make_unique<SqliteReader>(*m_state, std::move(*db));
    if (auto begun = reader->begin(); !begun) {
        return std::unexpected(begun.error());
    }
    return reader;
}

} // namespace telecentre::backend
