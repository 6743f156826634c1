// Visio-accueil's screens in French and English, rendered headless at 1920x1080 and on the other
// shapes a kiosk may have: a screenshot per case, no missing glyph, a way out everywhere, touch
// targets a finger can hit; and a whole call driven by finger taps through the controllers.

#include "booking_fixtures.hpp"
#include "telecentre/ui/messages.hpp"
#include "ui_harness.hpp"

#include <algorithm>
#include <functional>
#include <gtest/gtest.h>

namespace telecentre::ui::test {
namespace {

using namespace std::chrono_literals;

struct CallCase {
    std::string name;
    core::KioskModel model;
};

// A rig at the consent step with the link up, the network's phone and hours configured.
BookingRig call_rig(core::Language language) {
    BookingRig rig(language);
    rig.model.call_available = true;
    rig.model.callback_available = true;
    rig.model.reception_phone = "04 71 00 00 00";
    rig.model.reception_hours =
        language == core::Language::fr ? "Du lundi au vendredi, de 9 h à 17 h" : "Monday to Friday, 9 am to 5 pm";
    rig.call.on_link(true, rig.now);
    rig.call.open(rig.now);
    return rig;
}

std::vector<CallCase> call_cases(core::Language language) {
    std::vector<CallCase> cases;
    {
        BookingRig rig(language);
        rig.model.call_available = true;
        cases.push_back({"call_home_button", rig.model});
    }
    cases.push_back({"call_consent", call_rig(language).model});
    {
        BookingRig rig = call_rig(language);
        rig.call.edit(core::CallField::name, rig.now);
        for (const char32_t c : std::u32string_view{U"Jeanne"}) {
            rig.call.key_character(c, rig.now);
        }
        cases.push_back({"call_consent_typing", rig.model});
        rig.call.key_done(rig.now);
        rig.call.call(rig.now);
        rig.call.on_queued({"call-1", 3, 2}, rig.now);
        cases.push_back({"call_waiting", rig.model});
        rig.call.on_queued({"call-1", 1, 0}, rig.now);
        cases.push_back({"call_waiting_nobody", rig.model});
        rig.call.on_answered({"call-1", "Camille"}, rig.now);
        cases.push_back({"call_connecting", rig.model});
        rig.call.on_media_state(core::MediaState::connected, rig.now);
        rig.call.toggle_microphone(rig.now);
        cases.push_back({"call_in_call_muted", rig.model});
        rig.call.on_ended({"call-1", wire::CallEndReason::agent_hung_up}, rig.now);
        cases.push_back({"call_ended_by_agent", rig.model});
    }
    for (const auto& [name, reason] : {std::pair{"call_ended_unanswered", wire::CallEndReason::unanswered},
                                       std::pair{"call_ended_failed", wire::CallEndReason::agent_lost}}) {
        BookingRig rig = call_rig(language);
        rig.call.call(rig.now);
        rig.call.on_queued({"call-1", 1, 1}, rig.now);
        rig.call.on_ended({"call-1", reason}, rig.now);
        cases.push_back({name, rig.model});
    }
    {
        // No camera plugged in: the visitor is told on each step, and the call is sound only.
        BookingRig rig = call_rig(language);
        rig.call.on_devices({.camera = false, .microphone = true}, rig.now);
        cases.push_back({"call_consent_no_camera", rig.model});
        rig.call.call(rig.now);
        rig.call.on_queued({"call-1", 2, 1}, rig.now);
        cases.push_back({"call_waiting_no_camera", rig.model});
        rig.call.on_answered({"call-1", "Camille"}, rig.now);
        rig.call.on_media_state(core::MediaState::connected, rig.now);
        cases.push_back({"call_in_call_no_camera", rig.model});
    }
    {
        BookingRig rig = call_rig(language);
        rig.call.call(rig.now);
        rig.call.on_queued({"call-1", 1, 1}, rig.now);
        rig.call.on_answered({"call-1", "Camille"}, rig.now);
        rig.call.on_media_state(core::MediaState::connected, rig.now);
        rig.call.on_devices({.camera = false, .microphone = true}, rig.now);
        cases.push_back({"call_in_call_camera_lost", rig.model});
    }
    {
        BookingRig rig = call_rig(language);
        rig.call.on_link(false, rig.now);
        rig.call.call(rig.now);
        cases.push_back({"call_unavailable", rig.model});
        rig.call.on_tick(rig.now + core::CallTiming{}.help_after);
        cases.push_back({"call_help", rig.model});
        rig.call.ask_callback(rig.now);
        for (const char32_t c : std::u32string_view{U"Jeanne Dupré"}) {
            rig.call.key_character(c, rig.now);
        }
        rig.call.key_done(rig.now);
        rig.call.edit(core::CallField::callback_phone, rig.now);
        for (const char32_t c : std::u32string_view{U"0471000000"}) {
            rig.call.key_character(c, rig.now);
        }
        cases.push_back({"call_callback_typing", rig.model});
        rig.call.key_done(rig.now);
        rig.call.send_callback(rig.now);
        const auto sent = rig.call.take_commands();
        std::uint64_t request = 0;
        for (const auto& command : sent) {
            if (const auto* callback = std::get_if<core::SubmitCallback>(&command)) {
                request = callback->request_id;
            }
        }
        rig.call.on_callback_answer(request, false, rig.now);
        cases.push_back({"call_callback_failed", rig.model});
        rig.call.send_callback(rig.now);
        for (const auto& command : rig.call.take_commands()) {
            if (const auto* callback = std::get_if<core::SubmitCallback>(&command)) {
                rig.call.on_callback_answer(callback->request_id, true, rig.now);
            }
        }
        cases.push_back({"call_callback_sent", rig.model});
    }
    return cases;
}

struct Size {
    int width;
    int height;
};

struct CallParam {
    std::string screen;
    core::Language language;
    Size size;
};

std::vector<CallParam> all_params() {
    std::vector<CallParam> params;
    for (const core::Language language : {core::Language::fr, core::Language::en}) {
        for (const CallCase& screen : call_cases(language)) {
            params.push_back({screen.name, language, {1920, 1080}});
            if (screen.name == "call_home_button" || screen.name == "call_consent" ||
                screen.name == "call_consent_no_camera" || screen.name == "call_in_call_camera_lost" ||
                screen.name == "call_in_call_muted" || screen.name == "call_waiting_nobody" ||
                screen.name == "call_callback_failed") {
                params.push_back({screen.name, language, {1280, 800}});
                params.push_back({screen.name, language, {1080, 1920}});
            }
        }
    }
    return params;
}

std::string param_name(const CallParam& param) {
    std::string name = param.screen + (param.language == core::Language::fr ? "_fr" : "_en");
    if (param.size.width != 1920 || param.size.height != 1080) {
        name += "_" + std::to_string(param.size.width) + "x" + std::to_string(param.size.height);
    }
    return name;
}

bool overlaps(const TouchTarget& a, const TouchTarget& b) {
    return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

class CallScreenTest : public ::testing::TestWithParam<CallParam> {};

TEST_P(CallScreenTest, Renders) {
    const CallParam& param = GetParam();
    UiHarness harness(param.size.width, param.size.height);
    ASSERT_EQ(harness.start_error(), "");
    core::KioskModel model;
    for (CallCase& candidate : call_cases(param.language)) {
        if (candidate.name == param.screen) {
            model = std::move(candidate.model);
        }
    }
    const bool animates = model.screen == core::Screen::call &&
                          (model.call.step == core::CallStep::waiting || model.call.step == core::CallStep::connecting);
    if (animates) {
        (void)harness.frame(model);
        (void)harness.frame(model);
        EXPECT_TRUE(harness.ui().wants_another_frame()) << "a spinner turns";
    } else {
        EXPECT_TRUE(harness.settle(model).empty());
    }
    EXPECT_EQ(harness.save(param_name(param)), "");
    for (const std::string& text : harness.ui().texts_with_missing_glyphs()) {
        ADD_FAILURE() << "drawn with a missing glyph: " << text;
    }
    EXPECT_GT(harness.pixel_stats().share_unlike_corner, 0.05);
    EXPECT_TRUE(harness.target(Action::set_language_fr));
    EXPECT_TRUE(harness.target(Action::set_language_en));
    if (model.screen == core::Screen::call) {
        EXPECT_FALSE(harness.target(Action::call_open)) << "no second call from the call's own screens";
        EXPECT_TRUE(harness.target(Action::call_cancel) || harness.target(Action::call_close) ||
                    harness.target(Action::call_hang_up) || harness.target(Action::key_done))
            << "no way out";
    } else {
        EXPECT_TRUE(harness.target(Action::call_open)) << "one tap away";
    }
    const auto& targets = harness.ui().touch_targets();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        SCOPED_TRACE(to_string(targets[i].command));
        EXPECT_GE(targets[i].width, 90.0F);
        EXPECT_GE(targets[i].height, 90.0F);
        EXPECT_LE(targets[i].x + targets[i].width, static_cast<float>(param.size.width) + 0.5F);
        EXPECT_LE(targets[i].y + targets[i].height, static_cast<float>(param.size.height) + 0.5F);
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            EXPECT_FALSE(overlaps(targets[i], targets[j])) << "overlaps " << to_string(targets[j].command);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(CallScreens, CallScreenTest, ::testing::ValuesIn(all_params()),
                         [](const ::testing::TestParamInfo<CallParam>& param_info) {
                             return param_name(param_info.param);
                         });

// A picture published in the call's mailboxes is what the tiles show: the agent's large, the
// visitor's own small in a corner, each scaled whole.
TEST(CallVideo, TheNewestPictureOfEachMailboxIsDrawnInItsTile) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    BookingRig rig = call_rig(core::Language::fr);
    rig.call.call(rig.now);
    rig.call.on_queued({"call-1", 1, 1}, rig.now);
    rig.call.on_answered({"call-1", "Camille"}, rig.now);
    rig.call.on_media_state(core::MediaState::connected, rig.now);

    // Plain colours in I420: red for the agent, blue for the visitor.
    const auto publish = [](media::FrameMailbox& mailbox, std::uint8_t y, std::uint8_t u, std::uint8_t v) {
        media::VideoFrame frame = mailbox.recycled();
        frame.resize_i420(320, 180);
        std::fill_n(frame.plane_data(0), frame.planes[0].pitch * 180, y);
        std::fill_n(frame.plane_data(1), frame.planes[1].pitch * 90, u);
        std::fill_n(frame.plane_data(2), frame.planes[2].pitch * 90, v);
        mailbox.publish(std::move(frame));
    };
    media::FrameMailbox remote;
    media::FrameMailbox self;
    publish(remote, 81, 90, 240);
    publish(self, 41, 240, 110);
    harness.ui().set_video({&remote, &self});
    (void)harness.settle(rig.model);
    EXPECT_EQ(harness.save("call_in_call_video_fr"), "");
    const auto red = [](Uint32 pixel) { return ((pixel >> 16) & 0xFF) > 180 && ((pixel >> 8) & 0xFF) < 80; };
    const auto blue = [](Uint32 pixel) { return (pixel & 0xFF) > 180 && ((pixel >> 16) & 0xFF) < 80; };
    EXPECT_TRUE(red(harness.pixel(700, 500))) << std::hex << harness.pixel(700, 500) << ": the agent, large";
    EXPECT_TRUE(blue(harness.pixel(1650, 760))) << std::hex << harness.pixel(1650, 760) << ": the visitor, small";
    EXPECT_EQ(remote.counters().taken, 1u);

    harness.ui().set_video({});
    (void)harness.settle(rig.model);
    EXPECT_FALSE(red(harness.pixel(700, 500))) << "no picture of an earlier call";
}

// The camera preview (media::CameraPreview's mailbox, set as the self-view) is drawn on the consent
// screen, where the visitor agrees to be seen, and still on the waiting screen while it rings.
TEST(CallVideo, ThePreviewIsTheVisitorsOwnPictureOnConsentAndWhileWaiting) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    BookingRig rig = call_rig(core::Language::fr);
    media::FrameMailbox preview;
    // What the preview delivers: 640x360 I420; a plain blue here so that it can be found.
    const auto publish = [&preview] {
        media::VideoFrame frame = preview.recycled();
        frame.resize_i420(640, 360);
        std::fill_n(frame.plane_data(0), frame.planes[0].pitch * 360, std::uint8_t{41});
        std::fill_n(frame.plane_data(1), frame.planes[1].pitch * 180, std::uint8_t{240});
        std::fill_n(frame.plane_data(2), frame.planes[2].pitch * 180, std::uint8_t{110});
        preview.publish(std::move(frame));
    };
    const auto blue_share = [&harness] {
        int blue = 0;
        int samples = 0;
        for (int y = 0; y < harness.height(); y += 12) {
            for (int x = 0; x < harness.width(); x += 12) {
                const Uint32 pixel = harness.pixel(x, y);
                blue += (pixel & 0xFF) > 180 && ((pixel >> 16) & 0xFF) < 80 ? 1 : 0;
                ++samples;
            }
        }
        return static_cast<double>(blue) / samples;
    };
    harness.ui().set_video({nullptr, &preview});
    (void)harness.settle(rig.model);
    EXPECT_LT(blue_share(), 0.001) << "no picture yet: the tile says the video is starting";

    publish();
    (void)harness.settle(rig.model);
    EXPECT_EQ(harness.save("call_consent_preview_fr"), "");
    // The tile takes about half the column's width at 16:9, the picture fills it.
    EXPECT_GT(blue_share(), 0.08) << "the consent screen shows the visitor's own picture";
    EXPECT_EQ(preview.counters().taken, 1u);

    rig.call.call(rig.now);
    rig.call.on_queued({"call-1", 2, 1}, rig.now);
    publish();
    (void)harness.frame(rig.model);
    (void)harness.frame(rig.model);
    EXPECT_EQ(harness.save("call_waiting_preview_fr"), "");
    EXPECT_GT(blue_share(), 0.04) << "and the waiting (ringing) screen too";

    harness.ui().set_video({});
    (void)harness.frame(rig.model);
    EXPECT_LT(blue_share(), 0.001) << "the preview stopped: its last picture is not shown";
}

// Without a camera each call screen says so, in the visitor's language, and offers no camera
// switch nor self-view; with one, none of it is said.
TEST(CallDevices, TheScreensSayWhenThereIsNoCamera) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    const auto says = [&](const core::KioskModel& model, std::string_view sentence) {
        (void)harness.frame(model);
        (void)harness.frame(model);
        const auto& drawn = harness.ui().texts_drawn();
        return std::find(drawn.begin(), drawn.end(), sentence) != drawn.end();
    };
    for (const core::Language language : {core::Language::fr, core::Language::en}) {
        SCOPED_TRACE(language == core::Language::fr ? "fr" : "en");
        const std::string_view no_camera = text(language, Msg::call_no_camera);
        const std::string_view lost = text(language, Msg::call_camera_lost);
        for (CallCase& screen : call_cases(language)) {
            SCOPED_TRACE(screen.name);
            const bool without = screen.name.ends_with("_no_camera");
            const bool camera_lost = screen.name == "call_in_call_camera_lost";
            EXPECT_EQ(says(screen.model, no_camera), without);
            EXPECT_EQ(says(screen.model, lost), camera_lost);
            if (without || camera_lost) {
                EXPECT_FALSE(harness.target(Action::call_camera)) << "no camera to turn off";
                EXPECT_FALSE(says(screen.model, text(language, Msg::call_self_view))) << "no self-view";
            }
            if (screen.name == "call_consent_no_camera") {
                EXPECT_TRUE(says(screen.model, text(language, Msg::call_consent_text_no_camera)));
                EXPECT_FALSE(says(screen.model, text(language, Msg::call_consent_text)))
                    << "no \"this is the picture your camera will send\"";
            }
        }
    }
    EXPECT_EQ(std::string{text(core::Language::fr, Msg::call_no_camera)},
              "Caméra indisponible\u00A0: l’appel se fera sans image");
    EXPECT_EQ(text(core::Language::en, Msg::call_no_camera), "Camera unavailable: the call will be sound only");
}

// A whole call by finger: the button in the top bar, a name typed, the call, the agent, hang up.
TEST(CallFlow, FromTheHomeScreenToAnAgentAndBackByFinger) {
    UiHarness harness(1920, 1080);
    ASSERT_EQ(harness.start_error(), "");
    BookingRig rig(core::Language::fr);
    rig.model.call_available = true;
    rig.call.on_link(true, rig.now);
    const auto show = [&] { rig.apply(harness.settle(rig.model)); };
    const auto tap = [&](const Command& command) {
        const auto target = harness.target(command);
        ASSERT_TRUE(target) << "no target for " << to_string(command);
        rig.apply(harness.tap(rig.model, target->x + target->width / 2, target->y + target->height / 2));
    };
    show();
    tap(Action::call_open);
    ASSERT_EQ(rig.model.screen, core::Screen::call);
    show();
    tap(Command{Action::call_edit, static_cast<int>(core::CallField::name)});
    show();
    tap(Command{Action::key_character, 0, {}, U'j'});
    show();
    tap(Action::key_done);
    show();
    EXPECT_EQ(rig.model.call.name.text, "J");
    tap(Action::call_start);
    ASSERT_EQ(rig.model.call.step, core::CallStep::waiting);
    std::optional<core::SendCallRequest> request;
    for (const auto& command : rig.call.take_commands()) {
        if (const auto* sent = std::get_if<core::SendCallRequest>(&command)) {
            request = *sent;
        }
    }
    ASSERT_TRUE(request);
    EXPECT_EQ(request->request.visitor_name, "J");

    rig.call.on_queued({"call-1", 1, 1}, rig.now);
    rig.call.on_answered({"call-1", "Camille"}, rig.now);
    rig.call.on_media_state(core::MediaState::connected, rig.now);
    (void)harness.frame(rig.model);
    tap(Action::call_hang_up);
    EXPECT_EQ(rig.model.call.step, core::CallStep::ended);
    bool hung_up = false;
    for (const auto& command : rig.call.take_commands()) {
        hung_up = hung_up || std::holds_alternative<core::SendHangUp>(command);
    }
    EXPECT_TRUE(hung_up);
    show();
    tap(Action::call_close);
    EXPECT_EQ(rig.model.screen, core::Screen::home);
}

} // namespace
} // namespace telecentre::ui::test
