// PgStore, what is PostgreSQL's own: migrations racing between processes, the exclusion
// constraint, lost races reported as retryable, row locks, the connection pool. The Store
// contract itself is store_test.cpp, run on both stores.
#include "child_process.hpp"
#include "postgres_server.hpp"
#include "telecentre/backend/pg_store.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;
using telecentre::testing::PostgresServer;
using telecentre::testing::wait_until;

constexpr int kMigrations = 10;
const wire::TimePoint kTen = sys_days{2026y / December / 1} + hours{10};

class PgStoreTest : public ::testing::Test {
protected:
    void SetUp() override {
        auto server = PostgresServer::shared();
        ASSERT_TRUE(server) << server.error();
        m_server = *server;
        auto database = m_server->create_database();
        ASSERT_TRUE(database) << database.error();
        m_conninfo = *database;
        auto opened = PgStore::open(m_conninfo);
        ASSERT_TRUE(opened) << opened.error().message;
        m_store = std::move(*opened);
        auto migrated = m_store->migrate();
        ASSERT_TRUE(migrated) << migrated.error().message;
        ASSERT_EQ(*migrated, kMigrations);
    }

    // Runs SQL beside the store, as another client of the same database would.
    std::vector<std::string> sql(const std::string& text, const std::vector<std::string>& params = {}) {
        auto rows = PostgresServer::query(m_conninfo, text, params);
        EXPECT_TRUE(rows) << rows.error();
        return rows.value_or(std::vector<std::string>{});
    }

    // Connections of the store's database, other than the one asking, waiting for a lock.
    int waiting_for_a_lock() {
        auto rows = sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                        "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'");
        return rows.empty() ? 0 : std::stoi(rows[0]);
    }

    // Ends every connection of the store's database, as an administrator or a server restart
    // would, and waits until they are gone.
    void terminate_store_connections() {
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid()");
        EXPECT_TRUE(wait_until(
            [&] {
                return sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                           "AND pid <> pg_backend_pid()") == std::vector<std::string>{"0"};
            },
            seconds{30}));
    }

    static BookingRecord booking(std::string id, std::string resource, wire::TimePoint start, wire::TimePoint end) {
        return BookingRecord{std::move(id), std::move(resource), "m-elodie-vermenouze", start, end, start, ""};
    }

    StoreResult<BookingOutcome> book_in_transaction(const BookingRecord& record) {
        auto transaction = m_store->begin();
        if (!transaction) {
            return std::unexpected(transaction.error());
        }
        auto outcome = (*transaction)->insert_booking(record);
        if (outcome && *outcome == BookingOutcome::added) {
            if (auto committed = (*transaction)->commit(); !committed) {
                return std::unexpected(committed.error());
            }
        }
        return outcome;
    }

    PostgresServer* m_server = nullptr;
    std::string m_conninfo;
    std::unique_ptr<PgStore> m_store;
};

TEST_F(PgStoreTest, MigratingAgainAppliesNothing) {
    auto again = m_store->migrate();
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(*again, 0);
    auto other = PgStore::open(m_conninfo);
    ASSERT_TRUE(other);
    auto third = (*other)->migrate();
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_EQ(*third, 0);
    EXPECT_EQ(sql("SELECT count(*) FROM schema_migrations"), std::vector<std::string>{"10"});
}

