// The booking engine with a fake store, a fake backend and a fake clock: online answers, the
// journal while offline, its replay in order and exactly once, the lost race, news told once,
// the offline rule checks and the stale schedule with the kiosk's pending bookings on it.

#include "booking_fakes.hpp"
#include "telecentre/core/booking_commands.hpp"
#include "telecentre/core/booking_engine.hpp"

#include <gtest/gtest.h>

using namespace telecentre;
using namespace telecentre::core;
using namespace std::chrono_literals;
using telecentre::testing::FakeBookingBackend;
using telecentre::testing::FakeBookingStore;
using telecentre::testing::paris;

namespace {

constexpr const char* kElodie = "04A1B2C3D4E5F6";
constexpr const char* kMarion = "043A7F129C4480";
constexpr const char* kOffice1 = "murat-bureau-1";
constexpr const char* kOffice2 = "murat-bureau-2";

// Monday 23 November 2026, 09:10 in Paris; bookings go on the Tuesday.
const std::chrono::local_days kMonday{std::chrono::year{2026} / 11 / 23};
const std::chrono::local_days kTuesday = kMonday + std::chrono::days{1};
const wire::Date kTuesdayDate{kTuesday.time_since_epoch()};

struct BookingEngineTest : ::testing::Test {
    FakeClock clock{TimePoint{paris(kMonday, 9, 10)}};
    FakeBookingStore store;
    FakeBookingBackend backend;
    std::vector<std::pair<Connection, int>> statuses;
    int key_counter = 0;
    BookingEngine engine{store,
                         backend,
                         clock,
                         [this] { return "key-" + std::to_string(++key_counter); },
                         BookingEngineTiming{},
                         {[this](Connection connection, int pending) { statuses.emplace_back(connection, pending); }}};

    static wire::BookingRequest request(const std::string& badge, const std::string& resource, int hour, int minute = 0,
                                        std::chrono::minutes length = 60min) {
        const auto start = paris(kTuesday, hour, minute);
        return {badge, resource, start, start + length};
    }

    AvailabilityResult tuesday() { return engine.fetch_availability({"murat", kTuesdayDate, 1, std::nullopt}); }

    // The link goes down and the engine has noticed it (its retry time has not come).
    void go_offline() {
        backend.mode = FakeBookingBackend::Mode::down;
        engine.pump();
        (void)tuesday();
        ASSERT_EQ(engine.connection(), Connection::offline);
    }

    // The link is back and the retry time has come, whatever it was.
    void come_back() {
        backend.mode = FakeBookingBackend::Mode::up;
        clock.advance(BookingEngineTiming{}.retry_max);
    }
};

} // namespace

TEST_F(BookingEngineTest, OnlineBookingIsJournaledFirstThenConfirmed) {
    std::size_t journaled_when_sent = 0;
    backend.on_book = [&](const std::string&) { journaled_when_sent = store.journal.size(); };
    const auto result = engine.book(request(kElodie, kOffice1, 10));
    ASSERT_EQ(result.outcome, WriteOutcome::confirmed);
    ASSERT_TRUE(result.booking);
    EXPECT_EQ(result.booking->resource_name, "Bureau 1");
    EXPECT_EQ(journaled_when_sent, 1u) << "the entry is on disk before the request leaves";
    ASSERT_EQ(store.journal.size(), 1u);
    EXPECT_EQ(store.journal[0].state, BookingState::confirmed);
    EXPECT_EQ(store.journal[0].told, Told::yes) << "the member saw the answer on the screen";
    EXPECT_TRUE(engine.news_for(kElodie).empty());
    EXPECT_EQ(engine.connection(), Connection::online);
    ASSERT_FALSE(statuses.empty());
    EXPECT_EQ(statuses.back(), std::pair(Connection::online, 0));
}

TEST_F(BookingEngineTest, OnlineRefusalKeepsTheBackendsReasonAndSuggestion) {
    backend.book_elsewhere(kMarion, kOffice1, paris(kTuesday, 10), paris(kTuesday, 11));
    const auto result = engine.book(request(kElodie, kOffice1, 10));
    ASSERT_EQ(result.outcome, WriteOutcome::refused);
    EXPECT_FALSE(result.decided_offline);
    ASSERT_TRUE(result.refusal && result.refusal->suggestion);
    EXPECT_EQ(result.refusal->reason, wire::BookingRefusal::slot_taken);
    EXPECT_EQ(result.refusal->suggestion->start, paris(kTuesday, 11));
    EXPECT_TRUE(engine.news_for(kElodie).empty()) << "already shown";
}

