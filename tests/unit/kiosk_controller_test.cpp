#include "telecentre/core/kiosk_controller.hpp"

#include <gtest/gtest.h>

using namespace telecentre::core;
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} + 9h + 30s};

struct ControllerTest : ::testing::Test {
    KioskModel model;
    KioskController controller{model, ScreenTiming{}, Language::fr};
    TimePoint now = kStart;

    void SetUp() override { controller.on_tick(now); }
    void advance(std::chrono::milliseconds step) {
        now += step;
        controller.on_tick(now);
    }
};

Decision greeting(std::uint64_t tap) {
    CheckinResult result;
    result.first_name = "Camille";
    return Decision{tap, result, std::nullopt};
}

} // namespace

TEST_F(ControllerTest, TapShowsCheckingThenTheGreeting) {
    controller.on_tap_seen(1, now);
    EXPECT_EQ(model.screen, Screen::checking);
    controller.on_decision(greeting(1), now);
    EXPECT_EQ(model.screen, Screen::checkin_result);
    ASSERT_TRUE(model.result);
    EXPECT_EQ(model.result->first_name, "Camille");
}

TEST_F(ControllerTest, GreetingReturnsHomeByItselfAndResetsTheLanguage) {
    controller.set_language(Language::en);
    controller.on_tap_seen(1, now);
    controller.on_decision(greeting(1), now);
    advance(6s);
    EXPECT_EQ(model.screen, Screen::checkin_result);
    advance(2s);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_FALSE(model.result);
    EXPECT_EQ(model.language, Language::fr);
}

TEST_F(ControllerTest, ALateAnswerForAnOlderTapIsIgnored) {
    controller.on_tap_seen(1, now);
    controller.on_tap_seen(2, now);
    controller.on_decision(greeting(1), now);
    EXPECT_EQ(model.screen, Screen::checking);
    controller.on_decision(greeting(2), now);
    EXPECT_EQ(model.screen, Screen::checkin_result);
}

TEST_F(ControllerTest, RefusalShowsTheErrorWithTheNameAndStaysLonger) {
    controller.on_tap_seen(1, now);
    Decision refused = greeting(1);
    refused.error = ErrorKind::pass_expired;
    controller.on_decision(refused, now);
    EXPECT_EQ(model.screen, Screen::error);
    EXPECT_EQ(model.error, ErrorKind::pass_expired);
    advance(10s);
    EXPECT_EQ(model.screen, Screen::error);
    advance(6s);
    EXPECT_EQ(model.screen, Screen::home);
    EXPECT_FALSE(model.error);
}

TEST_F(ControllerTest, ReaderUnavailableStaysUntilTheReaderIsBack) {
    controller.on_reader_status({ReaderState::unavailable, "unplugged"}, now);
    EXPECT_EQ(model.screen, Screen::error);
    EXPECT_EQ(model.error, ErrorKind::reader_unavailable);
    advance(10min);
    EXPECT_EQ(model.screen, Screen::error);
    controller.on_reader_status({ReaderState::ready, ""}, now);
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(ControllerTest, DoneButtonGoesHomeAtOnce) {
    controller.on_tap_seen(1, now);
    controller.on_decision(greeting(1), now);
    controller.go_home(now);
    EXPECT_EQ(model.screen, Screen::home);
}

TEST_F(ControllerTest, RevisionMovesOnlyWhenSomethingVisibleChanges) {
    const auto before = model.revision;
    advance(100ms);
    EXPECT_EQ(model.revision, before) << "no redraw within the same minute on the home screen";
    controller.on_connection(Connection::offline, 3);
    EXPECT_GT(model.revision, before);
    const auto after = model.revision;
    controller.on_connection(Connection::offline, 3);
    EXPECT_EQ(model.revision, after);
    advance(1min);
    EXPECT_GT(model.revision, after) << "the clock's minute turned";
}

TEST_F(ControllerTest, NextDeadlineIsTheScreenTimeoutOrTheNextMinute) {
    EXPECT_EQ(controller.next_deadline(), std::chrono::ceil<std::chrono::minutes>(now + 1ms));
    controller.on_tap_seen(1, now);
    controller.on_decision(greeting(1), now);
    EXPECT_EQ(controller.next_deadline(), now + 7s);
}
