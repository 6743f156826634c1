// Two calls in one process, signalling wired straight between them: negotiation both ways,
// VP8 and H.264, audio and video both ways, mute, camera off, hang-up, bad input, cleanup.
#include "call_pair.hpp"
#include "telecentre/media/media.hpp"
#include "wait_until.hpp"

#include <chrono>
#include <cstdlib>
#include <gtest/gtest.h>
#include <mutex>
#include <string>

namespace telecentre::media {
namespace {

using namespace std::chrono_literals;
using telecentre::testing::wait_until;
using testing::CallPair;
using testing::loopback_config;

// Generous: the sanitizer build is several times slower than release.
constexpr auto kDeadline = 30s;

class MediaTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto initialised = initialise();
        ASSERT_TRUE(initialised.has_value()) << initialised.error();
    }
};

// Both sides decode the other's video and receive its audio.
void expect_media_both_ways(CallPair& pair) {
    for (std::size_t side : {0U, 1U}) {
        EXPECT_TRUE(wait_until(
            [&] {
                const auto stats = pair.call(side).stats();
                return stats.video_frames_decoded >= 5 && stats.audio_samples_received >= 48000 / 2;
            },
            kDeadline))
            << "side " << side << ": " << pair.call(side).stats().video_frames_decoded << " frames, "
            << pair.call(side).stats().audio_samples_received << " samples";
        EXPECT_TRUE(pair.saw_state(side, CallState::connected)) << "side " << side;
    }
}

struct Direction {
    VideoCodec codec;
    std::size_t offerer;
};

class CallBothWaysTest : public MediaTest, public ::testing::WithParamInterface<Direction> {};

TEST_P(CallBothWaysTest, audio_and_video_flow_both_ways) {
    const auto [codec, offerer] = GetParam();
    CallPair pair{loopback_config(codec), loopback_config(codec)};
    pair.call(offerer).create_offer();
    expect_media_both_ways(pair);
    for (std::size_t side : {0U, 1U}) {
        const auto stats = pair.call(side).stats();
        EXPECT_EQ(stats.video_codec, to_string(codec));
        EXPECT_GT(stats.video_frames_sent, 0U);
        EXPECT_TRUE(stats.ice_state == IceState::connected || stats.ice_state == IceState::completed);
        EXPECT_GT(stats.remote_audio_level, 0.05) << "the remote test tone should be heard";
        const auto record = pair.record(side);
        EXPECT_TRUE(record.errors.empty()) << record.errors.front();
        // The network rule: ICE offered loopback only.
        ASSERT_FALSE(record.local_candidates.empty());
        for (const auto& candidate : record.local_candidates) {
            EXPECT_NE(candidate.find(" 127.0.0.1 "), std::string::npos) << candidate;
        }
        VideoFrame frame;
        EXPECT_TRUE(wait_until([&] { return pair.call(side).remote_video().take(frame); }, kDeadline));
        EXPECT_EQ(frame.width, 320);
        EXPECT_EQ(frame.height, 240);
        EXPECT_TRUE(wait_until([&] { return pair.call(side).self_view().take(frame); }, kDeadline));
    }
    const auto offer = pair.record(offerer).local_descriptions.at(0);
    EXPECT_NE(offer.find(codec == VideoCodec::vp8 ? "VP8/90000" : "H264/90000"), std::string::npos) << offer;
    EXPECT_EQ(offer.find("profile-level-id=42c01e"), std::string::npos) << "no x264 profile in the caps";
}

INSTANTIATE_TEST_SUITE_P(Calls, CallBothWaysTest,
                         ::testing::Values(Direction{VideoCodec::vp8, 0}, Direction{VideoCodec::vp8, 1},
                                           Direction{VideoCodec::h264, 0}, Direction{VideoCodec::h264, 1}),
                         [](const auto& param_info) {
                             return std::string{to_string(param_info.param.codec)} + "_offer_from_" +
                                    (param_info.param.offerer == 0 ? "first" : "second");
                         });