TEST_F(BookingEngineTest, OfflineBookingIsJournaledBeforeTheMemberSeesPending) {
    (void)tuesday(); // cached while online
    backend.mode = FakeBookingBackend::Mode::down;
    std::size_t journaled_when_tried = 0;
    backend.on_book = [&](const std::string&) { journaled_when_tried = store.journal.size(); };
    const auto result = engine.book(request(kElodie, kOffice1, 10));
    ASSERT_EQ(result.outcome, WriteOutcome::pending);
    EXPECT_EQ(journaled_when_tried, 1u);
    ASSERT_EQ(store.journal.size(), 1u);
    EXPECT_EQ(result.journaled, store.journal[0].sequence);
    EXPECT_EQ(store.journal[0].state, BookingState::pending);
    EXPECT_EQ(store.journal[0].resource_name, "Bureau 1") << "named from the cached schedule";
    EXPECT_EQ(store.journal[0].attempts, 1);
    EXPECT_EQ(statuses.back(), std::pair(Connection::offline, 1));

    // Known to be offline: the next booking is journaled without keeping the member waiting.
    const int calls = backend.calls;
    const auto second = engine.book(request(kMarion, kOffice2, 14));
    EXPECT_EQ(second.outcome, WriteOutcome::pending);
    EXPECT_EQ(backend.calls, calls);
    EXPECT_EQ(store.pending_count(), 2);
}

TEST_F(BookingEngineTest, PumpSettlesInOrderExactlyOnce) {
    go_offline();
    const std::vector<wire::BookingRequest> made{request(kElodie, kOffice1, 10), request(kMarion, kOffice2, 10),
                                                 request(kElodie, kOffice2, 15)};
    for (const auto& booking : made) {
        ASSERT_EQ(engine.book(booking).outcome, WriteOutcome::pending);
    }
    engine.pump(); // before the retry time: nothing is tried
    EXPECT_TRUE(backend.applied_keys.empty());

    come_back();
    engine.pump();
    EXPECT_EQ(backend.applied_keys, (std::vector<std::string>{"key-1", "key-2", "key-3"}));
    EXPECT_EQ(store.pending_count(), 0);
    for (std::size_t i = 0; i < made.size(); ++i) {
        EXPECT_EQ(store.journal[i].state, BookingState::confirmed);
        EXPECT_EQ(store.journal[i].told, Told::no);
        EXPECT_EQ(store.journal[i].booking->start, made[i].start);
    }
    const auto calls = backend.calls;
    engine.pump();
    EXPECT_EQ(backend.calls, calls) << "nothing left to send";
    EXPECT_EQ(backend.bookings.size(), 3u);
    EXPECT_EQ(statuses.back(), std::pair(Connection::online, 0));
}

TEST_F(BookingEngineTest, ALostAnswerIsReplayedWithTheSameKeyAndCountsOnce) {
    backend.mode = FakeBookingBackend::Mode::answer_lost;
    const auto result = engine.book(request(kElodie, kOffice1, 10));
    EXPECT_EQ(result.outcome, WriteOutcome::pending) << "applied or not, the kiosk cannot know";
    EXPECT_EQ(backend.applied_keys.size(), 1u);

    come_back();
    engine.pump();
    EXPECT_EQ(backend.applied_keys.size(), 1u) << "the replay is recognised by its key";
    EXPECT_EQ(backend.bookings.size(), 1u);
    EXPECT_EQ(store.journal[0].state, BookingState::confirmed);
    const auto news = engine.news_for(kElodie);
    ASSERT_EQ(news.size(), 1u);
    EXPECT_EQ(news[0].state, BookingState::confirmed);
}

