// Whole booking flows driven by finger taps on the rendered screens: the commands each tap gives
// go to the real controllers (as the app does), the requests they make are checked and answered,
// and the next screen is drawn from the model that results.

#include "booking_fixtures.hpp"
#include "telecentre/core/text_entry.hpp"

#include <functional>
#include <gtest/gtest.h>

namespace telecentre::ui::test {
namespace {

using namespace std::chrono;
using namespace std::chrono_literals;

constexpr const char* kElodie = "04A1B2C3D4E5F6";

class BookingFlowTest : public ::testing::Test {
protected:
    explicit BookingFlowTest(core::Language language = core::Language::fr) : rig(language) {}

    UiHarness harness{1920, 1080};
    BookingRig rig;

    void SetUp() override {
        ASSERT_EQ(harness.start_error(), "");
        show();
    }

    // Draws the model until the UI settles, as the app would after a change; commands go through.
    void show() { rig.apply(harness.settle(rig.model)); }

    [[nodiscard]] std::optional<TouchTarget> find(const std::function<bool(const Command&)>& wanted) {
        for (const TouchTarget& target : harness.ui().touch_targets()) {
            if (wanted(target.command)) {
                return target;
            }
        }
        return std::nullopt;
    }

    // A finger tap on the target of `command`; returns what the tap emitted.
    std::vector<Command> tap(const Command& command) {
        const auto target = find([&](const Command& candidate) { return candidate == command; });
        EXPECT_TRUE(target.has_value()) << "no target for " << to_string(command);
        if (!target) {
            return {};
        }
        const auto emitted = harness.tap(rig.model, target->x + target->width / 2, target->y + target->height / 2);
        rig.apply(emitted);
        show();
        return emitted;
    }

    void type(std::u32string_view text) {
        for (const char32_t c : text) {
            tap(Command{Action::key_character, 0, {}, c});
        }
    }

    // Office 2 has nothing booked today; the others keep the demo's bookings.
    void answer_offices() {
        rig.collect();
        const auto* fetch = rig.last<core::FetchAvailability>();
        ASSERT_NE(fetch, nullptr);
        wire::Availability data =
            core::demo_availability(fixture_site(), core::LocalDay{fetch->from.time_since_epoch()}, fetch->days,
                                    fetch->kind, floor<seconds>(rig.now));
        data.resources[1].busy.clear();
        rig.booking.on_availability(fetch->request_id, data, core::AvailabilityOrigin::live, std::nullopt, rig.now);
        show();
    }

    // Home -> Book -> Office -> 14:00 on office 2 -> +30 min -> Continue -> badge; returns the request.
    core::SubmitBooking book_office_two_at_two() {
        tap(Action::booking_open);
        EXPECT_EQ(rig.model.booking.step, core::BookingStep::kinds);
        tap(Command{Action::booking_pick_kind, static_cast<int>(wire::ResourceKind::office)});
        EXPECT_EQ(rig.model.booking.step, core::BookingStep::grid);
        answer_offices();
        tap(Command{Action::booking_pick_slot, 1, paris_at(14)});
        EXPECT_EQ(rig.model.booking.step, core::BookingStep::length);
        tap(Command{Action::booking_length_step, +1});
        EXPECT_EQ(rig.model.booking.selection->length, 60min);
        tap(Action::booking_confirm);
        EXPECT_EQ(rig.model.booking.step, core::BookingStep::badge);
        EXPECT_TRUE(rig.booking.wants_badge());
        // The badge tap: the app routes it here rather than to check-in while wants_badge().
        rig.booking.on_badge(kElodie, rig.now);
        rig.collect();
        show();
        const auto* submit = rig.last<core::SubmitBooking>();
        EXPECT_NE(submit, nullptr);
        return submit ? *submit : core::SubmitBooking{};
    }