// Both descriptions offer transport-wide congestion control (the browser's sender adapts to the
// feedback), and each caps the video it receives when told to, on the video m-line only.
TEST_F(MediaTest, descriptions_carry_congestion_feedback_and_the_receive_cap) {
    auto capped = loopback_config(VideoCodec::vp8);
    capped.receive_video_kbps = 1500;
    CallPair pair{capped, loopback_config(VideoCodec::vp8)};
    pair.call(0).create_offer();
    ASSERT_TRUE(wait_until([&] { return pair.record(1).local_descriptions.size() == 1; }, kDeadline));
    const std::string twcc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    const auto offer = pair.record(0).local_descriptions.at(0);
    const auto answer = pair.record(1).local_descriptions.at(0);
    for (const auto& description : {offer, answer}) {
        EXPECT_NE(description.find("a=extmap:3 " + twcc), std::string::npos) << description;
        EXPECT_NE(description.find(" transport-cc"), std::string::npos) << description;
    }
    const auto audio_at = offer.find("m=audio");
    const auto video_at = offer.find("m=video");
    ASSERT_NE(audio_at, std::string::npos);
    ASSERT_NE(video_at, std::string::npos);
    const auto video_section = offer.substr(video_at, audio_at > video_at ? audio_at - video_at : std::string::npos);
    EXPECT_NE(video_section.find("b=AS:1500\r\n"), std::string::npos) << offer;
    EXPECT_NE(video_section.find("b=TIAS:1500000\r\n"), std::string::npos) << offer;
    EXPECT_EQ(offer.find("b=AS"), offer.rfind("b=AS")) << "the cap is on the video m-line only";
    EXPECT_EQ(answer.find("b=AS"), std::string::npos) << "no cap where none is set";
    expect_media_both_ways(pair);
}

TEST_F(MediaTest, answerer_takes_the_offerers_codec) {
    CallPair pair{loopback_config(VideoCodec::h264), loopback_config(VideoCodec::vp8)};
    pair.call(0).create_offer();
    expect_media_both_ways(pair);
    EXPECT_EQ(pair.call(1).stats().video_codec, "H264");
}

TEST_F(MediaTest, echo_cancellation_on_both_sides) {
    auto config = loopback_config(VideoCodec::vp8);
    config.audio_processing = AudioProcessing::echo_cancellation_and_noise_suppression;
    CallPair pair{config, config};
    pair.call(0).create_offer();
    expect_media_both_ways(pair);
    EXPECT_EQ(pair.error_count(0) + pair.error_count(1), 0U);
}

TEST_F(MediaTest, mute_silences_the_microphone_and_unmute_brings_it_back) {
    CallPair pair{loopback_config(VideoCodec::vp8), loopback_config(VideoCodec::vp8)};
    pair.call(0).create_offer();
    expect_media_both_ways(pair);
    auto level_at_second = [&] { return pair.call(1).stats().remote_audio_level; };
    EXPECT_TRUE(wait_until([&] { return level_at_second() > 0.05; }, kDeadline));
    pair.call(0).set_microphone_muted(MicrophoneState::muted);
    EXPECT_TRUE(wait_until([&] { return level_at_second() < 0.001; }, kDeadline)) << level_at_second();
    // The stream itself keeps flowing.
    const auto samples = pair.call(1).stats().audio_samples_received;
    EXPECT_TRUE(wait_until([&] { return pair.call(1).stats().audio_samples_received > samples + 4800; }, kDeadline));
    pair.call(0).set_microphone_muted(MicrophoneState::live);
    EXPECT_TRUE(wait_until([&] { return level_at_second() > 0.05; }, kDeadline)) << level_at_second();
}

// Mean of the luma plane: ~16 for a black I420 picture, far above for the test pattern.
double mean_luma(const VideoFrame& frame) {
    double sum = 0;
    for (int row = 0; row < frame.height; ++row) {
        for (int column = 0; column < frame.width; ++column) {
            sum += frame.plane_data(0)[static_cast<std::size_t>(row * frame.planes[0].pitch + column)];
        }
    }
    return sum / (frame.width * frame.height);
}

TEST_F(MediaTest, camera_off_sends_black_frames) {
    CallPair pair{loopback_config(VideoCodec::vp8), loopback_config(VideoCodec::vp8)};
    pair.call(0).create_offer();
    expect_media_both_ways(pair);
    VideoFrame frame;
    auto remote_luma = [&] { return pair.call(1).remote_video().take(frame) ? mean_luma(frame) : -1.0; };
    EXPECT_TRUE(wait_until([&] { return remote_luma() > 60; }, kDeadline));
    pair.call(0).set_camera_enabled(CameraState::off);
    EXPECT_TRUE(wait_until(
        [&] {
            const double luma = remote_luma();
            return luma >= 0 && luma < 24;
        },
        kDeadline));
    pair.call(0).set_camera_enabled(CameraState::on);
    EXPECT_TRUE(wait_until([&] { return remote_luma() > 60; }, kDeadline));
}

class HangUpTest : public MediaTest, public ::testing::WithParamInterface<std::size_t> {};

