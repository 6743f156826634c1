// The device rules of reception.camera, reception.microphone and reception.speaker: what each
// form means, what it picks among the devices listed, and what a call then captures.
#include "telecentre/media/device_choice.hpp"

#include <gtest/gtest.h>
#include <vector>

namespace telecentre::media {
namespace {

DeviceRule rule(DeviceKind kind, std::string_view text) {
    auto parsed = parse_device_rule(kind, text);
    EXPECT_TRUE(parsed) << text;
    return parsed.value_or(DeviceRule{});
}

const std::vector<Device> kDevices{
    {.kind = DeviceKind::microphone, .name = "Built-in Audio Analog Stereo", .id = "alsa_input.pci", .handle = {}},
    {.kind = DeviceKind::camera, .name = "Integrated Camera: Integrated C", .id = "/dev/video0", .handle = {}},
    {.kind = DeviceKind::speaker, .name = "Built-in Audio Analog Stereo", .id = "alsa_output.pci", .handle = {}},
    {.kind = DeviceKind::camera, .name = "HD Pro Webcam C920", .id = "/dev/video2", .handle = {}},
    {.kind = DeviceKind::microphone, .name = "HD Pro Webcam C920 Analog Stereo", .id = "alsa_input.usb", .handle = {}},
    {.kind = DeviceKind::camera, .name = "Caméra ÉCOLE", .id = "/dev/video4", .handle = {}},
};

TEST(DeviceRule, EachFormOfTheCamera) {
    EXPECT_EQ(rule(DeviceKind::camera, "test").kind, DeviceRuleKind::test);
    EXPECT_EQ(rule(DeviceKind::camera, "test-clock").kind, DeviceRuleKind::test_clock);
    EXPECT_EQ(rule(DeviceKind::camera, "auto").kind, DeviceRuleKind::automatic);
    EXPECT_EQ(rule(DeviceKind::camera, "none").kind, DeviceRuleKind::none);
    const DeviceRule named = rule(DeviceKind::camera, "name:C920");
    EXPECT_EQ(named.kind, DeviceRuleKind::name);
    EXPECT_EQ(named.text, "C920");
    const DeviceRule node = rule(DeviceKind::camera, "/dev/video2");
    EXPECT_EQ(node.kind, DeviceRuleKind::path);
    EXPECT_EQ(node.text, "/dev/video2");
}

TEST(DeviceRule, EachFormOfTheMicrophoneAndSpeaker) {
    EXPECT_EQ(rule(DeviceKind::microphone, "test").kind, DeviceRuleKind::test);
    EXPECT_EQ(rule(DeviceKind::microphone, "pulse").kind, DeviceRuleKind::system_default);
    EXPECT_EQ(rule(DeviceKind::microphone, "none").kind, DeviceRuleKind::none);
    EXPECT_EQ(rule(DeviceKind::microphone, "name:usb").text, "usb");
    EXPECT_EQ(rule(DeviceKind::speaker, "pulse").kind, DeviceRuleKind::system_default);
    EXPECT_EQ(rule(DeviceKind::speaker, "none").kind, DeviceRuleKind::none);
    EXPECT_EQ(rule(DeviceKind::speaker, "name:HDMI").kind, DeviceRuleKind::name);
}

TEST(DeviceRule, AWrongFormIsRefusedWithTheAcceptedOnes) {
    for (const auto* text : {"", "Test", "video0", "name:", "/dev/", "pulse", "auto-ish"}) {
        const auto parsed = parse_device_rule(DeviceKind::camera, text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_NE(parsed.error().find("\"auto\""), std::string::npos) << parsed.error();
        EXPECT_NE(parsed.error().find("name:<"), std::string::npos) << parsed.error();
        EXPECT_NE(parsed.error().find("/dev/video0"), std::string::npos) << parsed.error();
    }
    for (const auto* text : {"auto", "test-clock", "/dev/video0", "default"}) {
        const auto parsed = parse_device_rule(DeviceKind::microphone, text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_NE(parsed.error().find("\"pulse\""), std::string::npos) << parsed.error();
    }
    for (const auto* text : {"test", "auto", "fake"}) {
        const auto parsed = parse_device_rule(DeviceKind::speaker, text);
        ASSERT_FALSE(parsed) << text;
        EXPECT_EQ(parsed.error(), R"("pulse", "name:<part of the speaker's name>" or "none")");
    }
}

TEST(DeviceChoice, AutoTakesTheFirstCameraListed) {
    const auto chosen = choose_device(rule(DeviceKind::camera, "auto"), DeviceKind::camera, kDevices);
    ASSERT_TRUE(chosen);
    EXPECT_EQ(chosen->id, "/dev/video0");
    EXPECT_FALSE(choose_device(rule(DeviceKind::camera, "auto"), DeviceKind::camera, {}));
}

TEST(DeviceChoice, NameFindsAPartOfTheNameWhateverItsCase) {
    EXPECT_EQ(choose_device(rule(DeviceKind::camera, "name:webcam"), DeviceKind::camera, kDevices)->id, "/dev/video2");
    EXPECT_EQ(choose_device(rule(DeviceKind::camera, "name:caméra école"), DeviceKind::camera, kDevices)->id,
              "/dev/video4");
    // Only devices of the asked kind: the webcam's microphone is not a camera, nor the reverse.
    EXPECT_EQ(choose_device(rule(DeviceKind::microphone, "name:c920"), DeviceKind::microphone, kDevices)->id,
              "alsa_input.usb");
    EXPECT_FALSE(choose_device(rule(DeviceKind::camera, "name:Analog"), DeviceKind::camera, kDevices));
    EXPECT_FALSE(choose_device(rule(DeviceKind::camera, "name:Logitech Brio"), DeviceKind::camera, kDevices));
}

TEST(DeviceChoice, ANodeIsTakenOnlyWhenListed) {
    EXPECT_EQ(choose_device(rule(DeviceKind::camera, "/dev/video2"), DeviceKind::camera, kDevices)->name,
              "HD Pro Webcam C920");
    EXPECT_FALSE(choose_device(rule(DeviceKind::camera, "/dev/video6"), DeviceKind::camera, kDevices));
}

TEST(DeviceChoice, TestSourcesAreAlwaysThereAndNoneNever) {
    for (const auto* text : {"test", "test-clock"}) {
        EXPECT_TRUE(device_present(rule(DeviceKind::camera, text), DeviceKind::camera, {})) << text;
        EXPECT_FALSE(choose_device(rule(DeviceKind::camera, text), DeviceKind::camera, kDevices)) << text;
    }
    EXPECT_FALSE(device_present(rule(DeviceKind::camera, "none"), DeviceKind::camera, kDevices));
    EXPECT_TRUE(device_present(rule(DeviceKind::microphone, "pulse"), DeviceKind::microphone, kDevices));
    EXPECT_FALSE(device_present(rule(DeviceKind::microphone, "pulse"), DeviceKind::microphone,
                                std::span{kDevices}.subspan(1, 3)))
        << "no microphone listed";
    EXPECT_FALSE(needs_devices(rule(DeviceKind::camera, "test")));
    EXPECT_FALSE(needs_devices(rule(DeviceKind::microphone, "none")));
    EXPECT_TRUE(needs_devices(rule(DeviceKind::camera, "auto")));
    EXPECT_TRUE(needs_devices(rule(DeviceKind::microphone, "pulse")));
}

TEST(DeviceChoice, WhatACallCapturesUnderEachRule) {
    EXPECT_EQ(video_source_for(rule(DeviceKind::camera, "test-clock"), {}).kind, VideoSourceKind::test_pattern);
    const VideoSource webcam = video_source_for(rule(DeviceKind::camera, "name:C920"), kDevices);
    EXPECT_EQ(webcam.kind, VideoSourceKind::device);
    EXPECT_EQ(webcam.device, "/dev/video2");
    EXPECT_EQ(webcam.name, "HD Pro Webcam C920");
    EXPECT_EQ(video_source_for(rule(DeviceKind::camera, "auto"), {}).kind, VideoSourceKind::none)
        << "no camera: the call is sound only";
    EXPECT_EQ(video_source_for(rule(DeviceKind::camera, "none"), kDevices).kind, VideoSourceKind::none);

    EXPECT_EQ(audio_source_for(rule(DeviceKind::microphone, "test"), {}).kind, AudioSourceKind::test_tone);
    EXPECT_EQ(audio_source_for(rule(DeviceKind::microphone, "pulse"), {}).kind, AudioSourceKind::pulse);
    const AudioSource usb = audio_source_for(rule(DeviceKind::microphone, "name:C920"), kDevices);
    EXPECT_EQ(usb.kind, AudioSourceKind::device);
    EXPECT_EQ(usb.device, "alsa_input.usb");
    EXPECT_EQ(audio_source_for(rule(DeviceKind::microphone, "name:Brio"), kDevices).kind, AudioSourceKind::none);

    CallConfig config;
    set_audio_output(config, rule(DeviceKind::speaker, "none"), kDevices);
    EXPECT_EQ(config.audio_output, AudioOutput::fake);
    set_audio_output(config, rule(DeviceKind::speaker, "name:built-in"), kDevices);
    EXPECT_EQ(config.audio_output, AudioOutput::device);
    EXPECT_EQ(config.audio_output_device, "alsa_output.pci");
    set_audio_output(config, rule(DeviceKind::speaker, "name:HDMI"), kDevices);
    EXPECT_EQ(config.audio_output, AudioOutput::pulse) << "a named speaker that is not there: the default";
    EXPECT_EQ(config.audio_output_device, "");
}

} // namespace
} // namespace telecentre::media
