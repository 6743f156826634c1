// Cameras that come and go (tests/media/fake_camera.hpp): the watcher hears them, the kiosk's
// rules pick them, the preview and a call show them, and a camera pulled out in the middle of a
// call leaves the call going with sound. Also a call with no camera at all.
#include "call_pair.hpp"
#include "fake_camera.hpp"
#include "telecentre/media/camera_preview.hpp"
#include "telecentre/media/device_choice.hpp"
#include "telecentre/media/device_watcher.hpp"
#include "telecentre/media/media.hpp"
#include "wait_until.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <gtest/gtest.h>
#include <mutex>
#include <string>
#include <vector>

namespace telecentre::media {
namespace {

using namespace std::chrono_literals;
using telecentre::testing::wait_until;
using testing::CallPair;
using testing::loopback_config;

// Generous: the sanitizer build is several times slower than release.
constexpr auto kDeadline = 30s;

// What the watcher reported, from its media thread.
struct Events {
    mutable std::mutex mutex;
    std::vector<DeviceEvent> seen;

    DeviceWatcher::Listener listener() {
        return [this](const DeviceEvent& event) {
            std::lock_guard lock{mutex};
            seen.push_back(event);
        };
    }
    [[nodiscard]] bool saw(DeviceChange change, const std::string& name) const {
        std::lock_guard lock{mutex};
        return std::ranges::any_of(seen, [&](const DeviceEvent& event) {
            return event.change == change && (change == DeviceChange::listed || event.device.name == name);
        });
    }
    [[nodiscard]] std::vector<DeviceEvent> all() const {
        std::lock_guard lock{mutex};
        return seen;
    }
};

bool lists(const std::vector<Device>& devices, const std::string& name) {
    return std::ranges::any_of(devices, [&](const Device& device) { return device.name == name; });
}

DeviceRule camera_rule(std::string_view text) {
    return parse_device_rule(DeviceKind::camera, text).value_or(DeviceRule{});
}

class DeviceTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto initialised = initialise();
        ASSERT_TRUE(initialised.has_value()) << initialised.error();
        testing::install_fake_cameras();
    }
};

TEST_F(DeviceTest, the_watcher_hears_a_camera_plugged_in_and_pulled_out) {
    testing::plug_fake_camera("Desk Camera", "/dev/video40");
    Events events;
    std::vector<std::string> errors;
    DeviceWatcher watcher{events.listener(), [&](const std::string& message) { errors.push_back(message); }};
    EXPECT_FALSE(watcher.started());
    watcher.start();
    EXPECT_TRUE(watcher.started());
    ASSERT_TRUE(wait_until([&] { return events.saw(DeviceChange::listed, {}); }, kDeadline));
    const DeviceEvent first = events.all().front();
    EXPECT_EQ(first.change, DeviceChange::listed) << "the list at start comes first";
    ASSERT_TRUE(lists(first.devices, "Desk Camera")) << "plugged in before the start";
    const auto desk =
        std::ranges::find_if(first.devices, [](const Device& device) { return device.name == "Desk Camera"; });
    EXPECT_EQ(desk->kind, DeviceKind::camera);
    EXPECT_EQ(desk->id, "/dev/video40");
    EXPECT_NE(desk->handle, nullptr);

    testing::plug_fake_camera("Door Camera", "/dev/video41");
    ASSERT_TRUE(wait_until([&] { return events.saw(DeviceChange::added, "Door Camera"); }, kDeadline));
    EXPECT_TRUE(lists(watcher.devices(), "Door Camera"));
    EXPECT_TRUE(lists(watcher.devices(), "Desk Camera"));

    testing::unplug_fake_camera("Desk Camera");
    ASSERT_TRUE(wait_until([&] { return events.saw(DeviceChange::removed, "Desk Camera"); }, kDeadline));
    EXPECT_FALSE(lists(watcher.devices(), "Desk Camera"));
    EXPECT_TRUE(lists(watcher.devices(), "Door Camera"));
    const DeviceEvent last = events.all().back();
    EXPECT_EQ(last.change, DeviceChange::removed);
    EXPECT_FALSE(lists(last.devices, "Desk Camera")) << "each event carries the list after it";
    // The devices listed at start are not heard a second time as added.
    for (const DeviceEvent& event : events.all()) {
        EXPECT_FALSE(event.change == DeviceChange::added && event.device.name == "Desk Camera");
    }

    watcher.stop();
    watcher.stop(); // idempotent
    EXPECT_FALSE(watcher.started());
    EXPECT_TRUE(watcher.devices().empty());
    const std::size_t heard = events.all().size();
    testing::unplug_fake_camera("Door Camera");
    testing::plug_fake_camera("Late Camera", "/dev/video42");
    EXPECT_EQ(events.all().size(), heard) << "nothing is heard once stopped";
    EXPECT_TRUE(errors.empty()) << errors.front();

    // Started again, it lists what is there now.
    watcher.start();
    ASSERT_TRUE(wait_until([&] { return lists(watcher.devices(), "Late Camera"); }, kDeadline));
    watcher.stop();
    testing::unplug_fake_camera("Late Camera");
}