TEST_P(HangUpTest, one_side_hangs_up_then_the_other) {
    const std::size_t first = GetParam();
    const std::size_t other = 1 - first;
    CallPair pair{loopback_config(VideoCodec::vp8), loopback_config(VideoCodec::vp8)};
    pair.call(0).create_offer();
    expect_media_both_ways(pair);
    pair.unlink(); // the signalling would carry a "bye"; here each side is ended directly
    pair.call(first).hang_up();
    EXPECT_TRUE(pair.saw_state(first, CallState::closed));
    EXPECT_EQ(pair.call(first).stats().state, CallState::closed);
    pair.call(first).hang_up();      // idempotent
    pair.call(first).create_offer(); // ignored once closed
    // The other side stops receiving: its decoded count stays still over half a second.
    std::uint64_t last = pair.call(other).stats().video_frames_decoded;
    auto still = std::chrono::steady_clock::now();
    EXPECT_TRUE(wait_until(
        [&] {
            const auto now = pair.call(other).stats().video_frames_decoded;
            if (now != last) {
                last = now;
                still = std::chrono::steady_clock::now();
            }
            return std::chrono::steady_clock::now() - still > 500ms;
        },
        kDeadline));
    pair.destroy(other);
    const auto record = pair.record(other);
    EXPECT_EQ(record.states.back(), CallState::closed);
}

INSTANTIATE_TEST_SUITE_P(Sides, HangUpTest, ::testing::Values(0U, 1U), [](const auto& param_info) {
    return param_info.param == 0 ? "offerer_first" : "answerer_first";
});

TEST_F(MediaTest, hang_up_from_inside_a_callback) {
    std::atomic<WebrtcbinCall*> self{nullptr};
    std::atomic<bool> closed{false};
    CallCallbacks callbacks;
    callbacks.on_local_description = [&](SdpType, const std::string&) { self.load()->hang_up(); };
    callbacks.on_state = [&](CallState state) { closed = closed || state == CallState::closed; };
    WebrtcbinCall call{loopback_config(VideoCodec::vp8), callbacks};
    self = &call;
    call.create_offer();
    EXPECT_TRUE(wait_until([&] { return closed.load(); }, kDeadline));
    call.hang_up();
}

// A device that is not there fails the call with a message, and the call still ends cleanly.
void expect_start_failure(CallConfig config) {
    std::mutex mutex;
    std::vector<std::string> errors;
    std::atomic<bool> failed{false};
    CallCallbacks callbacks;
    callbacks.on_error = [&](const std::string& message) {
        std::lock_guard lock{mutex};
        errors.push_back(message);
    };
    callbacks.on_state = [&](CallState state) { failed = failed || state == CallState::failed; };
    WebrtcbinCall call{std::move(config), callbacks};
    call.create_offer();
    EXPECT_TRUE(wait_until([&] { return failed.load(); }, kDeadline));
    call.hang_up();
    std::lock_guard lock{mutex};
    EXPECT_FALSE(errors.empty());
}

TEST_F(MediaTest, a_missing_camera_fails_the_call) {
    auto config = loopback_config(VideoCodec::vp8);
    config.video_source =
        VideoSource{.kind = VideoSourceKind::v4l2, .device = "/nonexistent/video9", .name = {}, .handle = {}};
    expect_start_failure(config);
}

TEST_F(MediaTest, a_missing_sound_server_fails_the_call) {
    // Points libpulse at a socket that does not exist, whatever this machine runs.
    ::setenv("PULSE_SERVER", "unix:/nonexistent/pulse/native", 1);
    auto config = loopback_config(VideoCodec::vp8);
    config.audio_output = AudioOutput::pulse;
    expect_start_failure(config);
}

TEST_F(MediaTest, malformed_descriptions_and_candidates_are_reported) {
    CallPair pair{loopback_config(VideoCodec::vp8), loopback_config(VideoCodec::vp8)};
    std::size_t expected_errors = 0;
    auto expect_error = [&](auto&& action) {
        action();
        ++expected_errors;
        EXPECT_TRUE(wait_until([&] { return pair.error_count(1) >= expected_errors; }, kDeadline));
    };
    expect_error([&] { pair.call(1).set_remote_description(SdpType::offer, "not sdp at all"); });
    expect_error([&] { pair.call(1).set_remote_description(SdpType::offer, "v=0\r\n"); });
    expect_error([&] {
        pair.call(1).set_remote_description(SdpType::offer, "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
                                                            "m=video 9 UDP/TLS/RTP/SAVPF 120\r\n"
                                                            "a=rtpmap:120 THEORA/90000\r\n");
    });
    expect_error([&] { pair.call(1).set_remote_description(SdpType::answer, "v=0\r\n"); });
    expect_error([&] { pair.call(1).add_remote_candidate(0, "candidate:garbage"); });
    expect_error([&] { pair.call(1).add_remote_candidate(0, std::string{"candidate:1 1 UDP 1 1.2.3.4 5\0x", 32}); });
    // Still usable: a real offer now gets through.
    pair.call(0).create_offer();
    expect_media_both_ways(pair);
    EXPECT_EQ(pair.error_count(1), expected_errors);
    EXPECT_EQ(pair.error_count(0), 0U);
}

} // namespace
} // namespace telecentre::media
