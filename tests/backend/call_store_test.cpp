// The Store contract for visio-accueil's call records (migration 0006), on both stores: written
// once when a call ends, read back by the time it ended; what the schema refuses. And the journal
// of the calls in progress (migration 0008): opened when queued, updated when answered, touched
// while they last, closed with their record, recovered as interrupted after a crash.
#include "store_fixture.hpp"

#include <sqlite3.h>

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

const wire::TimePoint kNine = sys_days{2026y / December / 1} + hours{9};

class CallStoreTest : public StoreFixture {
protected:
    // Runs SQL beside the store, as another client of the same database would.
    void raw_sql(const std::string& text) {
        if (GetParam() == StoreKind::sqlite) {
            sqlite3* db = nullptr;
            ASSERT_EQ(sqlite3_open((m_dir.path() / "telecentre.db").c_str(), &db), SQLITE_OK);
            sqlite3_busy_timeout(db, 5000);
            EXPECT_EQ(sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
            sqlite3_close(db);
        } else {
            auto done = telecentre::testing::PostgresServer::query(m_conninfo, text);
            ASSERT_TRUE(done) << done.error();
        }
    }
};

TEST_P(CallStoreTest, ARecordComesBackAsWrittenAndByTheTimeItEnded) {
    const CallRow answered{"call_1",           "murat",       "dev_murat",    kNine, kNine + seconds{12},
                           kNine + minutes{5}, "stf_camille", "agent_hung_up"};
    const CallRow unanswered{"call_2",           "ydes",       "dev_ydes",  kNine + minutes{1}, std::nullopt,
                             kNine + minutes{4}, std::nullopt, "unanswered"};
    ASSERT_TRUE(m_store->add_call(answered));
    ASSERT_TRUE(m_store->add_call(unanswered));

    auto calls = m_store->calls_ended_between(kNine, kNine + hours{1});
    ASSERT_TRUE(calls) << calls.error().message;
    ASSERT_EQ(calls->size(), 2u);
    EXPECT_EQ((*calls)[0].id, "call_2") << "by the time it ended";
    EXPECT_EQ((*calls)[0].answered_at, std::nullopt);
    EXPECT_EQ((*calls)[0].agent_id, std::nullopt);
    EXPECT_EQ((*calls)[0].outcome, "unanswered");
    const CallRow& back = (*calls)[1];
    EXPECT_EQ(back.site_id, "murat");
    EXPECT_EQ(back.device_id, "dev_murat");
    EXPECT_EQ(back.queued_at, kNine);
    EXPECT_EQ(back.answered_at, kNine + seconds{12});
    EXPECT_EQ(back.ended_at, kNine + minutes{5});
    EXPECT_EQ(back.agent_id, "stf_camille");

    auto later = m_store->calls_ended_between(kNine + minutes{5}, kNine + hours{1});
    ASSERT_TRUE(later);
    ASSERT_EQ(later->size(), 1u) << "from inclusive";
    EXPECT_EQ((*later)[0].id, "call_1");
}

TEST_P(CallStoreTest, TheSchemaRefusesWhatTheDeskNeverWrites) {
    const CallRow good{"call_1", "murat", "dev", kNine, std::nullopt, kNine + minutes{1}, std::nullopt, "cancelled"};
    ASSERT_TRUE(m_store->add_call(good));
    EXPECT_FALSE(m_store->add_call(good)) << "a call is recorded once";
    CallRow bad = good;
    bad.id = "call_2";
    bad.outcome = "bored";
    EXPECT_FALSE(m_store->add_call(bad)) << "an unknown outcome";
    bad.outcome = "cancelled";
    bad.site_id = "paris";
    EXPECT_FALSE(m_store->add_call(bad)) << "an unknown site";
    bad.site_id = "murat";
    bad.ended_at = kNine - minutes{1};
    EXPECT_FALSE(m_store->add_call(bad)) << "ended before it was asked for";
}

const OpenCallRow kWaiting{"call_w", "murat", "dev_murat", kNine, std::nullopt, std::nullopt, kNine};

TEST_P(CallStoreTest, AQueuedCallIsJournaledThenAnsweredThenTouched) {
    ASSERT_TRUE(m_store->journal_call(kWaiting));
    auto open = m_store->open_calls();
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].id, "call_w");
    EXPECT_EQ((*open)[0].site_id, "murat");
    EXPECT_EQ((*open)[0].device_id, "dev_murat");
    EXPECT_EQ((*open)[0].queued_at, kNine);
    EXPECT_EQ((*open)[0].answered_at, std::nullopt);
    EXPECT_EQ((*open)[0].agent_id, std::nullopt);
    EXPECT_EQ((*open)[0].last_seen_at, kNine);

    auto touched = m_store->touch_open_calls(kNine + seconds{30});
    ASSERT_TRUE(touched) << touched.error().message;
    EXPECT_EQ(*touched, 1);

    OpenCallRow answered = kWaiting;
    answered.answered_at = kNine + seconds{40};
    answered.agent_id = "stf_camille";
    answered.last_seen_at = kNine + seconds{40};
    ASSERT_TRUE(m_store->journal_call(answered)) << "the same call again: an update, not a second row";
    open = m_store->open_calls();
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].queued_at, kNine);
    EXPECT_EQ((*open)[0].answered_at, kNine + seconds{40});
    EXPECT_EQ((*open)[0].agent_id, "stf_camille");
    EXPECT_EQ((*open)[0].last_seen_at, kNine + seconds{40});

    // One statement for every open call; last_seen_at never goes back.
    ASSERT_TRUE(m_store->journal_call(
        OpenCallRow{"call_x", "ydes", "dev_ydes", kNine + minutes{1}, std::nullopt, std::nullopt, kNine + minutes{1}}));
    touched = m_store->touch_open_calls(kNine + minutes{2});
    ASSERT_TRUE(touched) << touched.error().message;
    EXPECT_EQ(*touched, 2);
    touched = m_store->touch_open_calls(kNine + minutes{1});
    ASSERT_TRUE(touched) << touched.error().message;
    EXPECT_EQ(*touched, 0) << "an earlier time moves nothing back";
    ASSERT_TRUE(m_store->journal_call(answered)) << "answered again, as a replay would";
    open = m_store->open_calls();
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_EQ(open->size(), 2u);
    EXPECT_EQ((*open)[0].id, "call_w") << "by queued_at";
    EXPECT_EQ((*open)[0].last_seen_at, kNine + minutes{2});
    EXPECT_EQ((*open)[0].answered_at, kNine + seconds{40});
    EXPECT_EQ((*open)[1].id, "call_x");
    EXPECT_EQ((*open)[1].last_seen_at, kNine + minutes{2});
}

