// The Store contract for visio-accueil's call records (migration 0006), on both stores: written
// once when a call ends, read back by the time it ended; what the schema refuses.
#include "store_fixture.hpp"

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

const wire::TimePoint kNine = sys_days{2026y / December / 1} + hours{9};

class CallStoreTest : public StoreFixture {};

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

INSTANTIATE_TEST_SUITE_P(Stores, CallStoreTest, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