TEST_F(PgStoreTest, TwoProcessesMigratingAtOnceApplyEachMigrationOnce) {
    auto fresh = m_server->create_database();
    ASSERT_TRUE(fresh) << fresh.error();
    // Hold the store's migration lock (the number in pg_store.cpp) until both processes wait
    // for it, so that they really do start together. Plain libpq on this thread: no other
    // thread may run while the test forks.
    std::unique_ptr<PGconn, void (*)(PGconn*)> holder(PQconnectdb(fresh->c_str()), PQfinish);
    ASSERT_EQ(PQstatus(holder.get()), CONNECTION_OK);
    const std::string lock_key = "7422117062033504511";
    PQclear(PQexec(holder.get(), ("SELECT pg_advisory_lock(" + lock_key + ")").c_str()));
    const auto waiting = [&] {
        auto rows = PostgresServer::query(*fresh, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                                                  "AND NOT granted AND database = (SELECT oid FROM pg_database "
                                                  "WHERE datname = current_database())");
        return rows && !rows->empty() ? std::stoi(rows->front()) : -1;
    };

    pid_t children[2] = {-1, -1};
    for (auto& child : children) {
        child = ::fork();
        if (child == 0) {
            // The child leaves with _exit: no test-framework or static teardown in a fork.
            auto store = PgStore::open(*fresh);
            if (!store) {
                ::_exit(100);
            }
            auto migrated = (*store)->migrate();
            ::_exit(migrated ? *migrated : 101);
        }
        ASSERT_GT(child, 0);
    }
    EXPECT_TRUE(wait_until([&] { return waiting() == 2; }, seconds{30}));
    holder.reset(); // ending the session releases the lock

    int applied = 0;
    for (const auto child : children) {
        int status = 0;
        ASSERT_EQ(::waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFEXITED(status));
        ASSERT_LT(WEXITSTATUS(status), 100) << "the child's store failed";
        applied += WEXITSTATUS(status);
    }
    EXPECT_EQ(applied, kMigrations);
    auto versions = PostgresServer::query(*fresh, "SELECT string_agg(version::text, ',' ORDER BY version) "
                                                  "FROM schema_migrations");
    ASSERT_TRUE(versions);
    EXPECT_EQ(*versions, std::vector<std::string>{"1,2,3,4,5,6,7,8,9,10"});
}

TEST_F(PgStoreTest, AMigrationEditedAfterItWasAppliedIsReported) {
    sql("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 2");
    auto again = m_store->migrate();
    ASSERT_FALSE(again);
    EXPECT_NE(again.error().message.find("was edited"), std::string::npos) << again.error().message;
}

TEST_F(PgStoreTest, OverlappingConfirmedBookingsAreRefusedUntilOneIsCancelled) {
    const auto eleven = kTen + hours{1};
    ASSERT_EQ(m_store->add_booking(booking("b1", "ydes-bureau-1", kTen, eleven)), BookingOutcome::added);
    EXPECT_EQ(m_store->add_booking(booking("b2", "ydes-bureau-1", kTen + minutes{30}, eleven + minutes{30})),
              BookingOutcome::overlaps);
    EXPECT_EQ(book_in_transaction(booking("b2", "ydes-bureau-1", kTen + minutes{30}, eleven + minutes{30})),
              BookingOutcome::overlaps);

    // The database refuses it itself, whatever the code above it does.
    auto raw = PostgresServer::query(m_conninfo,
                                     "INSERT INTO bookings (id, resource_id, member_id, start_at, end_at, created_at) "
                                     "VALUES ('raw', 'ydes-bureau-1', 'm-lucie-marty', $1, $2, now())",
                                     {"2026-12-01T10:15:00Z", "2026-12-01T10:45:00Z"});
    ASSERT_FALSE(raw);
    EXPECT_NE(raw.error().find("bookings_no_overlap"), std::string::npos) << raw.error();

    auto transaction = m_store->begin();
    ASSERT_TRUE(transaction);
    ASSERT_TRUE((*transaction)->close_booking("b1", wire::BookingStatus::cancelled, kTen - hours{1}));
    ASSERT_TRUE((*transaction)->commit());
    EXPECT_EQ(m_store->add_booking(booking("b2", "ydes-bureau-1", kTen + minutes{30}, eleven + minutes{30})),
              BookingOutcome::added);
}