TEST_F(BookingEngineTest, TheLostRaceBecomesNewsWithTheSuggestionToldOnce) {
    (void)tuesday(); // the schedule (and the office's name) cached while online
    go_offline();
    ASSERT_EQ(engine.book(request(kElodie, kOffice1, 10)).outcome, WriteOutcome::pending);
    backend.book_elsewhere(kMarion, kOffice1, paris(kTuesday, 10), paris(kTuesday, 11));

    come_back();
    engine.pump();
    ASSERT_EQ(store.journal[0].state, BookingState::refused);
    EXPECT_TRUE(engine.news_for(kMarion).empty()) << "news is only for the member who booked";
    const auto news = engine.news_for(kElodie);
    ASSERT_EQ(news.size(), 1u);
    EXPECT_EQ(news[0].state, BookingState::refused);
    EXPECT_EQ(news[0].resource_name, "Bureau 1");
    EXPECT_EQ(news[0].request.start, paris(kTuesday, 10));
    ASSERT_TRUE(news[0].refusal && news[0].refusal->suggestion);
    EXPECT_EQ(news[0].refusal->reason, wire::BookingRefusal::slot_taken);
    EXPECT_EQ(news[0].refusal->suggestion->start, paris(kTuesday, 11));
    EXPECT_TRUE(engine.news_for(kElodie).empty()) << "told once";
}

TEST_F(BookingEngineTest, AnUnexpectedRefusalIsSetAsideWithoutBlockingTheRest) {
    go_offline();
    ASSERT_EQ(engine.book(request(kElodie, kOffice1, 10)).outcome, WriteOutcome::pending);
    ASSERT_EQ(engine.book(request(kElodie, kOffice2, 10)).outcome, WriteOutcome::pending);
    come_back();
    backend.mode = FakeBookingBackend::Mode::rejects_everything;
    engine.pump();
    EXPECT_EQ(store.pending_count(), 0);
    EXPECT_EQ(store.journal[0].state, BookingState::failed);
    EXPECT_EQ(store.journal[1].state, BookingState::failed);
    EXPECT_NE(store.journal[0].failure.find("invalid_request"), std::string::npos);
    EXPECT_EQ(engine.news_for(kElodie).size(), 2u) << "the member hears it could not be kept";
}

TEST_F(BookingEngineTest, RetriesBackOffExponentiallyUpToTheLimit) {
    go_offline(); // the availability failed: retry in 1 s, then 2 s...
    ASSERT_EQ(engine.book(request(kElodie, kOffice1, 10)).outcome, WriteOutcome::pending);
    std::vector<std::chrono::milliseconds> waits;
    for (int attempt = 0; attempt < 8; ++attempt) {
        const auto wait = engine.next_wakeup() - clock.now();
        waits.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(wait));
        clock.advance(wait - 1ms);
        const int calls = backend.calls;
        engine.pump();
        EXPECT_EQ(backend.calls, calls) << "nothing is tried before the retry time";
        clock.advance(1ms);
        engine.pump();
        EXPECT_EQ(backend.calls, calls + 1);
    }
    EXPECT_EQ(waits, (std::vector<std::chrono::milliseconds>{1s, 2s, 4s, 8s, 16s, 30s, 30s, 30s}));
    come_back();
    engine.pump();
    EXPECT_EQ(store.pending_count(), 0);
    EXPECT_GE(store.journal[0].attempts, 8);
    EXPECT_GT(engine.next_wakeup() - clock.now(), 30min) << "idle: only the hourly purge";
}

TEST_F(BookingEngineTest, RetryNowSkipsTheBackOffWhenTheLinkIsSeenBack) {
    go_offline();
    ASSERT_EQ(engine.book(request(kElodie, kOffice1, 10)).outcome, WriteOutcome::pending);
    backend.mode = FakeBookingBackend::Mode::up;
    engine.pump();
    EXPECT_EQ(store.pending_count(), 1) << "still inside the back-off";
    engine.retry_now();
    EXPECT_EQ(engine.next_wakeup(), clock.now());
    engine.pump();
    EXPECT_EQ(store.pending_count(), 0);
}

