// The Store contract for visio-accueil's callback requests (migration 0007), on both stores:
// idempotent adding by (device, Idempotency-Key), the staff list by site, marking handled, and
// the purge of handled requests past a cutoff; what the schema refuses.
#include "store_fixture.hpp"

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

const wire::TimePoint kNine = sys_days{2026y / December / 1} + hours{9};

CallbackRow callback(std::string id, std::string site, std::string device, wire::TimePoint at) {
    CallbackRow row;
    row.id = std::move(id);
    row.site_id = std::move(site);
    row.device_id = std::move(device);
    row.call_id = "call_0123456789abcdef";
    row.visitor_name = "Élodie Vermenouze";
    row.phone = "+33 6 12 34 56 78";
    row.reason = "Réserver la salle visio";
    row.requested_at = at;
    return row;
}

class CallbackStoreTest : public StoreFixture {
protected:
    CallbackRow add(const CallbackRow& row, const std::string& key) {
        auto added = m_store->add_callback(row, key, "hash-" + row.id);
        EXPECT_TRUE(added) << added.error().message;
        EXPECT_EQ(added ? added->outcome : CallbackAdd::conflict, CallbackAdd::added);
        return added ? added->callback : CallbackRow{};
    }
};

TEST_P(CallbackStoreTest, ARequestComesBackAsWrittenWithItsSiteName) {
    auto added = m_store->add_callback(callback("cb_1", "murat", "dev_murat", kNine), "key-1", "hash-1");
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_EQ(added->outcome, CallbackAdd::added);
    const CallbackRow& back = added->callback;
    EXPECT_EQ(back.id, "cb_1");
    EXPECT_EQ(back.site_id, "murat");
    EXPECT_EQ(back.site_name, "La Cocotte numérique");
    EXPECT_EQ(back.device_id, "dev_murat");
    EXPECT_EQ(back.call_id, "call_0123456789abcdef");
    EXPECT_EQ(back.visitor_name, "Élodie Vermenouze");
    EXPECT_EQ(back.phone, "+33 6 12 34 56 78");
    EXPECT_EQ(back.reason, "Réserver la salle visio");
    EXPECT_EQ(back.requested_at, kNine);
    EXPECT_EQ(back.handled_at, std::nullopt);
    EXPECT_EQ(back.handled_by, std::nullopt);

    auto found = m_store->find_callback("cb_1");
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(*found);
    EXPECT_EQ((*found)->visitor_name, "Élodie Vermenouze");
    auto unknown = m_store->find_callback("cb_nope");
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(*unknown);
}

TEST_P(CallbackStoreTest, TheSameKeyAndRequestReplaysTheFirstRowAndADifferentRequestConflicts) {
    ASSERT_TRUE(m_store->add_callback(callback("cb_1", "murat", "dev_murat", kNine), "key-1", "hash-1"));

    // A replay (the kiosk's answer was lost): the domain made a new id and time, the row stays.
    auto replay = m_store->add_callback(callback("cb_2", "murat", "dev_murat", kNine + minutes{1}), "key-1", "hash-1");
    ASSERT_TRUE(replay) << replay.error().message;
    EXPECT_EQ(replay->outcome, CallbackAdd::replayed);
    EXPECT_EQ(replay->callback.id, "cb_1");
    EXPECT_EQ(replay->callback.requested_at, kNine);

    auto conflict = m_store->add_callback(callback("cb_3", "murat", "dev_murat", kNine), "key-1", "hash-other");
    ASSERT_TRUE(conflict) << conflict.error().message;
    EXPECT_EQ(conflict->outcome, CallbackAdd::conflict);
    EXPECT_TRUE(conflict->callback.id.empty()) << "a conflict shows nothing of the first request";

    // Keys belong to a device: another kiosk may use the same one.
    auto other = m_store->add_callback(callback("cb_4", "ydes", "dev_ydes", kNine), "key-1", "hash-other");
    ASSERT_TRUE(other) << other.error().message;
    EXPECT_EQ(other->outcome, CallbackAdd::added);

    auto all = m_store->list_callbacks(std::nullopt, kNine);
    ASSERT_TRUE(all);
    EXPECT_EQ(all->size(), 2u);
}

TEST_P(CallbackStoreTest, TheListHasOpenOnesOldestFirstThenRecentlyHandledOnesOfOneSiteOrAll) {
    add(callback("cb_old", "murat", "dev_murat", kNine), "k1");
    add(callback("cb_new", "murat", "dev_murat", kNine + minutes{10}), "k2");
    add(callback("cb_ydes", "ydes", "dev_ydes", kNine + minutes{5}), "k3");
    add(callback("cb_done", "murat", "dev_murat", kNine - hours{2}), "k4");
    add(callback("cb_long_ago", "murat", "dev_murat", kNine - days{3}), "k5");
    ASSERT_TRUE(m_store->mark_callback_handled("cb_done", "stf_camille", kNine + minutes{20}));
    ASSERT_TRUE(m_store->mark_callback_handled("cb_long_ago", "stf_camille", kNine - days{2}));

    const auto ids = [](const std::vector<CallbackRow>& rows) {
        std::vector<std::string> out;
        for (const auto& row : rows) {
            out.push_back(row.id);
        }
        return out;
    };
    const auto since = kNine - hours{24};
    auto all = m_store->list_callbacks(std::nullopt, since);
    ASSERT_TRUE(all) << all.error().message;
    EXPECT_EQ(ids(*all), (std::vector<std::string>{"cb_old", "cb_ydes", "cb_new", "cb_done"}));
    EXPECT_EQ(all->back().handled_by, "stf_camille");
    EXPECT_EQ(all->back().handled_at, kNine + minutes{20});

    auto murat = m_store->list_callbacks(std::string("murat"), since);
    ASSERT_TRUE(murat) << murat.error().message;
    EXPECT_EQ(ids(*murat), (std::vector<std::string>{"cb_old", "cb_new", "cb_done"}));

    auto older = m_store->list_callbacks(std::string("murat"), kNine - days{4});
    ASSERT_TRUE(older);
    EXPECT_EQ(ids(*older), (std::vector<std::string>{"cb_old", "cb_new", "cb_done", "cb_long_ago"}))
        << "handled ones, most recently handled first";
}