TEST_F(PgStoreTest, TouchingBookingsDoNotOverlap) {
    EXPECT_EQ(book_in_transaction(booking("b1", "murat-salle-reunion", kTen, kTen + hours{1})), BookingOutcome::added);
    EXPECT_EQ(book_in_transaction(booking("b2", "murat-salle-reunion", kTen + hours{1}, kTen + hours{2})),
              BookingOutcome::added);
    EXPECT_EQ(book_in_transaction(booking("b0", "murat-salle-reunion", kTen - hours{1}, kTen)), BookingOutcome::added);
}

TEST_F(PgStoreTest, AnOverlapLeavesTheTransactionUsable) {
    ASSERT_EQ(m_store->add_booking(booking("b1", "ydes-bureau-1", kTen, kTen + hours{1})), BookingOutcome::added);
    auto transaction = m_store->begin();
    ASSERT_TRUE(transaction);
    EXPECT_EQ((*transaction)->insert_booking(booking("b2", "ydes-bureau-1", kTen, kTen + hours{1})),
              BookingOutcome::overlaps);
    EXPECT_EQ((*transaction)->insert_booking(booking("b3", "ydes-bureau-2", kTen, kTen + hours{1})),
              BookingOutcome::added);
    EXPECT_EQ((*transaction)->move_booking("b3", kTen, kTen + hours{2}), BookingOutcome::added);
    ASSERT_TRUE((*transaction)->commit());
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    auto moved = (*reader)->find_booking("b3");
    ASSERT_TRUE(moved && *moved);
    EXPECT_EQ((*moved)->end, kTen + hours{2});
    auto refused = (*reader)->find_booking("b2");
    ASSERT_TRUE(refused);
    EXPECT_FALSE(*refused);
}