TEST_F(BookingEngineTest, OfflineTheCachedRulesRefuseWhatCannotBeHad) {
    backend.book_elsewhere(kMarion, kOffice2, paris(kTuesday, 14), paris(kTuesday, 16));
    (void)tuesday();
    go_offline();
    ASSERT_EQ(engine.book(request(kElodie, kOffice1, 10)).outcome, WriteOutcome::pending);

    const std::vector<std::pair<wire::BookingRequest, wire::BookingRefusal>> impossible{
        {request(kElodie, kOffice1, 7), wire::BookingRefusal::outside_opening_hours},
        {request(kElodie, kOffice1, 18), wire::BookingRefusal::outside_opening_hours},
        {request(kElodie, kOffice1, 9, 0, 300min), wire::BookingRefusal::too_long},
        {request(kElodie, kOffice1, 12, 15), wire::BookingRefusal::off_grid},
        {request(kElodie, kOffice1, 11, 0, 0min), wire::BookingRefusal::invalid_time_range},
        {request(kElodie, kOffice2, 15), wire::BookingRefusal::slot_taken},
        {request(kMarion, kOffice1, 10, 30), wire::BookingRefusal::slot_taken}, // this kiosk's pending one
    };
    for (const auto& [booking, reason] : impossible) {
        const auto result = engine.book(booking);
        ASSERT_EQ(result.outcome, WriteOutcome::refused) << wire::to_string(reason);
        EXPECT_TRUE(result.decided_offline);
        EXPECT_EQ(result.refusal->reason, reason);
    }
    EXPECT_EQ(store.journal.size(), 1u) << "nothing impossible was journaled";

    // Later, a slot already past is refused as well (the link being found down again on the way).
    clock.set(TimePoint{paris(kTuesday, 12, 10)});
    const auto past = engine.book(request(kElodie, kOffice1, 11));
    EXPECT_EQ(past.outcome, WriteOutcome::refused);
    EXPECT_EQ(past.refusal->reason, wire::BookingRefusal::in_the_past);
    // A free slot within the rules is journaled.
    EXPECT_EQ(engine.book(request(kElodie, kOffice1, 16)).outcome, WriteOutcome::pending);
}

TEST_F(BookingEngineTest, OfflineAvailabilityIsTheCachedCopyMarkedStaleWithPendingBookingsOnIt) {
    backend.book_elsewhere(kMarion, kOffice2, paris(kTuesday, 14), paris(kTuesday, 16));
    const auto live = tuesday();
    ASSERT_TRUE(live.availability);
    EXPECT_EQ(live.freshness, Freshness::live);
    const auto fetched_at = clock.now();

    clock.advance(10min);
    go_offline();
    ASSERT_EQ(engine.book(request(kElodie, kOffice1, 10)).outcome, WriteOutcome::pending);
    clock.advance(5min);
    const auto stale = tuesday();
    ASSERT_TRUE(stale.availability);
    EXPECT_EQ(stale.freshness, Freshness::stale);
    EXPECT_EQ(stale.fetched_at, fetched_at);
    ASSERT_EQ(stale.pending.size(), 1u);
    EXPECT_EQ(stale.pending[0].resource_id, kOffice1);
    EXPECT_EQ(stale.pending[0].start, paris(kTuesday, 10));
    const auto& office1 = stale.availability->resources[0];
    ASSERT_EQ(office1.id, kOffice1);
    ASSERT_EQ(office1.busy.size(), 1u);
    EXPECT_TRUE(office1.busy[0].booking_id.empty()) << "pending: no booking id yet";
    EXPECT_EQ(stale.availability->resources[1].busy.size(), 1u) << "the cached booking is still there";

    // A day inside a cached week is cut out of it; a day never fetched has no schedule.
    store.copies.clear();
    come_back();
    ASSERT_TRUE(
        engine.fetch_availability({"murat", wire::Date{kMonday.time_since_epoch()}, 7, std::nullopt}).availability);
    go_offline();
    const auto day = tuesday();
    ASSERT_TRUE(day.availability);
    EXPECT_EQ(day.availability->days, 1);
    EXPECT_EQ(day.availability->open.size(), 1u);
    const auto unknown = engine.fetch_availability({"murat", kTuesdayDate + std::chrono::days{30}, 1, std::nullopt});
    EXPECT_FALSE(unknown.availability);
    EXPECT_EQ(unknown.freshness, Freshness::stale);
    ASSERT_TRUE(unknown.failure);
}

TEST_F(BookingEngineTest, CancelAndMoveNeedTheConnection) {
    const auto booked = engine.book(request(kElodie, kOffice1, 10));
    ASSERT_EQ(booked.outcome, WriteOutcome::confirmed);
    go_offline();
    const auto cancel = engine.cancel(booked.booking->id, {kElodie});
    EXPECT_EQ(cancel.outcome, WriteOutcome::needs_connection);
    const auto change = engine.change(booked.booking->id, {kElodie, paris(kTuesday, 11), paris(kTuesday, 12)});
    EXPECT_EQ(change.outcome, WriteOutcome::needs_connection);
    EXPECT_EQ(store.journal.size(), 1u) << "cancels and moves are not journaled";

    come_back();
    const auto online = engine.cancel(booked.booking->id, {kElodie});
    ASSERT_EQ(online.outcome, WriteOutcome::confirmed);
    EXPECT_EQ(online.booking->status, wire::BookingStatus::cancelled);
}

