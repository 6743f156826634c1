// The booking flow and the door panel, driven by events with a fake clock: what each step shows,
// which requests go out (with their UTC times), answers matched to requests, and timeouts.

#include "telecentre/core/booking_controller.hpp"

#include <gtest/gtest.h>

using namespace telecentre;
using namespace telecentre::core;
using namespace std::chrono;
using namespace std::chrono_literals;

namespace {

constexpr year_month_day kMonday = 2026y / November / 23d; // Paris is UTC+1

wire::TimePoint paris(int hour, int minute = 0, int day_offset = 0) {
    return wire::from_paris(local_days{kMonday} + days{day_offset} + hours{hour} + minutes{minute});
}

wire::Availability offices(int days_count = 1) {
    wire::Availability availability;
    availability.site_id = "murat";
    availability.from = sys_days{kMonday};
    availability.days = days_count;
    availability.rules.slot_minutes = 30;
    availability.rules.kinds = {{wire::ResourceKind::office, 600, false}};
    for (int i = 0; i < days_count; ++i) {
        availability.open.push_back({paris(8, 30, i), paris(12, 30, i)});
        availability.open.push_back({paris(13, 30, i), paris(18, 0, i)});
    }
    wire::ResourceAvailability office;
    office.id = "murat-bureau-1";
    office.name = "Bureau 1";
    office.kind = wire::ResourceKind::office;
    wire::BusyInterval busy;
    busy.start = paris(10);
    busy.end = paris(11, 30);
    busy.booking_id = "b1";
    busy.holder = "Élodie V.";
    office.busy = {busy};
    availability.resources = {office};
    return availability;
}

template <class T> const T* as(const BookingCommand& command) { return std::get_if<T>(&command); }

struct BookingFlowTest : ::testing::Test {
    KioskModel model;
    FakeClock clock{time_point_cast<milliseconds>(paris(9, 41))};
    BookingController booking{model, BookingTiming{}, Language::fr};

    void SetUp() override {
        model.site_id = "murat";
        model.now = clock.now();
    }
    TimePoint now() const { return clock.now(); }
    void advance(milliseconds step) {
        clock.advance(step);
        model.now = clock.now();
        booking.on_tick(clock.now());
    }
    std::vector<BookingCommand> commands() { return booking.take_commands(); }

    // Home -> Book -> Office, with the availability answered.
    void open_offices(AvailabilityOrigin origin = AvailabilityOrigin::live) {
        booking.open(now());
        booking.pick_kind(wire::ResourceKind::office, now());
        const auto sent = commands();
        ASSERT_EQ(sent.size(), 1U);
        const auto* fetch = as<FetchAvailability>(sent[0]);
        ASSERT_NE(fetch, nullptr);
        booking.on_availability(fetch->request_id, offices(), origin, std::nullopt, now());
    }

    // ... then 11:30 on office 1 for an hour, confirmed with a badge; returns the submit.
    SubmitBooking book_until_half_past_twelve() {
        open_offices();
        booking.pick_slot("murat-bureau-1", paris(11, 30), now());
        booking.step_length(+1, now());
        booking.confirm(now());
        booking.on_badge("04A1B2C3D4E5F6", now());
        const auto sent = commands();
        EXPECT_EQ(sent.size(), 1U);
        const auto* submit = sent.empty() ? nullptr : as<SubmitBooking>(sent[0]);
        return submit ? *submit : SubmitBooking{};
    }
};

} // namespace

TEST_F(BookingFlowTest, BookOpensOnTheKindsAndPickingOneFetchesToday) {
    booking.open(now());
    EXPECT_EQ(model.screen, Screen::booking);
    EXPECT_EQ(model.booking.step, BookingStep::kinds);
    booking.pick_kind(wire::ResourceKind::office, now());
    EXPECT_EQ(model.booking.step, BookingStep::grid);
    EXPECT_TRUE(model.booking.loading);
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* fetch = as<FetchAvailability>(sent[0]);
    ASSERT_NE(fetch, nullptr);
    EXPECT_EQ(fetch->site_id, "murat");
    EXPECT_EQ(fetch->from, sys_days{kMonday});
    EXPECT_EQ(fetch->days, 1);
    EXPECT_EQ(fetch->kind, wire::ResourceKind::office);

    booking.on_availability(fetch->request_id, offices(), AvailabilityOrigin::cache,
                            time_point_cast<milliseconds>(paris(9, 12)), now());
    EXPECT_FALSE(model.booking.loading);
    ASSERT_TRUE(model.booking.availability);
    EXPECT_EQ(model.booking.availability->origin, AvailabilityOrigin::cache);
    EXPECT_EQ(model.booking.availability->offline_since, time_point_cast<milliseconds>(paris(9, 12)));
}

