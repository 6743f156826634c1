// The Store contract for conference rooms (migration 0009), on both stores: one open conference
// per booking whoever asks first, reads that follow the booking (its end, its holder), ending a
// conference takes its guest links, and what the schema refuses.
#include "store_fixture.hpp"

namespace telecentre::backend::test {
namespace {

using namespace std::chrono;

const wire::TimePoint kNine = sys_days{2026y / December / 1} + hours{9};

class ConferenceStoreTest : public StoreFixture {
protected:
    void SetUp() override {
        StoreFixture::SetUp();
        if (HasFatalFailure()) {
            return;
        }
        BookingRecord booking;
        booking.id = "bk_visio";
        booking.resource_id = "murat-salle-visio";
        booking.member_id = "m-elodie-vermenouze";
        booking.start = kNine;
        booking.end = kNine + hours{2};
        booking.created_at = kNine - days{1};
        auto added = m_store->add_booking(booking);
        ASSERT_TRUE(added) << added.error().message;
        ASSERT_EQ(*added, BookingOutcome::added);
    }

    static ConferenceRow conference(std::string id, std::int64_t room) {
        ConferenceRow row;
        row.id = std::move(id);
        row.booking_id = "bk_visio";
        row.room = room;
        row.room_secret = "0123456789abcdef0123456789abcdef";
        row.pin = "482913";
        row.janus_token = "fedcba9876543210fedcba9876543210";
        row.started_by = "m-elodie-vermenouze";
        row.started_at = kNine + minutes{2};
        return row;
    }