TEST_F(PgStoreTest, AHundredThreadsBookingOneSlotAddExactlyOne) {
    constexpr int kThreads = 100;
    std::atomic<int> added{0}, overlaps{0}, failed{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kThreads; ++i) {
        threads.emplace_back([&, i] {
            // As a domain service does: a lost race (deadlock between the inserts' index checks)
            // runs the unit of work again.
            for (int attempt = 0; attempt < 5; ++attempt) {
                auto outcome = book_in_transaction(
                    booking("slot-" + std::to_string(i), "murat-salle-reunion", kTen, kTen + hours{1}));
                if (!outcome && outcome.error().retryable) {
                    continue;
                }
                if (!outcome) {
                    ADD_FAILURE() << outcome.error().message;
                    ++failed;
                } else if (*outcome == BookingOutcome::added) {
                    ++added;
                } else {
                    ++overlaps;
                }
                return;
            }
            ++failed;
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_EQ(added, 1);
    EXPECT_EQ(overlaps, kThreads - 1);
    EXPECT_EQ(failed, 0);
    EXPECT_EQ(sql("SELECT count(*) FROM bookings WHERE status = 'confirmed'"), std::vector<std::string>{"1"});
    // The pool never opened more connections than its size.
    // (The store's own: the backends of this test's earlier sql() calls may still be exiting.)
    EXPECT_LE(std::stoi(sql("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                            "AND application_name = 'telecentre-backend'")
                            .at(0)),
              PgStore::kDefaultPoolSize);
}

TEST_F(PgStoreTest, ASecondAnswerToOneKeyIsARetryableError) {
    const auto now = kTen;
    ASSERT_TRUE(m_store->add_device({"dev-1", "murat", "Kiosk"}, std::string(64, 'a'), now));
    auto first = m_store->begin();
    ASSERT_TRUE(first);
    ASSERT_TRUE((*first)->save_answer("dev-1", "key-1", {"hash-1", 200, "{}"}, now));

    StoreResult<void> second_saved;
    std::thread second([&] {
        auto transaction = m_store->begin();
        if (!transaction) {
            second_saved = std::unexpected(transaction.error());
            return;
        }
        // Waits for the first transaction, then finds its row.
        second_saved = (*transaction)->save_answer("dev-1", "key-1", {"hash-2", 200, "{}"}, now);
    });
    EXPECT_TRUE(wait_until([&] { return waiting_for_a_lock() == 1; }, seconds{30}));
    ASSERT_TRUE((*first)->commit());
    second.join();
    ASSERT_FALSE(second_saved);
    EXPECT_TRUE(second_saved.error().retryable) << second_saved.error().message;

    // Run again from the start, the unit of work finds the first answer.
    auto again = m_store->begin();
    ASSERT_TRUE(again);
    auto answer = (*again)->find_answer("dev-1", "key-1");
    ASSERT_TRUE(answer && *answer);
    EXPECT_EQ((*answer)->request_hash, "hash-1");
}

TEST_F(PgStoreTest, ReadingAMemberInATransactionLocksItUntilCommit) {
    auto first = m_store->begin();
    ASSERT_TRUE(first);
    ASSERT_TRUE((*first)->find_member("m-lucie-marty"));

    std::atomic<bool> second_read{false};
    std::thread second([&] {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        auto member = (*transaction)->find_member("m-lucie-marty");
        EXPECT_TRUE(member && *member);
        second_read = true;
    });
    EXPECT_TRUE(wait_until([&] { return waiting_for_a_lock() == 1; }, seconds{30}));
    EXPECT_FALSE(second_read);
    // A Reader does not lock: it reads beside the transaction.
    auto reader = m_store->read();
    ASSERT_TRUE(reader);
    auto member = (*reader)->find_member("m-lucie-marty");
    ASSERT_TRUE(member && *member);
    ASSERT_TRUE((*first)->commit());
    second.join();
    EXPECT_TRUE(second_read);
}

TEST_F(PgStoreTest, BookingsOfOneMemberShareTheMembersLockAndACheckInWaitsForThem) {
    // Two bookings' badge reads of one member: neither waits for the other.
    auto first = m_store->begin();
    ASSERT_TRUE(first);
    auto first_holder = (*first)->find_badge_holder("04A1B2C3D4E5F6");
    ASSERT_TRUE(first_holder && *first_holder) << (first_holder ? "" : first_holder.error().message);
    auto second = m_store->begin();
    ASSERT_TRUE(second);
    auto second_holder = (*second)->find_badge_holder("04A1B2C3D4E5F6");
    ASSERT_TRUE(second_holder && *second_holder);
    EXPECT_EQ((*second_holder)->member.id, "m-elodie-vermenouze");

    // A check-in's exclusive read of that member waits until both have committed.
    std::atomic<bool> checked_in_read{false};
    std::thread check_in([&] {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        auto member = (*transaction)->find_member("m-elodie-vermenouze");
        EXPECT_TRUE(member && *member);
        checked_in_read = true;
    });
    EXPECT_TRUE(wait_until([&] { return waiting_for_a_lock() == 1; }, seconds{30}));
    ASSERT_TRUE((*first)->commit());
    EXPECT_FALSE(checked_in_read);
    ASSERT_TRUE((*second)->commit());
    check_in.join();
    EXPECT_TRUE(checked_in_read);
}

TEST_F(PgStoreTest, ADeadlockIsARetryableError) {
    // Two units of work locking two members in opposite orders: the server picks one to fail.
    std::atomic<int> locked_first{0};
    std::atomic<int> retryable{0}, succeeded{0};
    auto work = [&](const std::string& a, const std::string& b) {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        ASSERT_TRUE((*transaction)->find_member(a));
        ++locked_first;
        ASSERT_TRUE(wait_until([&] { return locked_first == 2; }, seconds{30}));
        auto second = (*transaction)->find_member(b);
        if (!second) {
            retryable += second.error().retryable ? 1 : 0;
            return; // rolls back, which lets the other one through
        }
        if ((*transaction)->commit()) {
            ++succeeded;
        }
    };
    std::thread one(work, "m-lucie-marty", "m-hugo-serre");
    std::thread two(work, "m-hugo-serre", "m-lucie-marty");
    one.join();
    two.join();
    EXPECT_EQ(retryable, 1);
    EXPECT_EQ(succeeded, 1);
}

TEST_F(PgStoreTest, ABrokenConnectionIsReplaced) {
    ASSERT_TRUE(m_store->list_members()); // leaves a connection idle in the pool
    terminate_store_connections();
    auto members = m_store->list_members();
    ASSERT_TRUE(members) << members.error().message;
    EXPECT_EQ(members->size(), 15u);

    // Lost before the first statement of a unit of work: nothing had run, so the transaction
    // starts again on a new connection, unseen.
    auto transaction = m_store->begin();
    ASSERT_TRUE(transaction);
    terminate_store_connections();
    auto first = (*transaction)->find_badge("A1B2C3D4");
    ASSERT_TRUE(first) << first.error().message;

    // Lost in the middle of a unit of work: a retryable error, and the next one works.
    terminate_store_connections();
    auto badge = (*transaction)->find_badge("A1B2C3D4");
    ASSERT_FALSE(badge);
    EXPECT_TRUE(badge.error().retryable) << badge.error().message;
    transaction->reset();
    EXPECT_EQ(m_store->add_booking(booking("b1", "ydes-bureau-1", kTen, kTen + hours{1})), BookingOutcome::added);
}

// Statements are prepared once per connection. A connection the server dropped takes its
// prepared statements with it; the one the pool makes in its place prepares them again, and no
// request fails for it.
TEST_F(PgStoreTest, TheConnectionReplacingADroppedOnePreparesItsStatementsAgain) {
    const auto book_and_read = [&](const std::string& id, wire::TimePoint start) {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction) << transaction.error().message;
        auto holder = (*transaction)->find_badge_holder("04A1B2C3D4E5F6");
        ASSERT_TRUE(holder) << holder.error().message;
        ASSERT_TRUE(*holder);
        EXPECT_EQ((*holder)->member.id, "m-elodie-vermenouze");
        const wire::Date day{floor<days>(start).time_since_epoch()};
        auto calendar = (*transaction)->site_calendar("ydes", day, day);
        ASSERT_TRUE(calendar) << calendar.error().message;
        EXPECT_FALSE(calendar->opening_hours.empty());
        auto added = (*transaction)->insert_booking(booking(id, "ydes-bureau-1", start, start + hours{1}));
        ASSERT_TRUE(added) << added.error().message;
        EXPECT_EQ(*added, BookingOutcome::added);
        ASSERT_TRUE((*transaction)->commit());
        auto reader = m_store->read();
        ASSERT_TRUE(reader) << reader.error().message;
        auto read = (*reader)->find_booking(id);
        ASSERT_TRUE(read) << read.error().message;
        EXPECT_TRUE(*read);
    };
    book_and_read("b1", kTen);
    terminate_store_connections();
    book_and_read("b2", kTen + hours{1});
    // And again after a second loss, once the pool had prepared on the replacement.
    terminate_store_connections();
    book_and_read("b3", kTen + hours{2});
    EXPECT_EQ(sql("SELECT count(*) FROM bookings"), std::vector<std::string>{"3"});
}

// A migration run by another process can change the type of a column a prepared statement
// returns; the server then refuses to run the statement as prepared ("cached plan must not
// change result type"). The store prepares it again: at once when nothing was lost with it,
// otherwise through a retryable error, which makes the unit of work run again.
TEST_F(PgStoreTest, AStatementAMigrationMadeStaleIsPreparedAgain) {
    const std::string token(64, 'c');
    {
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        ASSERT_TRUE((*transaction)->add_calendar_feed(token, {CalendarSubjectKind::member, "m-lucie-marty"}, kTen));
        ASSERT_TRUE((*transaction)->commit());
    }
    const auto feed_found = [&](Reader& reader) {
        auto subject = reader.find_calendar_feed(token);
        if (!subject) {
            return std::optional<StoreError>{subject.error()};
        }
        EXPECT_TRUE(*subject && (*subject)->id == "m-lucie-marty");
        return std::optional<StoreError>{};
    };
    {
        auto reader = m_store->read();
        ASSERT_TRUE(reader);
        ASSERT_EQ(feed_found(**reader), std::nullopt); // now prepared on the pooled connection
    }

    sql("ALTER TABLE calendar_feeds ALTER COLUMN subject_id TYPE varchar(200)");
    {
        // The first statement of a snapshot: the snapshot is begun again, unseen.
        auto reader = m_store->read();
        ASSERT_TRUE(reader);
        const auto failure = feed_found(**reader);
        EXPECT_EQ(failure, std::nullopt) << failure->message;
    }

    sql("ALTER TABLE calendar_feeds ALTER COLUMN subject_id TYPE text");
    {
        // After another statement of the transaction: the transaction is lost, the error says
        // to run the unit again.
        auto transaction = m_store->begin();
        ASSERT_TRUE(transaction);
        ASSERT_TRUE((*transaction)->find_answer("dev-1", "key-1"));
        const auto failure = feed_found(**transaction);
        ASSERT_NE(failure, std::nullopt);
        EXPECT_TRUE(failure->retryable) << failure->message;
    }
    auto again = m_store->begin();
    ASSERT_TRUE(again);
    ASSERT_TRUE((*again)->find_answer("dev-1", "key-1"));
    const auto failure = feed_found(**again);
    EXPECT_EQ(failure, std::nullopt) << failure->message;
}

TEST_F(PgStoreTest, TimesAreUtcWhateverTheServersTimeZone) {
    const auto name = PostgresServer::conninfo_value(m_conninfo, "dbname");
    (void)PostgresServer::query(m_server->admin_conninfo(),
                                "ALTER DATABASE " + name + " SET timezone TO 'America/Los_Angeles'");
    auto other = PgStore::open(m_conninfo);
    ASSERT_TRUE(other);
    // The night Paris moves its clocks forward, at an odd second.
    const auto start = sys_days{2027y / March / 28} + hours{1} + minutes{30} + seconds{7};
    ASSERT_EQ((*other)->add_booking(booking("b1", "ydes-bureau-1", start, start + hours{2})), BookingOutcome::added);
    auto reader = (*other)->read();
    ASSERT_TRUE(reader);
    auto read = (*reader)->find_booking("b1");
    ASSERT_TRUE(read && *read);
    EXPECT_EQ((*read)->start, start);
    EXPECT_EQ((*read)->end, start + hours{2});
    EXPECT_EQ(sql("SELECT start_at = '2027-03-28T01:30:07Z' FROM bookings"), std::vector<std::string>{"t"});
}

TEST_F(PgStoreTest, NoMessageContainsThePassword) {
    const std::string secret = "S3cret-Pw-4242";
    const auto port = PostgresServer::conninfo_value(m_conninfo, "port");
    // The server trusts 127.0.0.1, so a wrong database is what fails here.
    auto wrong_database = PgStore::open("postgresql://postgres:" + secret + "@127.0.0.1:" + port + "/nowhere");
    ASSERT_FALSE(wrong_database);
    EXPECT_EQ(wrong_database.error().message.find(secret), std::string::npos) << wrong_database.error().message;

    auto refused = PgStore::open("host=127.0.0.1 port=1 user=telecentre password=" + secret);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().message.find(secret), std::string::npos) << refused.error().message;

    auto malformed = PgStore::open("host=127.0.0.1 password=" + secret + " port");
    ASSERT_FALSE(malformed);
    EXPECT_EQ(malformed.error().message.find(secret), std::string::npos) << malformed.error().message;

    const auto described = PgStore::describe("postgresql://telecentre:" + secret + "@db.example:5433/telecentre");
    EXPECT_EQ(described.find(secret), std::string::npos);
    EXPECT_EQ(described, "PostgreSQL database telecentre on db.example:5433 as telecentre");
}

} // namespace
} // namespace telecentre::backend::test