TEST_F(BookingFlowTest, FullBookingSendsTheRequestInUtcAndShowsTheConfirmation) {
    const SubmitBooking submit = book_until_half_past_twelve();
    EXPECT_EQ(submit.request.badge_uid, "04A1B2C3D4E5F6");
    EXPECT_EQ(submit.request.resource_id, "murat-bureau-1");
    EXPECT_EQ(submit.request.start, sys_days{kMonday} + 10h + 30min); // 11:30 Paris
    EXPECT_EQ(submit.request.end, sys_days{kMonday} + 11h + 30min);
    EXPECT_EQ(model.booking.step, BookingStep::waiting);
    EXPECT_FALSE(booking.wants_badge());

    wire::Booking made;
    made.id = "bk-42";
    made.resource_name = "Bureau 1";
    made.start = submit.request.start;
    made.end = submit.request.end;
    booking.on_booking_answer(submit.request_id, made, now());
    EXPECT_EQ(model.booking.step, BookingStep::result);
    ASSERT_TRUE(model.booking.outcome);
    EXPECT_EQ(model.booking.outcome->kind, OutcomeKind::confirmed);
    EXPECT_EQ(model.booking.outcome->booking->id, "bk-42");
}

TEST_F(BookingFlowTest, LengthStaysWithinTheSlotAndWhatIsFree) {
    open_offices();
    booking.pick_slot("murat-bureau-1", paris(11, 30), now());
    ASSERT_EQ(model.booking.step, BookingStep::length);
    ASSERT_TRUE(model.booking.selection);
    EXPECT_EQ(model.booking.selection->length, 30min);
    EXPECT_EQ(model.booking.selection->longest.length, 60min);
    booking.step_length(-1, now());
    EXPECT_EQ(model.booking.selection->length, 30min) << "never below one slot";
    booking.step_length(+1, now());
    booking.step_length(+1, now());
    EXPECT_EQ(model.booking.selection->length, 60min) << "never past the lunch break";
    booking.pick_length(LengthPreset::two_hours, now());
    EXPECT_EQ(model.booking.selection->length, 60min) << "a preset that does not fit is ignored";
    booking.pick_length(LengthPreset::half_hour, now());
    EXPECT_EQ(model.booking.selection->length, 30min);
    booking.pick_length(LengthPreset::until_closing, now());
    EXPECT_EQ(model.booking.selection->length, 60min);
}

TEST_F(BookingFlowTest, TakenOrPastSlotsCannotBePicked) {
    open_offices();
    booking.pick_slot("murat-bureau-1", paris(10), now());
    EXPECT_EQ(model.booking.step, BookingStep::grid);
    booking.pick_slot("murat-bureau-1", paris(9), now());
    EXPECT_EQ(model.booking.step, BookingStep::grid);
    booking.pick_slot("nowhere", paris(14), now());
    EXPECT_EQ(model.booking.step, BookingStep::grid);
    booking.pick_slot("murat-bureau-1", paris(9, 30), now());
    EXPECT_EQ(model.booking.step, BookingStep::length) << "the current slot is still bookable";
}