std::size_t entries_in(const char* folder) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator{folder}) {
        ++count;
    }
    return count;
}

TEST_F(DeviceTest, starting_and_stopping_the_watcher_leaves_no_thread_behind) {
    testing::plug_fake_camera("Cycle Camera", "/dev/video47");
    Events events;
    DeviceWatcher watcher{events.listener()};
    const auto cycle = [&](std::size_t round) {
        watcher.start();
        EXPECT_TRUE(wait_until([&] { return events.all().size() >= round; }, kDeadline));
        watcher.stop();
    };
    // The first round makes what GStreamer keeps for the process: the steady state.
    cycle(1);
    const std::size_t threads = entries_in("/proc/self/task");
    const std::size_t fds = entries_in("/proc/self/fd");
    for (std::size_t round = 2; round <= 6; ++round) {
        cycle(round);
    }
    EXPECT_EQ(events.all().size(), 6U) << "one list per start, nothing else";
    for (const DeviceEvent& event : events.all()) {
        EXPECT_EQ(event.change, DeviceChange::listed);
        EXPECT_TRUE(lists(event.devices, "Cycle Camera"));
    }
    EXPECT_TRUE(wait_until([&] { return entries_in("/proc/self/task") <= threads; }, 10s))
        << entries_in("/proc/self/task") << " threads, " << threads << " after the first round";
    EXPECT_LE(entries_in("/proc/self/fd"), fds);
    testing::unplug_fake_camera("Cycle Camera");
}

TEST_F(DeviceTest, the_rules_pick_the_camera_the_watcher_lists) {
    testing::plug_fake_camera("Front Desk Cam", "/dev/video43");
    testing::plug_fake_camera("USB Webcam C920", "/dev/video44");
    DeviceWatcher watcher{DeviceWatcher::Listener{}};
    watcher.start();
    ASSERT_TRUE(wait_until(
        [&] { return lists(watcher.devices(), "Front Desk Cam") && lists(watcher.devices(), "USB Webcam C920"); },
        kDeadline));
    const auto devices = watcher.devices();

    const auto automatic = choose_device(camera_rule("auto"), DeviceKind::camera, devices);
    ASSERT_TRUE(automatic);
    EXPECT_TRUE(automatic->name == "Front Desk Cam" || automatic->name == "USB Webcam C920") << automatic->name;
    EXPECT_EQ(choose_device(camera_rule("name:webcam c920"), DeviceKind::camera, devices)->name, "USB Webcam C920");
    EXPECT_EQ(choose_device(camera_rule("/dev/video43"), DeviceKind::camera, devices)->name, "Front Desk Cam");
    EXPECT_FALSE(choose_device(camera_rule("name:Brio"), DeviceKind::camera, devices));
    const VideoSource source = video_source_for(camera_rule("name:desk"), devices);
    EXPECT_EQ(source.kind, VideoSourceKind::device);
    EXPECT_EQ(source.name, "Front Desk Cam");
    EXPECT_NE(source.handle, nullptr);

    testing::unplug_fake_camera("Front Desk Cam");
    ASSERT_TRUE(wait_until([&] { return !lists(watcher.devices(), "Front Desk Cam"); }, kDeadline));
    EXPECT_EQ(video_source_for(camera_rule("name:desk"), watcher.devices()).kind, VideoSourceKind::none);
    EXPECT_EQ(choose_device(camera_rule("auto"), DeviceKind::camera, watcher.devices())->name, "USB Webcam C920");
    watcher.stop();
    testing::unplug_fake_camera("USB Webcam C920");
}