    static GuestLinkRow link(std::string hash, wire::TimePoint expires) {
        return GuestLinkRow{std::move(hash), "conf_1", kNine + minutes{3}, expires};
    }
};

TEST_P(ConferenceStoreTest, AConferenceComesBackWithItsBookingRoomAndHost) {
    auto opened = m_store->open_conference(conference("conf_1", 4503599627370496));
    ASSERT_TRUE(opened) << opened.error().message;
    EXPECT_TRUE(opened->second);
    const ConferenceRow& back = opened->first;
    EXPECT_EQ(back.id, "conf_1");
    EXPECT_EQ(back.booking_id, "bk_visio");
    EXPECT_EQ(back.room, 4503599627370496) << "room numbers up to 2^53 survive the store";
    EXPECT_EQ(back.room_secret, "0123456789abcdef0123456789abcdef");
    EXPECT_EQ(back.pin, "482913");
    EXPECT_EQ(back.janus_token, "fedcba9876543210fedcba9876543210");
    EXPECT_EQ(back.started_by, "m-elodie-vermenouze");
    EXPECT_EQ(back.started_at, kNine + minutes{2});
    EXPECT_EQ(back.ended_at, std::nullopt);
    EXPECT_EQ(back.ends_at, kNine + hours{2});
    EXPECT_TRUE(back.booking_confirmed);
    EXPECT_EQ(back.member_id, "m-elodie-vermenouze");
    EXPECT_EQ(back.host_name, "Élodie V.");
    EXPECT_EQ(back.resource_id, "murat-salle-visio");
    EXPECT_EQ(back.resource_name, "Salle de visioconférence");
    EXPECT_EQ(back.site_id, "murat");
    EXPECT_EQ(back.site_name, "La Cocotte numérique");

    auto found = m_store->find_conference("conf_1");
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(*found);
    EXPECT_EQ((*found)->pin, "482913");
    auto unknown = m_store->find_conference("conf_nope");
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(*unknown);
}

TEST_P(ConferenceStoreTest, ABookingHasOneOpenConferenceWhoeverOpensItFirst) {
    ASSERT_TRUE(m_store->open_conference(conference("conf_1", 1001)));
    // A second terminal tap, or a retry: the answer is the conference already open.
    auto second = m_store->open_conference(conference("conf_2", 1002));
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_FALSE(second->second);
    EXPECT_EQ(second->first.id, "conf_1");
    EXPECT_EQ(second->first.room, 1001);

    // Once ended, the booking may have a new one (the room was destroyed early, say).
    ASSERT_TRUE(m_store->end_conference("conf_1", kNine + minutes{30}));
    auto third = m_store->open_conference(conference("conf_3", 1003));
    ASSERT_TRUE(third) << third.error().message;
    EXPECT_TRUE(third->second);
    EXPECT_EQ(third->first.id, "conf_3");

    auto open = m_store->open_conferences();
    ASSERT_TRUE(open) << open.error().message;
    ASSERT_EQ(open->size(), 1u);
    EXPECT_EQ((*open)[0].id, "conf_3");
}

TEST_P(ConferenceStoreTest, ReadsFollowTheBookingAsItIsNow) {
    ASSERT_TRUE(m_store->open_conference(conference("conf_1", 1001)));
    // Extended by half an hour (as "extend" does through the booking).
    auto transaction = m_store->begin();
    ASSERT_TRUE(transaction) << transaction.error().message;
    auto moved = (*transaction)->move_booking("bk_visio", kNine, kNine + hours{2} + minutes{30});
    ASSERT_TRUE(moved) << moved.error().message;
    ASSERT_EQ(*moved, BookingOutcome::added);
    ASSERT_TRUE((*transaction)->commit());
    transaction->reset();

    auto found = m_store->find_conference("conf_1");
    ASSERT_TRUE(found && *found);
    EXPECT_EQ((*found)->ends_at, kNine + hours{2} + minutes{30});
    EXPECT_TRUE((*found)->booking_confirmed);
}

TEST_P(ConferenceStoreTest, EndingAConferenceKeepsItsFirstEndAndItsLinksUntilPurged) {
    ASSERT_TRUE(m_store->open_conference(conference("conf_1", 1001)));
    const std::string hash(64, 'a');
    ASSERT_TRUE(m_store->add_guest_link(link(hash, kNine + hours{3})));
    auto found = m_store->find_guest_link(hash);
    ASSERT_TRUE(found) << found.error().message;
    ASSERT_TRUE(*found);
    EXPECT_EQ((*found)->first.conference_id, "conf_1");
    EXPECT_EQ((*found)->first.created_at, kNine + minutes{3});
    EXPECT_EQ((*found)->first.expires_at, kNine + hours{3});
    EXPECT_EQ((*found)->second.room, 1001);
    EXPECT_EQ((*found)->second.pin, "482913");
    auto unknown = m_store->find_guest_link(std::string(64, 'b'));
    ASSERT_TRUE(unknown);
    EXPECT_FALSE(*unknown);

    ASSERT_TRUE(m_store->end_conference("conf_1", kNine + hours{2} + minutes{10}));
    ASSERT_TRUE(m_store->end_conference("conf_1", kNine + hours{5})) << "ending twice is not an error";
    auto ended = m_store->find_conference("conf_1");
    ASSERT_TRUE(ended && *ended);
    EXPECT_EQ((*ended)->ended_at, kNine + hours{2} + minutes{10});
    auto still = m_store->find_guest_link(hash);
    ASSERT_TRUE(still) << still.error().message;
    ASSERT_TRUE(*still) << "an ended conference's link is still found (the page says it ended)";
    EXPECT_EQ((*still)->second.ended_at, kNine + hours{2} + minutes{10});
    auto open = m_store->open_conferences();
    ASSERT_TRUE(open);
    EXPECT_TRUE(open->empty());

    const std::string later(64, 'd');
    ASSERT_TRUE(m_store->add_guest_link(link(later, kNine + hours{4})));
    auto purged = m_store->purge_guest_links(kNine + hours{3} + minutes{1});
    ASSERT_TRUE(purged) << purged.error().message;
    EXPECT_EQ(*purged, 1);
    auto gone = m_store->find_guest_link(hash);
    ASSERT_TRUE(gone);
    EXPECT_FALSE(*gone);
    auto kept = m_store->find_guest_link(later);
    ASSERT_TRUE(kept);
    EXPECT_TRUE(*kept) << "a link not yet expired that long stays";
}

TEST_P(ConferenceStoreTest, TheSchemaRefusesWhatTheServiceNeverWrites) {
    auto unknown_booking = conference("conf_1", 1001);
    unknown_booking.booking_id = "bk_nope";
    EXPECT_FALSE(m_store->open_conference(unknown_booking));
    auto short_secret = conference("conf_2", 1002);
    short_secret.room_secret = "short";
    EXPECT_FALSE(m_store->open_conference(short_secret));
    auto beyond_javascript = conference("conf_3", std::int64_t{1} << 53);
    EXPECT_FALSE(m_store->open_conference(beyond_javascript));

    ASSERT_TRUE(m_store->open_conference(conference("conf_4", 1004)));
    auto same_room = conference("conf_5", 1004);
    same_room.booking_id = "bk_visio";
    ASSERT_TRUE(m_store->end_conference("conf_4", kNine + hours{1}));
    EXPECT_FALSE(m_store->open_conference(same_room)) << "a Janus room number is never given twice";
    EXPECT_FALSE(m_store->add_guest_link(GuestLinkRow{"short", "conf_4", kNine, kNine + hours{1}}));
    EXPECT_FALSE(m_store->add_guest_link(GuestLinkRow{std::string(64, 'c'), "conf_nope", kNine, kNine + hours{1}}));
}

INSTANTIATE_TEST_SUITE_P(Stores, ConferenceStoreTest, kBothStores, store_name);

} // namespace
} // namespace telecentre::backend::test