TEST_F(BookingFlowTest, RefusedSlotTakenOffersTheSuggestionWithTheSameBadge) {
    const SubmitBooking first = book_until_half_past_twelve();
    wire::BookingError error;
    error.reason = wire::BookingRefusal::slot_taken;
    error.suggestion = wire::SlotSuggestion{"murat-bureau-1", paris(14), paris(15), ""};
    booking.on_booking_answer(first.request_id, error, now());
    ASSERT_EQ(model.booking.outcome->kind, OutcomeKind::refused);

    booking.take_suggestion(now());
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* again = as<SubmitBooking>(sent[0]);
    ASSERT_NE(again, nullptr);
    EXPECT_EQ(again->request.badge_uid, "04A1B2C3D4E5F6");
    EXPECT_EQ(again->request.start, paris(14));
    EXPECT_EQ(again->request.end, paris(15));
    EXPECT_NE(again->request_id, first.request_id);
    EXPECT_EQ(model.booking.step, BookingStep::waiting);

    // The first request's answer arriving late changes nothing.
    booking.on_booking_answer(first.request_id, wire::Booking{}, now());
    EXPECT_EQ(model.booking.step, BookingStep::waiting);
    booking.on_booking_answer(again->request_id, JournaledOffline{}, now());
    EXPECT_EQ(model.booking.outcome->kind, OutcomeKind::pending);
    ASSERT_TRUE(model.booking.outcome->asked);
    EXPECT_EQ(model.booking.outcome->asked->start, paris(14));
}

TEST_F(BookingFlowTest, BackFromARefusalShowsTheGridAfresh) {
    const SubmitBooking first = book_until_half_past_twelve();
    wire::BookingError error;
    error.reason = wire::BookingRefusal::slot_taken;
    booking.on_booking_answer(first.request_id, error, now());
    booking.back(now());
    EXPECT_EQ(model.booking.step, BookingStep::grid);
    EXPECT_TRUE(model.booking.badge_uid.empty()) << "the badge is forgotten";
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    EXPECT_NE(as<FetchAvailability>(sent[0]), nullptr);
}