TEST_P(CallbackStoreTest, MarkingHandledKeepsTheFirstHandlingAndAnUnknownIdIsNothing) {
    add(callback("cb_1", "murat", "dev_murat", kNine), "k1");
    auto marked = m_store->mark_callback_handled("cb_1", "stf_camille", kNine + minutes{5});
    ASSERT_TRUE(marked) << marked.error().message;
    ASSERT_TRUE(*marked);
    EXPECT_EQ((*marked)->handled_at, kNine + minutes{5});
    EXPECT_EQ((*marked)->handled_by, "stf_camille");

    auto again = m_store->mark_callback_handled("cb_1", "stf_other", kNine + minutes{9});
    ASSERT_TRUE(again) << again.error().message;
    ASSERT_TRUE(*again);
    EXPECT_EQ((*again)->handled_at, kNine + minutes{5});
    EXPECT_EQ((*again)->handled_by, "stf_camille");

    auto unknown = m_store->mark_callback_handled("cb_nope", "stf_camille", kNine);
    ASSERT_TRUE(unknown) << unknown.error().message;
    EXPECT_FALSE(*unknown);
}

TEST_P(CallbackStoreTest, ThePurgeDeletesHandledRequestsBeforeTheCutoffOnly) {
    add(callback("cb_open", "murat", "dev_murat", kNine - days{60}), "k1");
    add(callback("cb_old", "murat", "dev_murat", kNine - days{40}), "k2");
    add(callback("cb_edge", "ydes", "dev_ydes", kNine - days{40}), "k3");
    add(callback("cb_recent", "murat", "dev_murat", kNine - days{2}), "k4");
    const auto cutoff = kNine - days{30};
    ASSERT_TRUE(m_store->mark_callback_handled("cb_old", "stf_camille", cutoff - seconds{1}));
    ASSERT_TRUE(m_store->mark_callback_handled("cb_edge", "stf_camille", cutoff));
    ASSERT_TRUE(m_store->mark_callback_handled("cb_recent", "stf_camille", kNine - days{1}));

    auto purged = m_store->purge_handled_callbacks(cutoff);
    ASSERT_TRUE(purged) << purged.error().message;
    EXPECT_EQ(*purged, 1);
    for (const auto* id : {"cb_open", "cb_edge", "cb_recent"}) {
        auto found = m_store->find_callback(id);
        ASSERT_TRUE(found);
        EXPECT_TRUE(*found) << id << " stays";
    }
    auto gone = m_store->find_callback("cb_old");
    ASSERT_TRUE(gone);
    EXPECT_FALSE(*gone);

    // Its key went with it: the device's key holds nothing any more.
    auto again = m_store->add_callback(callback("cb_new", "murat", "dev_murat", kNine), "k2", "hash-new");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->outcome, CallbackAdd::added);

    auto nothing = m_store->purge_handled_callbacks(cutoff);
    ASSERT_TRUE(nothing);
    EXPECT_EQ(*nothing, 0);
}

TEST_P(CallbackStoreTest, TheSchemaRefusesWhatTheApiNeverWrites) {
    CallbackRow bad = callback("cb_1", "paris", "dev", kNine);
    EXPECT_FALSE(m_store->add_callback(bad, "k1", "h")) << "an unknown site";
    bad = callback("cb_2", "murat", "dev", kNine);
    bad.visitor_name.clear();
    EXPECT_FALSE(m_store->add_callback(bad, "k2", "h")) << "no name";
    bad.visitor_name = std::string(81, 'a');
    EXPECT_FALSE(m_store->add_callback(bad, "k3", "h")) << "a name over 80 bytes";
    bad.visitor_name.clear();
    for (int i = 0; i < 41; ++i) {
        bad.visitor_name += "é";
    }
    EXPECT_FALSE(m_store->add_callback(bad, "k3b", "h")) << "41 characters, but 82 bytes";
    bad = callback("cb_3", "murat", "dev", kNine);
    bad.phone = "12345";
    EXPECT_FALSE(m_store->add_callback(bad, "k4", "h")) << "a phone number too short";
    bad = callback("cb_4", "murat", "dev", kNine);
    bad.reason = std::string(201, 'r');
    EXPECT_FALSE(m_store->add_callback(bad, "k5", "h")) << "a reason over 200 bytes";
}

INSTANTIATE_TEST_SUITE_P(Stores, CallbackStoreTest, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