    wire::Booking confirmed(const core::SubmitBooking& submit) const {
        wire::Booking made;
        made.id = "bk-" + std::to_string(submit.request_id);
        made.site_id = "riom";
        made.resource_id = submit.request.resource_id;
        made.resource_name = "Bureau 2";
        made.start = submit.request.start;
        made.end = submit.request.end;
        return made;
    }
};

TEST_F(BookingFlowTest, HomeToConfirmedBookingByFinger) {
    const core::SubmitBooking submit = book_office_two_at_two();
    EXPECT_EQ(submit.request.badge_uid, kElodie);
    EXPECT_EQ(submit.request.resource_id, "riom-office-2");
    // 14:00-15:00 in Paris, winter time: 13:00-14:00 UTC.
    EXPECT_EQ(submit.request.start, sys_days{2026y / November / 23d} + 13h);
    EXPECT_EQ(submit.request.end, sys_days{2026y / November / 23d} + 14h);
    EXPECT_EQ(rig.model.booking.step, core::BookingStep::waiting);

    rig.booking.on_booking_answer(submit.request_id, confirmed(submit), rig.now);
    show();
    EXPECT_EQ(rig.model.booking.step, core::BookingStep::result);
    EXPECT_EQ(rig.model.booking.outcome->kind, core::OutcomeKind::confirmed);
    EXPECT_TRUE(harness.ui().texts_with_missing_glyphs().empty());
    EXPECT_EQ(harness.save("flow_booking_confirmed_fr"), "");
    tap(Action::booking_exit);
    EXPECT_EQ(rig.model.screen, core::Screen::home);
    EXPECT_TRUE(rig.model.booking.badge_uid.empty());
}

TEST_F(BookingFlowTest, SlotTakenThenTheSuggestionInOneTap) {
    const core::SubmitBooking first = book_office_two_at_two();
    wire::BookingError taken;
    taken.reason = wire::BookingRefusal::slot_taken;
    taken.suggestion = wire::SlotSuggestion{"riom-office-2", paris_at(15), paris_at(16), ""};
    rig.booking.on_booking_answer(first.request_id, taken, rig.now);
    show();
    EXPECT_EQ(harness.save("flow_booking_slot_taken_fr"), "");

    tap(Action::booking_take_suggestion);
    const auto* again = rig.last<core::SubmitBooking>();
    ASSERT_NE(again, nullptr);
    EXPECT_NE(again->request_id, first.request_id);
    EXPECT_EQ(again->request.badge_uid, kElodie) << "no second badge tap";
    EXPECT_EQ(again->request.resource_id, "riom-office-2");
    EXPECT_EQ(again->request.start, sys_days{2026y / November / 23d} + 14h);
    EXPECT_EQ(again->request.end, sys_days{2026y / November / 23d} + 15h);
    rig.booking.on_booking_answer(again->request_id, confirmed(*again), rig.now);
    show();
    EXPECT_EQ(rig.model.booking.outcome->kind, core::OutcomeKind::confirmed);
}

TEST_F(BookingFlowTest, OfflineBookingIsPending) {
    const core::SubmitBooking submit = book_office_two_at_two();
    rig.booking.on_booking_answer(submit.request_id, core::JournaledOffline{}, rig.now);
    show();
    EXPECT_EQ(rig.model.booking.outcome->kind, core::OutcomeKind::pending);
    EXPECT_EQ(harness.save("flow_booking_pending_fr"), "");
}

// Booked offline, lost the race on reconnect: at the member's next tap the kiosk says so and books
// the nearest free slot with one touch.
TEST_F(BookingFlowTest, PendingThenLostTheRaceThenTheNearestSlotAtTheNextTap) {
    const core::SubmitBooking submit = book_office_two_at_two();
    rig.booking.on_booking_answer(submit.request_id, core::JournaledOffline{}, rig.now);
    show();
    tap(Action::booking_exit);
    ASSERT_EQ(rig.model.screen, core::Screen::home);

    rig.booking.on_member_tap(kElodie, rig.now); // the next tap, a check-in
    rig.collect();
    const auto* asked = rig.last<core::FetchNews>();
    ASSERT_NE(asked, nullptr);
    EXPECT_EQ(asked->badge_uid, kElodie);
    core::BookingNews news;
    news.state = core::BookingState::refused;
    news.request = submit.request;
    news.resource_name = "Bureau 2";
    news.kind = wire::ResourceKind::office;
    news.refusal =
        wire::BookingError{wire::BookingRefusal::slot_taken, "taken",
                           wire::SlotSuggestion{"riom-office-3", submit.request.start, submit.request.end, "Bureau 3"}};
    rig.booking.on_news(kElodie, {news}, rig.now);
    show();
    EXPECT_EQ(harness.save("flow_booking_news_lost_race_fr"), "");

    tap(Action::booking_take_suggestion);
    const auto* again = rig.last<core::SubmitBooking>();
    ASSERT_NE(again, nullptr);
    EXPECT_NE(again->request_id, submit.request_id);
    EXPECT_EQ(again->request.badge_uid, kElodie);
    EXPECT_EQ(again->request.resource_id, "riom-office-3");
    EXPECT_EQ(again->request.start, submit.request.start);
    rig.booking.on_booking_answer(again->request_id, confirmed(*again), rig.now);
    show();
    EXPECT_EQ(rig.model.booking.outcome->kind, core::OutcomeKind::confirmed);
}

TEST_F(BookingFlowTest, WeekViewThenADay) {
    tap(Action::booking_open);
    tap(Command{Action::booking_pick_kind, static_cast<int>(wire::ResourceKind::office)});
    answer_offices();
    tap(Action::booking_show_week);
    const auto* fetch = rig.last<core::FetchAvailability>();
    ASSERT_NE(fetch, nullptr);
    EXPECT_EQ(fetch->days, 7);
    answer_offices();
    EXPECT_EQ(rig.model.booking.view, core::GridView::week);
    const core::LocalDay wednesday{local_days{2026y / November / 25d}};
    tap(Command{Action::booking_show_day, static_cast<int>(wednesday.time_since_epoch().count())});
    EXPECT_EQ(rig.model.booking.view, core::GridView::day);
    EXPECT_EQ(rig.model.booking.day, wednesday);
    EXPECT_TRUE(find([](const Command& c) { return c.action == Action::booking_pick_slot; }).has_value());
}

TEST_F(BookingFlowTest, MyBookingsCancelAfterConfirmation) {
    tap(Action::my_bookings_open);
    EXPECT_EQ(rig.model.booking.step, core::BookingStep::badge);
    rig.booking.on_badge(kElodie, rig.now);
    rig.collect();
    const auto* fetch = rig.last<core::FetchMemberBookings>();
    ASSERT_NE(fetch, nullptr);
    core::MemberBookingsFound found;
    found.bookings.member = {"m-elodie-vermenouze", "Élodie", "Élodie Vermenouze"};
    wire::Booking first;
    first.id = "bk-7";
    first.site_id = "riom";
    first.resource_name = "Salle du Puy Mary";
    first.start = paris_at(14);
    first.end = paris_at(15);
    wire::Booking second = first;
    second.id = "bk-8";
    second.start = paris_at(9, 0, 1);
    second.end = paris_at(12, 0, 1);
    found.bookings.bookings = {first, second};
    rig.booking.on_member_bookings(fetch->request_id, found, rig.now);
    show();
    ASSERT_EQ(rig.model.booking.step, core::BookingStep::my_bookings);

    tap(Command{Action::booking_cancel_ask, 1});
    EXPECT_EQ(rig.model.booking.step, core::BookingStep::cancel_confirm);
    EXPECT_EQ(harness.save("flow_cancel_confirm_fr"), "");
    EXPECT_EQ(rig.last<core::CancelBooking>(), nullptr) << "nothing is cancelled before the confirmation";
    tap(Action::booking_cancel_confirm);
    const auto* cancel = rig.last<core::CancelBooking>();
    ASSERT_NE(cancel, nullptr);
    EXPECT_EQ(cancel->booking_id, "bk-8");
    EXPECT_EQ(cancel->cancel.badge_uid, kElodie);
    wire::Booking cancelled = second;
    cancelled.status = wire::BookingStatus::cancelled;
    rig.booking.on_cancel_answer(cancel->request_id, cancelled, rig.now);
    show();
    ASSERT_EQ(rig.model.booking.step, core::BookingStep::my_bookings);
    ASSERT_EQ(rig.model.booking.member_bookings->entries.size(), 1U);
    EXPECT_EQ(rig.model.booking.member_bookings->notice, core::OutcomeKind::cancelled);
    EXPECT_EQ(harness.save("flow_cancelled_fr"), "");
}

TEST_F(BookingFlowTest, DoorPanelBookNowHalfAnHour) {
    rig.booking.set_room("riom-meeting-room-1");
    rig.booking.on_tick(rig.now);
    rig.collect();
    const auto* fetch = rig.last<core::FetchAvailability>();
    ASSERT_NE(fetch, nullptr);
    wire::Availability today = core::demo_availability(fixture_site(), core::LocalDay{fetch->from.time_since_epoch()},
                                                       1, std::nullopt, floor<seconds>(rig.now));
    for (auto& resource : today.resources) {
        resource.busy.clear(); // the room is free all day
    }
    rig.booking.on_availability(fetch->request_id, today, core::AvailabilityOrigin::live, std::nullopt, rig.now);
    show();
    ASSERT_TRUE(find([](const Command& c) { return c.action == Action::door_book_now; }).has_value());
    EXPECT_FALSE(find([](const Command& c) { return c.action == Action::door_check_in; }).has_value());

    tap(Command{Action::door_book_now, 30});
    ASSERT_TRUE(rig.booking.wants_badge());
    rig.booking.on_badge(kElodie, rig.now);
    rig.collect();
    const auto* submit = rig.last<core::SubmitBooking>();
    ASSERT_NE(submit, nullptr);
    // At 09:41 Paris: from the current slot, 09:30, to the first slot end half an hour away, 10:30.
    EXPECT_EQ(submit->request.resource_id, "riom-meeting-room-1");
    EXPECT_EQ(submit->request.start, sys_days{2026y / November / 23d} + 8h + 30min);
    EXPECT_EQ(submit->request.end, sys_days{2026y / November / 23d} + 9h + 30min);
    rig.booking.on_booking_answer(submit->request_id, wire::Booking{}, rig.now);
    show();
    EXPECT_EQ(rig.model.booking.outcome->kind, core::OutcomeKind::confirmed);
    rig.now += 21s;
    rig.model.now = rig.now;
    rig.booking.on_tick(rig.now);
    show();
    EXPECT_EQ(rig.model.screen, core::Screen::home) << "back to the door panel by itself";
}

TEST_F(BookingFlowTest, KeyboardTypesElodieInFrench) {
    tap(Action::booking_open);
    tap(Command{Action::booking_pick_kind, static_cast<int>(wire::ResourceKind::meeting_room)});
    answer_offices();
    tap(Action::booking_search_open);
    ASSERT_EQ(rig.model.booking.step, core::BookingStep::search);
    // AZERTY in French.
    const auto first_letter = find([](const Command& c) { return c.action == Action::key_character; });
    ASSERT_TRUE(first_letter);
    EXPECT_EQ(first_letter->command.character, U'a');

    tap(Action::key_shift);
    tap(Action::key_accents);
    type(U"é");
    type(U"lodie");
    EXPECT_EQ(rig.model.booking.search.text, "Élodie");
    EXPECT_EQ(harness.save("flow_keyboard_elodie_fr"), "");
    tap(Action::key_backspace);
    EXPECT_EQ(rig.model.booking.search.text, "Élodi");
    tap(Action::key_done);
    EXPECT_EQ(rig.model.booking.step, core::BookingStep::grid);
}

TEST_F(BookingFlowTest, LongPressOffersAccentedLetters) {
    tap(Action::booking_open);
    tap(Command{Action::booking_pick_kind, static_cast<int>(wire::ResourceKind::meeting_room)});
    answer_offices();
    tap(Action::booking_search_open);
    const auto e = find([](const Command& c) { return c == Command{Action::key_character, 0, {}, U'e'}; });
    ASSERT_TRUE(e);
    // Hold 'e': the accented forms appear once the press has lasted half a second (model time).
    harness.push_finger(SDL_FINGERDOWN, e->x + e->width / 2, e->y + e->height / 2);
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(harness.frame(rig.model).empty());
    }
    EXPECT_FALSE(find([](const Command& c) { return c.character == U'è'; })) << "not before the long press";
    rig.model.now += 600ms;
    EXPECT_TRUE(harness.frame(rig.model).empty());
    EXPECT_TRUE(harness.ui().wants_another_frame()) << "a held key keeps the frames coming";
    const auto grave = find([](const Command& c) { return c.character == U'è'; });
    ASSERT_TRUE(grave) << "the popup offers è";
    EXPECT_EQ(harness.save("flow_keyboard_long_press_fr"), "");
    // Slide onto è and lift: è is typed, not e.
    harness.push_finger(SDL_FINGERMOTION, grave->x + grave->width / 2, grave->y + grave->height / 2);
    harness.push_finger(SDL_FINGERUP, grave->x + grave->width / 2, grave->y + grave->height / 2);
    const auto emitted = harness.settle(rig.model);
    EXPECT_EQ(emitted, (std::vector<Command>{Command{Action::key_character, 0, {}, U'è'}}));
}

class EnglishFlowTest : public BookingFlowTest {
protected:
    EnglishFlowTest() : BookingFlowTest(core::Language::en) {}
};

TEST_F(EnglishFlowTest, KeyboardTypesHelloInEnglish) {
    tap(Action::booking_open);
    tap(Command{Action::booking_pick_kind, static_cast<int>(wire::ResourceKind::open_space)});
    answer_offices();
    tap(Action::booking_search_open);
    // QWERTY in English.
    const auto first_letter = find([](const Command& c) { return c.action == Action::key_character; });
    ASSERT_TRUE(first_letter);
    EXPECT_EQ(first_letter->command.character, U'q');
    type(U"hello");
    EXPECT_EQ(rig.model.booking.search.text, "hello");
    EXPECT_EQ(harness.save("flow_keyboard_hello_en"), "");
}

} // namespace
} // namespace telecentre::ui::test