TEST_P(CallStoreTest, TheRecordOfACallThatEndsClosesItsJournalRow) {
    ASSERT_TRUE(m_store->journal_call(kWaiting));
    ASSERT_TRUE(
        m_store->journal_call(OpenCallRow{"call_x", "ydes", "dev_ydes", kNine, std::nullopt, std::nullopt, kNine}));
    const CallRow ended{"call_w",           "murat",      "dev_murat", kNine, std::nullopt,
                        kNine + minutes{3}, std::nullopt, "unanswered"};
    ASSERT_TRUE(m_store->add_call(ended));
    auto open = m_store->open_calls();
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].id, "call_x") << "the other call is still going on";

    // A record that cannot be written leaves the journal row: the call is recovered later
    // rather than lost.
    CallRow refused{"call_x", "ydes", "dev_ydes", kNine, std::nullopt, kNine - minutes{1}, std::nullopt, "cancelled"};
    EXPECT_FALSE(m_store->add_call(refused));
    open = m_store->open_calls();
    ASSERT_TRUE(open) << open.error().message;
    EXPECT_EQ(open->size(), 1u);

    // A call whose journal row was never written (the store failed then) is still recorded.
    ASSERT_TRUE(m_store->add_call(
        CallRow{"call_y", "murat", "dev_murat", kNine, std::nullopt, kNine + minutes{1}, std::nullopt, "cancelled"}));
}

TEST_P(CallStoreTest, JournaledCallsAreRecordedAsInterruptedEndedWhenLastSeen) {
    OpenCallRow answered{"call_a",           "murat", "dev_murat", kNine, kNine + seconds{20}, "stf_camille",
                         kNine + seconds{20}};
    ASSERT_TRUE(m_store->journal_call(answered));
    ASSERT_TRUE(m_store->journal_call(
        OpenCallRow{"call_b", "ydes", "dev_ydes", kNine + minutes{1}, std::nullopt, std::nullopt, kNine + minutes{1}}));
    ASSERT_TRUE(m_store->touch_open_calls(kNine + minutes{4}));
    // The backend dies here; another process opens the database at the next start.
    m_store.reset();
    auto reopened = open_store();
    ASSERT_TRUE(reopened) << reopened.error().message;
    m_store = std::move(*reopened);

    auto recovered = m_store->recover_open_calls();
    ASSERT_TRUE(recovered) << recovered.error().message;
    EXPECT_EQ(*recovered, 2);
    auto open = m_store->open_calls();
    ASSERT_TRUE(open) << open.error().message;
    EXPECT_TRUE(open->empty()) << "moved, not copied";
    auto calls = m_store->calls_ended_between(kNine, kNine + hours{1});
    ASSERT_TRUE(calls) << calls.error().message;
    ASSERT_EQ(calls->size(), 2u);
    for (const CallRow& call : *calls) {
        EXPECT_EQ(call.outcome, kCallInterrupted) << call.id;
        EXPECT_EQ(call.ended_at, kNine + minutes{4}) << "ended when last seen, not when the backend came back";
    }
    const auto& a = (*calls)[0].id == "call_a" ? (*calls)[0] : (*calls)[1];
    const auto& b = (*calls)[0].id == "call_a" ? (*calls)[1] : (*calls)[0];
    EXPECT_EQ(a.answered_at, kNine + seconds{20});
    EXPECT_EQ(a.agent_id, "stf_camille");
    EXPECT_EQ(a.site_id, "murat");
    EXPECT_EQ(a.device_id, "dev_murat");
    EXPECT_EQ(b.id, "call_b");
    EXPECT_EQ(b.queued_at, kNine + minutes{1});
    EXPECT_EQ(b.answered_at, std::nullopt);
    EXPECT_EQ(b.agent_id, std::nullopt);

    recovered = m_store->recover_open_calls();
    ASSERT_TRUE(recovered) << recovered.error().message;
    EXPECT_EQ(*recovered, 0) << "a second start finds nothing left";
}