TEST_F(BookingFlowTest, BackWalksTheStepsInReverse) {
    open_offices();
    booking.pick_slot("murat-bureau-1", paris(14), now());
    booking.confirm(now());
    EXPECT_EQ(model.booking.step, BookingStep::badge);
    booking.back(now());
    EXPECT_EQ(model.booking.step, BookingStep::length);
    booking.back(now());
    EXPECT_EQ(model.booking.step, BookingStep::grid);
    booking.back(now());
    EXPECT_EQ(model.booking.step, BookingStep::kinds);
    booking.back(now());
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(BookingFlowTest, WeekFetchesSevenDaysAndADayOfItNeedsNoFetch) {
    open_offices();
    booking.show_week(now());
    auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* fetch = as<FetchAvailability>(sent[0]);
    ASSERT_NE(fetch, nullptr);
    EXPECT_EQ(fetch->days, 7);
    EXPECT_EQ(fetch->from, sys_days{kMonday});
    booking.on_availability(fetch->request_id, offices(7), AvailabilityOrigin::live, std::nullopt, now());
    EXPECT_EQ(model.booking.view, GridView::week);
    booking.show_day(local_days{kMonday} + days{3}, now());
    EXPECT_EQ(model.booking.view, GridView::day);
    EXPECT_EQ(model.booking.day, local_days{kMonday} + days{3});
    EXPECT_TRUE(commands().empty());
    booking.show_week(now());
    EXPECT_TRUE(commands().empty()) << "the week is already here";
}

TEST_F(BookingFlowTest, NoAnswerForTheAvailabilityShowsAFailureThenRetries) {
    booking.open(now());
    booking.pick_kind(wire::ResourceKind::office, now());
    (void)commands();
    advance(21s);
    EXPECT_FALSE(model.booking.loading);
    EXPECT_TRUE(model.booking.load_failed);
    booking.retry(now());
    EXPECT_TRUE(model.booking.loading);
    EXPECT_EQ(commands().size(), 1U);
}

TEST_F(BookingFlowTest, InactivityGoesHomeAndResetsTheLanguage) {
    model.language = Language::en;
    open_offices();
    advance(80s);
    EXPECT_EQ(model.screen, Screen::booking);
    booking.page_rows(3, now()); // a touch restarts the timer
    advance(80s);
    EXPECT_EQ(model.screen, Screen::booking);
    advance(11s);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_EQ(model.language, Language::fr);
    EXPECT_FALSE(model.booking.availability);
}

TEST_F(BookingFlowTest, NoAnswerToTheBookingSaysItFailed) {
    (void)book_until_half_past_twelve();
    advance(19s);
    EXPECT_EQ(model.booking.step, BookingStep::waiting);
    advance(2s);
    EXPECT_EQ(model.booking.step, BookingStep::result);
    EXPECT_EQ(model.booking.outcome->kind, OutcomeKind::failed);
    advance(21s);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_TRUE(model.booking.badge_uid.empty());
}

TEST_F(BookingFlowTest, TheBadgeStepWaitsThirtySeconds) {
    open_offices();
    booking.pick_slot("murat-bureau-1", paris(14), now());
    booking.confirm(now());
    EXPECT_TRUE(booking.wants_badge());
    EXPECT_EQ(booking.next_deadline(), now() + 30s);
    advance(31s);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_FALSE(booking.wants_badge());
}

TEST_F(BookingFlowTest, ACheckInTapElsewhereEndsTheFlow) {
    open_offices();
    booking.pick_slot("murat-bureau-1", paris(14), now());
    booking.confirm(now());
    booking.on_badge("04A1B2C3D4E5F6", now());
    model.screen = Screen::checking; // KioskController took the screen
    advance(1s);
    EXPECT_TRUE(model.booking.badge_uid.empty());
    EXPECT_EQ(model.booking.step, BookingStep::kinds);
    EXPECT_FALSE(booking.wants_badge());
}

TEST_F(BookingFlowTest, KeyboardFiltersTheResources) {
    open_offices();
    booking.open_search(now());
    EXPECT_EQ(model.booking.step, BookingStep::search);
    booking.key_shift(now());
    booking.key_accents(now());
    booking.key_character(U'é', now());
    booking.key_character(U'l', now());
    EXPECT_EQ(model.booking.search.text, "Él");
    booking.key_backspace(now());
    EXPECT_EQ(model.booking.search.text, "É");
    booking.key_done(now());
    EXPECT_EQ(model.booking.step, BookingStep::grid);
    booking.clear_search(now());
    EXPECT_EQ(model.booking.search.text, "");
}

TEST_F(BookingFlowTest, MyBookingsListsPendingOnesAndCancelsAfterConfirmation) {
    booking.open_my_bookings(now());
    EXPECT_EQ(model.booking.step, BookingStep::badge);
    EXPECT_EQ(model.booking.badge_purpose, BadgePurpose::my_bookings);
    booking.on_badge("04A1B2C3D4E5F6", now());
    auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* fetch = as<FetchMemberBookings>(sent[0]);
    ASSERT_NE(fetch, nullptr);
    EXPECT_EQ(fetch->badge_uid, "04A1B2C3D4E5F6");

    MemberBookingsFound found;
    found.bookings.member = {"m1", "Élodie", "Élodie V."};
    wire::Booking later;
    later.id = "bk-2";
    later.start = paris(14, 0, 1);
    later.end = paris(15, 0, 1);
    wire::Booking sooner = later;
    sooner.id = "bk-1";
    sooner.start = paris(14);
    sooner.end = paris(16);
    wire::Booking gone = later;
    gone.id = "bk-0";
    gone.status = wire::BookingStatus::cancelled;
    found.bookings.bookings = {later, sooner, gone};
    wire::Booking offline = later;
    offline.id = "journal-7";
    offline.start = paris(16, 0, 1);
    offline.end = paris(17, 0, 1);
    found.pending = {offline};
    booking.on_member_bookings(fetch->request_id, found, now());
    ASSERT_EQ(model.booking.step, BookingStep::my_bookings);
    const auto& entries = model.booking.member_bookings->entries;
    ASSERT_EQ(entries.size(), 3U) << "cancelled ones are not listed";
    EXPECT_EQ(entries[0].booking.id, "bk-1");
    EXPECT_EQ(entries[1].booking.id, "bk-2");
    EXPECT_EQ(entries[2].booking.id, "journal-7");
    EXPECT_TRUE(entries[2].pending);

    booking.ask_cancel(2, now());
    EXPECT_EQ(model.booking.step, BookingStep::my_bookings) << "a pending booking cannot be cancelled here";
    booking.ask_cancel(1, now());
    EXPECT_EQ(model.booking.step, BookingStep::cancel_confirm);
    booking.keep_booking(now());
    EXPECT_EQ(model.booking.step, BookingStep::my_bookings);
    EXPECT_TRUE(commands().empty());

    booking.ask_cancel(1, now());
    booking.confirm_cancel(now());
    sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* cancel = as<CancelBooking>(sent[0]);
    ASSERT_NE(cancel, nullptr);
    EXPECT_EQ(cancel->booking_id, "bk-2");
    EXPECT_EQ(cancel->cancel.badge_uid, "04A1B2C3D4E5F6");
    wire::Booking cancelled = later;
    cancelled.status = wire::BookingStatus::cancelled;
    booking.on_cancel_answer(cancel->request_id, cancelled, now());
    EXPECT_EQ(model.booking.step, BookingStep::my_bookings);
    ASSERT_EQ(model.booking.member_bookings->entries.size(), 2U);
    EXPECT_EQ(model.booking.member_bookings->notice, OutcomeKind::cancelled);
}

TEST_F(BookingFlowTest, MyBookingsOfAnUnknownBadgeIsARefusal) {
    booking.open_my_bookings(now());
    booking.on_badge("04FFEEDDCCBBAA", now());
    const auto sent = commands();
    wire::BookingError error;
    error.reason = wire::BookingRefusal::unknown_badge;
    booking.on_member_bookings(std::get<FetchMemberBookings>(sent[0]).request_id, error, now());
    EXPECT_EQ(model.booking.step, BookingStep::result);
    EXPECT_EQ(model.booking.outcome->kind, OutcomeKind::refused);
    EXPECT_EQ(model.booking.outcome->error->reason, wire::BookingRefusal::unknown_badge);
}

TEST_F(BookingFlowTest, MyBookingsFromTheKindsScreenComesBackThere) {
    booking.open(now());
    booking.open_my_bookings(now());
    EXPECT_EQ(model.booking.step, BookingStep::badge);
    booking.back(now());
    EXPECT_EQ(model.booking.step, BookingStep::kinds);
}

struct DoorPanelTest : BookingFlowTest {
    void SetUp() override {
        BookingFlowTest::SetUp();
        booking.set_room("murat-bureau-1");
        advance(0ms);
    }
    void answer_door() {
        const auto sent = commands();
        ASSERT_EQ(sent.size(), 1U);
        const auto* fetch = as<FetchAvailability>(sent[0]);
        ASSERT_NE(fetch, nullptr);
        EXPECT_EQ(fetch->days, 1);
        EXPECT_EQ(fetch->kind, std::nullopt);
        booking.on_availability(fetch->request_id, offices(), AvailabilityOrigin::live, std::nullopt, now());
    }
};

TEST_F(DoorPanelTest, FetchesTodayAndRefreshesEveryFiveMinutes) {
    EXPECT_EQ(model.role, KioskRole::room);
    answer_door();
    ASSERT_TRUE(model.booking.door.today);
    advance(4min);
    EXPECT_TRUE(commands().empty());
    EXPECT_EQ(booking.next_deadline(), now() + 1min);
    advance(1min);
    EXPECT_EQ(commands().size(), 1U);
}

TEST_F(DoorPanelTest, ABookingEventRefreshesAtOnce) {
    answer_door();
    booking.refresh(now());
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    EXPECT_NE(as<FetchAvailability>(sent[0]), nullptr);
    booking.refresh(now());
    EXPECT_TRUE(commands().empty()) << "one fetch at a time";
}

TEST_F(BookingFlowTest, ABookingEventRefreshesTheGridShown) {
    open_offices();
    booking.refresh(now());
    EXPECT_EQ(commands().size(), 1U);
    booking.pick_slot("murat-bureau-1", paris(14), now());
    booking.refresh(now());
    EXPECT_EQ(commands().size(), 0U) << "nothing to refresh on the length step";
}

TEST_F(DoorPanelTest, BookNowAsksForTheBadgeThenSubmitsFromTheCurrentSlot) {
    answer_door();
    booking.book_now(30min, now());
    EXPECT_TRUE(commands().empty()) << "09:30-10:30 would run into the 10:00 booking";
    clock.set(time_point_cast<milliseconds>(paris(11, 40)));
    model.now = clock.now();
    booking.book_now(30min, now());
    EXPECT_EQ(model.screen, Screen::booking);
    EXPECT_TRUE(booking.wants_badge());
    booking.on_badge("04112233445566", now());
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* submit = as<SubmitBooking>(sent[0]);
    ASSERT_NE(submit, nullptr);
    EXPECT_EQ(submit->request.resource_id, "murat-bureau-1");
    EXPECT_EQ(submit->request.start, paris(11, 30));
    EXPECT_EQ(submit->request.end, paris(12, 30));
    booking.on_booking_answer(submit->request_id, wire::Booking{}, now());
    advance(21s);
    EXPECT_EQ(model.screen, Screen::home) << "back to the door panel";
    EXPECT_TRUE(model.booking.door.today) << "the door panel keeps its data";
}

TEST_F(DoorPanelTest, IAmHereChecksTheHolderIn) {
    answer_door();
    booking.check_in(now());
    EXPECT_EQ(model.screen, Screen::home) << "nothing to check into at 09:41";
    clock.set(time_point_cast<milliseconds>(paris(10, 5)));
    model.now = clock.now();
    booking.check_in(now());
    ASSERT_TRUE(booking.wants_badge());
    booking.on_badge("04A1B2C3D4E5F6", now());
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* check_in = as<CheckInBooking>(sent[0]);
    ASSERT_NE(check_in, nullptr);
    EXPECT_EQ(check_in->booking_id, "b1");
    booking.on_check_in_answer(check_in->request_id, wire::Booking{}, now());
    EXPECT_EQ(model.booking.outcome->kind, OutcomeKind::checked_in);
    EXPECT_TRUE(model.booking.door.today->data.resources[0].busy[0].checked_in);
}

// --- News of bookings made offline, told at the member's next tap -------------------------------

namespace {

constexpr const char* kBadge = "04A1B2C3D4E5F6";

BookingNews lost_race() {
    BookingNews news;
    news.sequence = 3;
    news.state = BookingState::refused;
    news.request = {kBadge, "murat-bureau-1", paris(10), paris(11)};
    news.resource_name = "Bureau 1";
    news.kind = wire::ResourceKind::office;
    news.refusal = wire::BookingError{wire::BookingRefusal::slot_taken, "taken",
                                      wire::SlotSuggestion{"murat-bureau-2", paris(10), paris(11), "Bureau 2"}};
    return news;
}

BookingNews confirmed_offline() {
    BookingNews news;
    news.sequence = 4;
    news.state = BookingState::confirmed;
    news.request = {kBadge, "murat-bureau-3", paris(14), paris(15)};
    news.resource_name = "Bureau 3";
    wire::Booking made;
    made.id = "bk-9";
    made.resource_id = "murat-bureau-3";
    made.resource_name = "Bureau 3";
    made.start = paris(14);
    made.end = paris(15);
    news.booking = made;
    return news;
}

} // namespace

TEST_F(BookingFlowTest, EveryTapAsksForNews) {
    booking.on_member_tap(kBadge, now());
    booking.on_member_tap("", now()); // no badge, no question
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* fetch = as<FetchNews>(sent[0]);
    ASSERT_NE(fetch, nullptr);
    EXPECT_EQ(fetch->badge_uid, kBadge);
    EXPECT_NE(fetch->request_id, 0U);
}

TEST_F(BookingFlowTest, ALostRaceIsShownAtOnceOnTheHomeScreenWithTheSuggestionOneTouchAway) {
    booking.on_news(kBadge, {lost_race()}, now());
    ASSERT_EQ(model.screen, Screen::booking);
    ASSERT_EQ(model.booking.step, BookingStep::result);
    ASSERT_TRUE(model.booking.outcome);
    const BookingOutcome& outcome = *model.booking.outcome;
    EXPECT_TRUE(outcome.made_offline);
    EXPECT_EQ(outcome.kind, OutcomeKind::refused);
    ASSERT_TRUE(outcome.asked);
    EXPECT_EQ(outcome.asked->resource_name, "Bureau 1");
    EXPECT_EQ(outcome.asked->start, paris(10));
    EXPECT_EQ(outcome.asked->length, 60min);

    booking.take_suggestion(now());
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    const auto* submit = as<SubmitBooking>(sent[0]);
    ASSERT_NE(submit, nullptr) << "the suggestion is booked with the badge that was tapped";
    EXPECT_EQ(submit->request.badge_uid, kBadge);
    EXPECT_EQ(submit->request.resource_id, "murat-bureau-2");
    EXPECT_EQ(submit->request.start, paris(10));
    EXPECT_EQ(submit->request.end, paris(11));
    EXPECT_EQ(model.booking.step, BookingStep::waiting);
}

TEST_F(BookingFlowTest, NewsWaitsForTheGreetingThenTakesTheScreen) {
    model.screen = Screen::checkin_result;
    model.screen_since = now();
    booking.on_news(kBadge, {confirmed_offline()}, now());
    EXPECT_EQ(model.screen, Screen::checkin_result) << "the greeting is read first";
    ASSERT_TRUE(booking.next_deadline());
    EXPECT_EQ(*booking.next_deadline(), now() + BookingTiming{}.news_after) << "the kiosk wakes up for it";
    advance(BookingTiming{}.news_after);
    ASSERT_EQ(model.screen, Screen::booking);
    ASSERT_TRUE(model.booking.outcome);
    EXPECT_EQ(model.booking.outcome->kind, OutcomeKind::confirmed);
    EXPECT_TRUE(model.booking.outcome->made_offline);
    ASSERT_TRUE(model.booking.outcome->booking);
    EXPECT_EQ(model.booking.outcome->booking->id, "bk-9");
}

TEST_F(BookingFlowTest, NewsDuringAFlowWaitsForItsEndThenComesOneAtATime) {
    open_offices();
    booking.on_news(kBadge, {lost_race(), confirmed_offline()}, now());
    EXPECT_EQ(model.booking.step, BookingStep::grid) << "a member choosing a slot is not interrupted";
    EXPECT_FALSE(booking.next_deadline() && *booking.next_deadline() <= now());

    booking.exit(now());
    advance(1ms);
    ASSERT_EQ(model.screen, Screen::booking);
    ASSERT_TRUE(model.booking.outcome);
    EXPECT_EQ(model.booking.outcome->kind, OutcomeKind::refused);

    booking.exit(now()); // "Done"
    advance(1ms);
    ASSERT_TRUE(model.booking.outcome) << "the second piece of news follows";
    EXPECT_EQ(model.booking.outcome->kind, OutcomeKind::confirmed);

    booking.exit(now());
    advance(1ms);
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(BookingFlowTest, NewsNobodyCouldSeeIsDroppedAfterAWhile) {
    model.screen = Screen::error; // stays until it times out, the kiosk controller's business
    booking.on_news(kBadge, {lost_race()}, now());
    advance(BookingTiming{}.news_kept + 1s);
    model.screen = Screen::home;
    advance(1ms);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_FALSE(booking.next_deadline()) << "nothing left to show";
}

TEST_F(BookingFlowTest, PendingEntriesAreNotNews) {
    BookingNews still = lost_race();
    still.state = BookingState::pending;
    booking.on_news(kBadge, {still}, now());
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(BookingFlowTest, AMembersListFromTheKiosksCopyIsMarkedAndOffersNoCancel) {
    booking.open_my_bookings(now());
    booking.on_badge(kBadge, now());
    const auto sent = commands();
    ASSERT_EQ(sent.size(), 1U);
    MemberBookingsFound found;
    found.bookings.member = {"m1", "Élodie", "Élodie V."};
    wire::Booking later;
    later.id = "bk-2";
    later.start = paris(14, 0, 1);
    later.end = paris(15, 0, 1);
    found.bookings.bookings = {later};
    found.stale = true;
    found.fetched_at = now() - 2h;
    booking.on_member_bookings(as<FetchMemberBookings>(sent[0])->request_id, found, now());
    ASSERT_EQ(model.booking.step, BookingStep::my_bookings);
    ASSERT_TRUE(model.booking.member_bookings);
    EXPECT_TRUE(model.booking.member_bookings->stale);
    EXPECT_EQ(model.booking.member_bookings->fetched_at, now() - 2h);
    booking.ask_cancel(0, now());
    EXPECT_EQ(model.booking.step, BookingStep::my_bookings) << "cancelling needs the backend";
}