// Plugs a camera in and waits until a watcher lists it; returns the source the rule gives.
VideoSource plugged_camera(DeviceWatcher& watcher, const std::string& name, const std::string& node) {
    testing::plug_fake_camera(name, node);
    watcher.start();
    EXPECT_TRUE(wait_until([&] { return lists(watcher.devices(), name); }, kDeadline));
    return video_source_for(camera_rule("name:" + name), watcher.devices());
}

TEST_F(DeviceTest, the_preview_shows_the_chosen_camera) {
    DeviceWatcher watcher{DeviceWatcher::Listener{}};
    const VideoSource source = plugged_camera(watcher, "Preview Cam", "/dev/video45");
    ASSERT_EQ(source.kind, VideoSourceKind::device);
    std::vector<std::string> errors;
    std::mutex mutex;
    CameraPreview preview{PreviewConfig{.video_source = source, .width = 320, .height = 180, .fps = 15},
                          [&](const std::string& message) {
                              std::lock_guard lock{mutex};
                              errors.push_back(message);
                          }};
    const std::size_t made = testing::fake_camera_elements_made();
    preview.start();
    VideoFrame frame;
    ASSERT_TRUE(wait_until([&] { return preview.frames().take(frame); }, kDeadline));
    EXPECT_EQ(frame.width, 320);
    EXPECT_EQ(frame.height, 180);
    EXPECT_EQ(testing::fake_camera_elements_made(), made + 1) << "the camera's own element, not a test pattern";
    preview.stop();

    // Pulled out: the preview says so (the kiosk stops it when the watcher hears the removal).
    preview.start();
    ASSERT_TRUE(wait_until([&] { return preview.frames().take(frame); }, kDeadline));
    testing::unplug_fake_camera("Preview Cam");
    EXPECT_TRUE(wait_until([&] { return preview.errors() >= 1; }, kDeadline));
    preview.stop();
    std::lock_guard lock{mutex};
    ASSERT_FALSE(errors.empty());
    EXPECT_NE(errors.front().find("Preview Cam"), std::string::npos) << errors.front();
}

