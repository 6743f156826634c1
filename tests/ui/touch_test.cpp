// Buttons driven the way a visitor drives them: SDL finger events (normalised coordinates) and
// mouse events, injected into SDL's queue, fed to the UI, one pointer transition per frame.

#include "fixtures.hpp"
#include "ui_harness.hpp"

#include <gtest/gtest.h>

namespace telecentre::ui::test {
namespace {

using Commands = std::vector<Command>;

struct Point {
    float x;
    float y;
};

Point centre_of(const TouchTarget& target) { return {target.x + target.width / 2, target.y + target.height / 2}; }

class TouchTest : public ::testing::Test {
protected:
    // Draws the model once (targets exist from the first frame) and returns the target's centre.
    Point find(UiHarness& harness, const core::KioskModel& model, Command command) {
        harness.settle(model);
        const auto target = harness.target(command);
        EXPECT_TRUE(target.has_value()) << "no target for " << to_string(command);
        return target ? centre_of(*target) : Point{-1, -1};
    }
};

TEST_F(TouchTest, TapOutsideEveryTargetDoesNothing) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    const core::KioskModel model = result_model(core::Language::fr);
    harness.settle(model);
    EXPECT_TRUE(harness.tap(model, 960, 600).empty());
    EXPECT_TRUE(harness.click(model, 20, 1070).empty());
}

TEST_F(TouchTest, SlidingOffAButtonBeforeLiftingCancelsIt) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    const core::KioskModel model = result_model(core::Language::fr);
    const Point at = find(harness, model, Action::go_home);
    harness.push_finger(SDL_FINGERDOWN, at.x, at.y);
    harness.push_finger(SDL_FINGERMOTION, 300, 500);
    harness.push_finger(SDL_FINGERUP, 300, 500);
    EXPECT_TRUE(harness.settle(model).empty());
}

TEST_F(TouchTest, SecondFingerIsIgnoredWhileTheFirstIsDown) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    const core::KioskModel model = result_model(core::Language::fr);
    const Point done = find(harness, model, Action::go_home);
    const Point english = find(harness, model, Action::set_language_en);
    harness.push_finger(SDL_FINGERDOWN, done.x, done.y, 1);
    harness.push_finger(SDL_FINGERDOWN, english.x, english.y, 2);
    harness.push_finger(SDL_FINGERUP, english.x, english.y, 2);
    harness.push_finger(SDL_FINGERUP, done.x, done.y, 1);
    EXPECT_EQ(harness.settle(model), Commands{Action::go_home});
}

TEST_F(TouchTest, MouseEventsSynthesisedFromTouchAreIgnored) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    const core::KioskModel model = result_model(core::Language::fr);
    const Point at = find(harness, model, Action::go_home);
    // Were SDL to synthesise mouse events from the touch as well, the tap must still count once.
    harness.push_finger(SDL_FINGERDOWN, at.x, at.y);
    harness.push_mouse_button(SDL_MOUSEBUTTONDOWN, static_cast<int>(at.x), static_cast<int>(at.y), SDL_TOUCH_MOUSEID);
    harness.push_finger(SDL_FINGERUP, at.x, at.y);
    harness.push_mouse_button(SDL_MOUSEBUTTONUP, static_cast<int>(at.x), static_cast<int>(at.y), SDL_TOUCH_MOUSEID);
    EXPECT_EQ(harness.settle(model), Commands{Action::go_home});
}

TEST_F(TouchTest, TwoQuickTapsAreTwoCommands) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    const core::KioskModel model = base_model(core::Language::fr);
    const Point at = find(harness, model, Action::set_language_en);
    // Both taps arrive in one batch of events: each press and release still gets its own frame.
    harness.push_finger(SDL_FINGERDOWN, at.x, at.y);
    harness.push_finger(SDL_FINGERUP, at.x, at.y);
    harness.push_finger(SDL_FINGERDOWN, at.x, at.y);
    harness.push_finger(SDL_FINGERUP, at.x, at.y);
    EXPECT_EQ(harness.settle(model), (Commands{Action::set_language_en, Action::set_language_en}));
}

TEST_F(TouchTest, IdleMouseMovementCostsNoFrame) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    const core::KioskModel model = base_model(core::Language::fr);
    harness.settle(model);
    ASSERT_FALSE(harness.ui().wants_another_frame());
    harness.push_mouse_motion(100, 100);
    harness.push_mouse_motion(400, 300);
    SDL_Event event;
    while (SDL_PollEvent(&event) != 0) {
        harness.ui().feed(event);
    }
    EXPECT_FALSE(harness.ui().wants_another_frame());
}

