// Every booking screen (and the door panel) in French and English, rendered headless at 1920x1080,
// and each kind of screen at 1280x800 and in portrait 1080x1920: a screenshot per case in
// artefacts/ui, no character missing from the fonts, real pixels, a language switch and a way back,
// and touch targets a finger can hit.

#include "booking_fixtures.hpp"
#include "ui_harness.hpp"

#include <gtest/gtest.h>

namespace telecentre::ui::test {
namespace {

struct Size {
    int width;
    int height;
};

struct BookingParam {
    std::string screen;
    core::Language language;
    Size size;
};

std::string param_name(const BookingParam& param) {
    std::string name = param.screen + (param.language == core::Language::fr ? "_fr" : "_en");
    if (param.size.width != 1920 || param.size.height != 1080) {
        name += "_" + std::to_string(param.size.width) + "x" + std::to_string(param.size.height);
    }
    return name;
}

std::vector<BookingParam> all_params() {
    std::vector<BookingParam> params;
    for (const core::Language language : {core::Language::fr, core::Language::en}) {
        for (const ScreenCase& screen : booking_cases(language)) {
            params.push_back({screen.name, language, {1920, 1080}});
        }
    }
    // One case of each kind of screen on the other shapes a kiosk may have.
    const std::vector<std::string> resized{"booking_kinds",
                                           "booking_grid_day",
                                           "booking_grid_week",
                                           "booking_search",
                                           "booking_length",
                                           "booking_badge",
                                           "booking_waiting",
                                           "booking_refused_slot_taken",
                                           "booking_news_lost_race",
                                           "my_bookings",
                                           "my_bookings_cancel_confirm",
                                           "door_busy"};
    for (const Size size : {Size{1280, 800}, Size{1080, 1920}}) {
        for (const core::Language language : {core::Language::fr, core::Language::en}) {
            for (const std::string& screen : resized) {
                params.push_back({screen, language, size});
            }
        }
    }
    return params;
}

bool overlaps(const TouchTarget& a, const TouchTarget& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

bool animates(const core::KioskModel& model) {
    return (model.screen == core::Screen::booking &&
            (model.booking.step == core::BookingStep::waiting ||
             (model.booking.step == core::BookingStep::grid && model.booking.loading))) ||
           (model.role == core::KioskRole::room && model.booking.door.loading);
}

class BookingScreenTest : public ::testing::TestWithParam<BookingParam> {};

TEST_P(BookingScreenTest, Renders) {
    const BookingParam& param = GetParam();
    UiHarness harness(param.size.width, param.size.height);
    ASSERT_EQ(harness.start_error(), "");
    const core::KioskModel model = booking_case(param.screen, param.language).model;

    if (animates(model)) {
        EXPECT_TRUE(harness.frame(model).empty());
        EXPECT_TRUE(harness.frame(model).empty());
        EXPECT_TRUE(harness.ui().wants_another_frame()) << "a spinner turns";
    } else {
        EXPECT_TRUE(harness.settle(model).empty());
        EXPECT_FALSE(harness.ui().wants_another_frame()) << "an idle screen must let the kiosk sleep";
    }
    EXPECT_EQ(harness.save(param_name(param)), "");
    for (const std::string& text : harness.ui().texts_with_missing_glyphs()) {
        ADD_FAILURE() << "drawn with a missing glyph: " << text;
    }
    const PixelStats pixels = harness.pixel_stats();
    EXPECT_GT(pixels.share_unlike_corner, 0.05) << "the screen is nearly blank";
    EXPECT_GT(pixels.distinct_colours, 32U);

    EXPECT_TRUE(harness.target(Action::set_language_fr));
    EXPECT_TRUE(harness.target(Action::set_language_en));
    // A way back everywhere but on the door panel (the room's home) and while a request is on its way.
    const bool home = model.screen == core::Screen::home;
    const bool waiting = model.screen == core::Screen::booking && model.booking.step == core::BookingStep::waiting;
    if (!home && !waiting) {
        EXPECT_TRUE(harness.target(Action::booking_back) || harness.target(Action::booking_exit) ||
                    harness.target(Action::key_done))
            << "no way back";
    }

    const auto& targets = harness.ui().touch_targets();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const TouchTarget& target = targets[i];
        SCOPED_TRACE(to_string(target.command));
        EXPECT_GE(target.width, 90.0F);
        EXPECT_GE(target.height, 90.0F);
        EXPECT_GE(target.x, 0.0F);
        EXPECT_GE(target.y, 0.0F);
        EXPECT_LE(target.x + target.width, static_cast<float>(param.size.width) + 0.5F);
        EXPECT_LE(target.y + target.height, static_cast<float>(param.size.height) + 0.5F);
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            EXPECT_FALSE(overlaps(target, targets[j])) << "overlaps " << to_string(targets[j].command);
        }
    }
}

std::string test_name(const ::testing::TestParamInfo<BookingParam>& param_info) { return param_name(param_info.param); }

INSTANTIATE_TEST_SUITE_P(BookingScreens, BookingScreenTest, ::testing::ValuesIn(all_params()), test_name);

// Every refusal the backend can give has its own sentence in both languages, on the result screen.
class RefusalTest : public ::testing::TestWithParam<core::Language> {};

TEST_P(RefusalTest, EveryReasonIsSaidInPlainWords) {
    const core::Language language = GetParam();
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    core::KioskModel model = booking_case("booking_refused_pass", language).model;
    for (int reason = 0; reason <= static_cast<int>(wire::BookingRefusal::booking_not_changeable); ++reason) {
        const auto refusal = static_cast<wire::BookingRefusal>(reason);
        SCOPED_TRACE(wire::to_string(refusal));
        model.booking.outcome->error->reason = refusal;
        ++model.revision;
        harness.settle(model);
        EXPECT_TRUE(harness.ui().texts_with_missing_glyphs().empty());
        EXPECT_EQ(harness.save(std::string{"booking_refusal_"} + wire::to_string(refusal) +
                               (language == core::Language::fr ? "_fr" : "_en")),
                  "");
    }
}

INSTANTIATE_TEST_SUITE_P(Refusals, RefusalTest, ::testing::Values(core::Language::fr, core::Language::en),
                         [](const auto& language) { return language.param == core::Language::fr ? "fr" : "en"; });

} // namespace
} // namespace telecentre::ui::test