TEST_F(BookingEngineTest, TheDoorCheckInIsForTheHolderAndNeedsTheConnection) {
    const auto booked = engine.book(request(kElodie, kOffice1, 10));
    ASSERT_EQ(booked.outcome, WriteOutcome::confirmed);
    const auto stranger = engine.check_in(booked.booking->id, {kMarion});
    ASSERT_EQ(stranger.outcome, WriteOutcome::refused);
    EXPECT_EQ(stranger.refusal->reason, wire::BookingRefusal::not_your_booking);

    go_offline();
    const auto offline = engine.check_in(booked.booking->id, {kElodie});
    EXPECT_EQ(offline.outcome, WriteOutcome::needs_connection);
    EXPECT_EQ(store.journal.size(), 1u) << "check-ins are not journaled";

    come_back();
    const auto here = engine.check_in(booked.booking->id, {kElodie});
    ASSERT_EQ(here.outcome, WriteOutcome::confirmed);
    EXPECT_TRUE(here.booking->checked_in_at);
}

TEST_F(BookingEngineTest, MemberBookingsMergeTheKiosksPendingOnesAndGoStaleOffline) {
    (void)tuesday();
    ASSERT_EQ(engine.book(request(kElodie, kOffice1, 10)).outcome, WriteOutcome::confirmed);
    const auto live = engine.member_bookings(kElodie);
    EXPECT_EQ(live.freshness, Freshness::live);
    ASSERT_TRUE(live.bookings);
    EXPECT_EQ(live.bookings->bookings.size(), 1u);
    EXPECT_TRUE(live.pending.empty());

    go_offline();
    ASSERT_EQ(engine.book(request(kElodie, kOffice2, 15)).outcome, WriteOutcome::pending);
    const auto stale = engine.member_bookings(kElodie);
    EXPECT_EQ(stale.freshness, Freshness::stale);
    ASSERT_TRUE(stale.bookings);
    EXPECT_EQ(stale.bookings->member.first_name, "Élodie");
    EXPECT_EQ(stale.bookings->bookings.size(), 1u);
    ASSERT_EQ(stale.pending.size(), 1u);
    EXPECT_EQ(stale.pending[0].resource_name, "Bureau 2");
    EXPECT_TRUE(stale.pending[0].id.empty());

    // Online again but the journal not yet replayed: the pending one is listed apart.
    come_back();
    backend.book_elsewhere(kElodie, kOffice1, paris(kTuesday, 17), paris(kTuesday, 18));
    const auto merged = engine.member_bookings(kElodie);
    EXPECT_EQ(merged.freshness, Freshness::live);
    EXPECT_EQ(merged.bookings->bookings.size(), 2u);
    EXPECT_EQ(merged.pending.size(), 1u);
}

TEST_F(BookingEngineTest, AFullDiskStillBooksOnlineAndFailsOffline) {
    store.full_disk = true;
    const auto online = engine.book(request(kElodie, kOffice1, 10));
    EXPECT_EQ(online.outcome, WriteOutcome::confirmed);
    backend.mode = FakeBookingBackend::Mode::down;
    const auto offline = engine.book(request(kElodie, kOffice1, 14));
    EXPECT_EQ(offline.outcome, WriteOutcome::failed);
    ASSERT_TRUE(offline.failure);
    EXPECT_EQ(offline.failure->code, "storage");
}

TEST_F(BookingEngineTest, CommandsComeBackWithTheirRequestId) {
    const auto reply = run_command(engine, BookCommand{42, request(kElodie, kOffice1, 10)});
    const auto* written = std::get_if<WriteReply>(&reply);
    ASSERT_TRUE(written);
    EXPECT_EQ(written->request_id, 42u);
    EXPECT_EQ(written->result.outcome, WriteOutcome::confirmed);
    const auto news = run_command(engine, NewsCommand{43, kElodie});
    ASSERT_TRUE(std::holds_alternative<NewsReply>(news));
    EXPECT_EQ(std::get<NewsReply>(news).request_id, 43u);
}