TEST_F(TouchTest, UiSettlesAfterATapAndAnimatesWhileChecking) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    core::KioskModel model = result_model(core::Language::fr);
    const Point at = find(harness, model, Action::go_home);
    harness.push_finger(SDL_FINGERDOWN, at.x, at.y);
    harness.push_finger(SDL_FINGERUP, at.x, at.y);
    EXPECT_EQ(harness.frame(model), Commands{});
    EXPECT_TRUE(harness.ui().wants_another_frame()) << "queued input must ask for frames";
    EXPECT_EQ(harness.settle(model), Commands{Action::go_home});
    EXPECT_FALSE(harness.ui().wants_another_frame());

    model.screen = core::Screen::checking;
    harness.frame(model);
    EXPECT_TRUE(harness.ui().wants_another_frame()) << "the spinner turns while checking";
}

TEST_F(TouchTest, FingerOnDoneGoesHomeInPortraitAndOnASmallScreen) {
    for (const auto& [width, height] : {std::pair{1080, 1920}, std::pair{1280, 800}}) {
        SCOPED_TRACE(std::to_string(width) + "x" + std::to_string(height));
        UiHarness harness(width, height);
        ASSERT_EQ(harness.start_error(), "");
        const core::KioskModel model = result_model(core::Language::fr);
        const Point at = find(harness, model, Action::go_home);
        EXPECT_EQ(harness.tap(model, at.x, at.y), Commands{Action::go_home});
    }
}

// Every screen's buttons, by finger and by mouse: one ctest entry per screen, input and button.
enum class Input { finger, mouse };

struct ButtonCase {
    std::string screen;
    core::Language language;
    Command command;
    Input input;
};

std::string button_case_name(const ::testing::TestParamInfo<ButtonCase>& param_info) {
    const ButtonCase& param = param_info.param;
    return param.screen + (param.language == core::Language::fr ? "_fr_" : "_en_") + to_string(param.command) +
           (param.input == Input::finger ? "_finger" : "_mouse");
}

std::vector<ButtonCase> button_cases() {
    std::vector<ButtonCase> cases;
    const std::vector<std::string> error_screens{
        "error_unknown_badge",      "error_badge_revoked",   "error_pass_expired",    "error_pass_suspended",
        "error_reader_unavailable", "error_offline_unknown", "error_storage_failure",
    };
    for (const Input input : {Input::finger, Input::mouse}) {
        // The language switch, on every kind of screen, towards the other language.
        for (const std::string screen : {"home", "checking", "result_in", "error_unknown_badge"}) {
            cases.push_back({screen, core::Language::fr, Action::set_language_en, input});
            cases.push_back({screen, core::Language::en, Action::set_language_fr, input});
        }
        // The way back: "Terminé"/"Done" and "Retour à l’accueil"/"Back to start".
        cases.push_back({"result_in", core::Language::fr, Action::go_home, input});
        cases.push_back({"result_out", core::Language::en, Action::go_home, input});
        cases.push_back({"result_offline", core::Language::fr, Action::go_home, input});
        for (const std::string& screen : error_screens) {
            cases.push_back({screen, core::Language::fr, Action::go_home, input});
        }
    }
    return cases;
}

class ButtonTest : public ::testing::TestWithParam<ButtonCase> {};

TEST_P(ButtonTest, EmitsItsCommand) {
    const ButtonCase& param = GetParam();
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    const core::KioskModel model = screen_case(param.screen, param.language).model;
    // The checking screen animates and never settles: one frame puts its targets in place.
    harness.frame(model);
    const auto target = harness.target(param.command);
    ASSERT_TRUE(target.has_value());
    const Point at = centre_of(*target);
    const Commands emitted = param.input == Input::finger
                                 ? harness.tap(model, at.x, at.y)
                                 : harness.click(model, static_cast<int>(at.x), static_cast<int>(at.y));
    EXPECT_EQ(emitted, Commands{param.command});
}

INSTANTIATE_TEST_SUITE_P(Buttons, ButtonTest, ::testing::ValuesIn(button_cases()), button_case_name);

} // namespace
} // namespace telecentre::ui::test
