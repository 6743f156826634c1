// Every screen and every error kind, in French and English, rendered headless at 1920x1080 (and a
// selection at 1280x800 and in portrait 1080x1920): a screenshot per case in artefacts/ui, no
// character missing from the fonts, real pixels, and touch targets a finger can hit.

#include "fixtures.hpp"
#include "ui_harness.hpp"

#include <gtest/gtest.h>

namespace telecentre::ui::test {
namespace {

struct Size {
    int width;
    int height;
};

struct ScreenParam {
    std::string screen;
    core::Language language;
    Size size;
};

std::string param_name(const ScreenParam& param) {
    std::string name = param.screen + (param.language == core::Language::fr ? "_fr" : "_en");
    if (param.size.width != 1920 || param.size.height != 1080) {
        name += "_" + std::to_string(param.size.width) + "x" + std::to_string(param.size.height);
    }
    return name;
}

std::vector<ScreenParam> all_params() {
    std::vector<ScreenParam> params;
    for (const core::Language language : {core::Language::fr, core::Language::en}) {
        for (const ScreenCase& screen : screen_cases(language)) {
            params.push_back({screen.name, language, {1920, 1080}});
        }
    }
    // The other shapes the kiosk may be installed on: a 10" tablet and a portrait totem.
    const std::vector<std::string> resized{"home",
                                           "home_offline",
                                           "checking",
                                           "result_in",
                                           "result_many_bookings",
                                           "result_offline",
                                           "error_pass_expired",
                                           "error_offline_unknown"};
    for (const Size size : {Size{1280, 800}, Size{1080, 1920}}) {
        for (const core::Language language : {core::Language::fr, core::Language::en}) {
            for (const std::string& screen : resized) {
                params.push_back({screen, language, size});
            }
        }
    }
    return params;
}

class ScreenTest : public ::testing::TestWithParam<ScreenParam> {};

bool overlaps(const TouchTarget& a, const TouchTarget& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

TEST_P(ScreenTest, Renders) {
    const ScreenParam& param = GetParam();
    UiHarness harness(param.size.width, param.size.height);
    ASSERT_EQ(harness.start_error(), "");
    const core::KioskModel model = screen_case(param.screen, param.language).model;

    // The checking screen animates, so it never stops asking for frames: draw it twice instead.
    if (model.screen == core::Screen::checking) {
        EXPECT_TRUE(harness.frame(model).empty());
        EXPECT_TRUE(harness.frame(model).empty());
        EXPECT_TRUE(harness.ui().wants_another_frame());
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
    EXPECT_GT(pixels.distinct_colours, 32U) << "the screen has almost no drawing on it";

    // A language switch on every screen; a way back on every screen but home and checking.
    EXPECT_TRUE(harness.target(Action::set_language_fr));
    EXPECT_TRUE(harness.target(Action::set_language_en));
    const bool needs_back = model.screen == core::Screen::checkin_result || model.screen == core::Screen::error;
    EXPECT_EQ(harness.target(Action::go_home).has_value(), needs_back);

    const auto& targets = harness.ui().touch_targets();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const TouchTarget& target = targets[i];
        SCOPED_TRACE(to_string(target.command));
        EXPECT_GE(target.width, 90.0F);
        EXPECT_GE(target.height, 90.0F);
        EXPECT_GE(target.x, 0.0F);
        EXPECT_GE(target.y, 0.0F);
        EXPECT_LE(target.x + target.width, static_cast<float>(param.size.width));
        EXPECT_LE(target.y + target.height, static_cast<float>(param.size.height));
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            EXPECT_FALSE(overlaps(target, targets[j])) << "overlaps " << to_string(targets[j].command);
        }
    }
}

std::string test_name(const ::testing::TestParamInfo<ScreenParam>& param_info) { return param_name(param_info.param); }

INSTANTIATE_TEST_SUITE_P(Screens, ScreenTest, ::testing::ValuesIn(all_params()), test_name);

TEST(ScreenData, NameWithCharacterOutsideTheFontsIsReported) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    core::KioskModel model = result_model(core::Language::fr);
    // Vietnamese ễ (U+1EC5) is outside the loaded ranges: drawn as '?', and reported.
    model.result->first_name = "Nguyễn";
    harness.settle(model);
    ASSERT_EQ(harness.ui().texts_with_missing_glyphs().size(), 1U);
    EXPECT_NE(harness.ui().texts_with_missing_glyphs().front().find("Nguyễn"), std::string::npos);
}

} // namespace
} // namespace telecentre::ui::test