TEST_P(CallStoreTest, ARecoveredCallNeverEndsBeforeItWasAnswered) {
    // Answered without the journal's last_seen_at following (as an older row might have been):
    // the record still ends no earlier than the answer, so no talk time is negative.
    OpenCallRow row{"call_a", "murat", "dev_murat", kNine, std::nullopt, std::nullopt, kNine};
    ASSERT_TRUE(m_store->journal_call(row));
    row.answered_at = kNine + minutes{2};
    row.agent_id = "stf_camille";
    row.last_seen_at = kNine; // earlier than the answer
    ASSERT_TRUE(m_store->journal_call(row));
    auto recovered = m_store->recover_open_calls();
    ASSERT_TRUE(recovered) << recovered.error().message;
    EXPECT_EQ(*recovered, 1);
    auto calls = m_store->calls_ended_between(kNine, kNine + hours{1});
    ASSERT_TRUE(calls) << calls.error().message;
    ASSERT_EQ(calls->size(), 1u);
    EXPECT_EQ((*calls)[0].ended_at, kNine + minutes{2});
}

TEST_P(CallStoreTest, TheJournalRefusesWhatTheDeskNeverWrites) {
    OpenCallRow bad = kWaiting;
    bad.site_id = "paris";
    EXPECT_FALSE(m_store->journal_call(bad)) << "an unknown site";
    bad = kWaiting;
    bad.last_seen_at = kNine - minutes{1};
    EXPECT_FALSE(m_store->journal_call(bad)) << "seen before it was asked for";
    bad = kWaiting;
    bad.answered_at = kNine - minutes{1};
    bad.agent_id = "stf_camille";
    EXPECT_FALSE(m_store->journal_call(bad)) << "answered before it was asked for";
    auto open = m_store->open_calls();
    ASSERT_TRUE(open) << open.error().message;
    EXPECT_TRUE(open->empty());
}

// Migration 0008 rebuilds SQLite's calls table (PostgreSQL's only changes a constraint): the
// records made before it are all still there, and the new outcome is accepted.
TEST_P(CallStoreTest, Migration0008KeepsTheRecordsMadeBeforeIt) {
    const CallRow before{"call_1",           "murat",       "dev_murat",    kNine, kNine + seconds{12},
                         kNine + minutes{5}, "stf_camille", "agent_hung_up"};
    ASSERT_TRUE(m_store->add_call(before));
    // Back to version 7: no journal, 0008 not applied.
    ASSERT_NO_FATAL_FAILURE(raw_sql("DROP TABLE calls_open"));
    ASSERT_NO_FATAL_FAILURE(raw_sql("DELETE FROM schema_migrations WHERE version = 8"));
    auto migrated = m_store->migrate();
    ASSERT_TRUE(migrated) << migrated.error().message;
    EXPECT_EQ(*migrated, 1);

    auto calls = m_store->calls_ended_between(kNine, kNine + hours{1});
    ASSERT_TRUE(calls) << calls.error().message;
    ASSERT_EQ(calls->size(), 1u);
    EXPECT_EQ((*calls)[0].id, before.id);
    EXPECT_EQ((*calls)[0].answered_at, before.answered_at);
    EXPECT_EQ((*calls)[0].ended_at, before.ended_at);
    EXPECT_EQ((*calls)[0].agent_id, before.agent_id);
    EXPECT_EQ((*calls)[0].outcome, before.outcome);
    EXPECT_TRUE(m_store->add_call(CallRow{"call_2", "ydes", "dev_ydes", kNine, std::nullopt, kNine + minutes{1},
                                          std::nullopt, std::string(kCallInterrupted)}));
    EXPECT_FALSE(m_store->add_call(
        CallRow{"call_3", "ydes", "dev_ydes", kNine, std::nullopt, kNine + minutes{1}, std::nullopt, "bored"}))
        << "the CHECK is still there";
    EXPECT_TRUE(m_store->journal_call(kWaiting)) << "the journal is back";
}

INSTANTIATE_TEST_SUITE_P(Stores, CallStoreTest, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