TEST_F(DeviceTest, a_call_sends_the_chosen_camera_and_goes_on_with_sound_when_it_is_pulled_out) {
    DeviceWatcher watcher{DeviceWatcher::Listener{}};
    auto config = loopback_config(VideoCodec::vp8);
    config.video_source = plugged_camera(watcher, "Call Cam", "/dev/video46");
    ASSERT_EQ(config.video_source.kind, VideoSourceKind::device);
    const std::size_t made = testing::fake_camera_elements_made();
    CallPair pair{config, loopback_config(VideoCodec::vp8)};
    pair.call(0).create_offer();
    ASSERT_TRUE(wait_until(
        [&] {
            return pair.call(1).stats().video_frames_decoded >= 5 && pair.call(0).stats().video_frames_decoded >= 5;
        },
        kDeadline));
    EXPECT_EQ(testing::fake_camera_elements_made(), made + 1);
    VideoFrame self;
    EXPECT_TRUE(wait_until([&] { return pair.call(0).self_view().take(self); }, kDeadline));

    testing::unplug_fake_camera("Call Cam");
    ASSERT_TRUE(wait_until([&] { return !pair.record(0).cameras_lost.empty(); }, kDeadline))
        << "the call says the camera was lost";
    EXPECT_NE(pair.record(0).cameras_lost.front().find("Call Cam"), std::string::npos)
        << pair.record(0).cameras_lost.front();
    // The call goes on: the agent's side keeps decoding (a black picture now) and hearing.
    const CallStats before = pair.call(1).stats();
    EXPECT_TRUE(wait_until(
        [&] {
            const CallStats now = pair.call(1).stats();
            return now.video_frames_decoded >= before.video_frames_decoded + 10 &&
                   now.audio_samples_received >= before.audio_samples_received + 48000 / 2;
        },
        kDeadline))
        << pair.call(1).stats().video_frames_decoded << " frames decoded, " << before.video_frames_decoded
        << " when the camera went";
    const CallStats kiosk = pair.call(0).stats();
    EXPECT_TRUE(wait_until(
        [&] { return pair.call(0).stats().audio_samples_received >= kiosk.audio_samples_received + 48000 / 2; },
        kDeadline));
    EXPECT_EQ(pair.call(0).stats().state, CallState::connected);
    EXPECT_FALSE(pair.saw_state(0, CallState::failed));
    EXPECT_FALSE(pair.saw_state(1, CallState::failed));
    EXPECT_EQ(pair.error_count(0), 0U) << pair.record(0).errors.front();
    // The visitor's own tile shows the black picture that is sent.
    const auto black = [](const VideoFrame& frame) {
        return !frame.bytes.empty() && frame.bytes[frame.bytes.size() / 3] < 30U; // the middle of the Y plane
    };
    EXPECT_TRUE(wait_until([&] { return pair.call(0).self_view().take(self) && black(self); }, kDeadline));
    pair.call(0).hang_up();
    EXPECT_TRUE(pair.saw_state(0, CallState::closed));
}

struct NoCamera {
    std::size_t offerer;
};

class NoCameraTest : public DeviceTest, public ::testing::WithParamInterface<NoCamera> {};

// Side 0 has no camera: it sends sound only, and still receives the other side's picture.
TEST_P(NoCameraTest, a_call_without_camera_is_sound_only_one_way_and_sees_the_agent) {
    auto config = loopback_config(VideoCodec::vp8);
    config.video_source = VideoSource{.kind = VideoSourceKind::none, .device = {}, .name = {}, .handle = {}};
    CallPair pair{config, loopback_config(VideoCodec::vp8)};
    pair.call(GetParam().offerer).create_offer();
    EXPECT_TRUE(wait_until(
        [&] {
            const auto kiosk = pair.call(0).stats();
            const auto agent = pair.call(1).stats();
            return kiosk.video_frames_decoded >= 5 && kiosk.audio_samples_received >= 48000 / 2 &&
                   agent.audio_samples_received >= 48000 / 2;
        },
        kDeadline))
        << pair.call(0).stats().video_frames_decoded << " frames, " << pair.call(0).stats().audio_samples_received
        << " samples on the kiosk, " << pair.call(1).stats().audio_samples_received << " on the agent's side";
    EXPECT_EQ(pair.call(1).stats().video_frames_decoded, 0U);
    EXPECT_EQ(pair.call(0).stats().video_frames_sent, 0U);
    VideoFrame frame;
    EXPECT_FALSE(pair.call(0).self_view().take(frame)) << "no picture of oneself";
    // The kiosk's description says it only receives video.
    const auto kiosk_sdp = pair.record(0).local_descriptions.at(0);
    const auto video = kiosk_sdp.find("m=video");
    ASSERT_NE(video, std::string::npos) << kiosk_sdp;
    EXPECT_NE(kiosk_sdp.find("a=recvonly", video), std::string::npos) << kiosk_sdp;
    EXPECT_EQ(pair.error_count(0), 0U) << pair.record(0).errors.front();
    EXPECT_EQ(pair.error_count(1), 0U) << pair.record(1).errors.front();
}

INSTANTIATE_TEST_SUITE_P(Devices, NoCameraTest, ::testing::Values(NoCamera{0}, NoCamera{1}),
                         [](const ::testing::TestParamInfo<NoCamera>& param_info) {
                             return param_info.param.offerer == 0 ? std::string{"kiosk_offers"}
                                                                  : std::string{"agent_offers"};
                         });

} // namespace
} // namespace telecentre::media
