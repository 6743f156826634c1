// The consent screen's camera preview: frames of the asked size into the mailbox, stop and start
// again, the camera handed to a call right after, nothing left behind, and a camera that cannot
// be opened reported through the callback.
#include "call_pair.hpp"
#include "telecentre/media/camera_preview.hpp"
#include "telecentre/media/media.hpp"
#include "wait_until.hpp"

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

std::size_t entries_in(const char* folder) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator{folder}) {
        ++count;
    }
    return count;
}

// What the error callback said, from the preview's media thread.
struct Errors {
    mutable std::mutex mutex;
    std::vector<std::string> messages;

    CameraPreview::ErrorCallback callback() {
        return [this](const std::string& message) {
            std::lock_guard lock{mutex};
            messages.push_back(message);
        };
    }
    [[nodiscard]] std::vector<std::string> seen() const {
        std::lock_guard lock{mutex};
        return messages;
    }
};

class PreviewTest : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        const auto initialised = initialise();
        ASSERT_TRUE(initialised.has_value()) << initialised.error();
    }
};

// Waits for a frame newer than what the mailbox gave so far, and returns it.
VideoFrame next_frame(CameraPreview& preview) {
    VideoFrame frame;
    EXPECT_TRUE(wait_until([&] { return preview.frames().take(frame); }, kDeadline)) << "no frame came";
    return frame;
}

TEST_F(PreviewTest, delivers_frames_of_the_asked_size) {
    Errors errors;
    CameraPreview preview{PreviewConfig{.video_source = {}, .width = 640, .height = 360, .fps = 15}, errors.callback()};
    std::atomic<int> woken{0};
    preview.frames().set_listener([&] { ++woken; });
    EXPECT_FALSE(preview.started());
    preview.start();
    EXPECT_TRUE(preview.started());
    const VideoFrame first = next_frame(preview);
    EXPECT_EQ(first.width, 640);
    EXPECT_EQ(first.height, 360);
    EXPECT_EQ(first.planes[0].pitch, 640);
    EXPECT_EQ(first.planes[1].pitch, 320);
    EXPECT_EQ(first.bytes.size(), 640U * 360U * 3U / 2U);
    // The test pattern is not black: the picture really was copied.
    EXPECT_NE(first.bytes[0], 0U);
    // It keeps coming, one picture after another, and each wakes the listener.
    const VideoFrame later = next_frame(preview);
    EXPECT_GT(later.sequence, first.sequence);
    EXPECT_GE(woken.load(), 2);
    preview.stop();
    EXPECT_FALSE(preview.started());
    preview.frames().set_listener({});
    EXPECT_TRUE(errors.seen().empty()) << errors.seen().front();
}

TEST_F(PreviewTest, stops_and_starts_again) {
    Errors errors;
    CameraPreview preview{PreviewConfig{}, errors.callback()};
    preview.start();
    preview.start(); // already started: nothing more
    (void)next_frame(preview);
    preview.stop();
    preview.stop(); // idempotent
    const auto published = preview.frames().counters().published;
    VideoFrame frame;
    EXPECT_FALSE(preview.frames().take(frame)) << "no picture of the run that ended";

    preview.start();
    const VideoFrame again = next_frame(preview);
    EXPECT_EQ(again.width, 640);
    EXPECT_GE(again.sequence, 1U);
    EXPECT_GT(preview.frames().counters().published, published);
    preview.stop();
    EXPECT_TRUE(errors.seen().empty()) << errors.seen().front();
}

// The hand-over the kiosk makes when the agent answers: the preview stops, then the call opens
// the same source and sends it.
TEST_F(PreviewTest, a_call_opens_the_same_source_right_after_the_preview_stops) {
    Errors errors;
    auto config = loopback_config(VideoCodec::vp8);
    CameraPreview preview{PreviewConfig{.video_source = config.video_source, .width = 640, .height = 360, .fps = 15},
                          errors.callback()};
    preview.start();
    (void)next_frame(preview);
    preview.stop();

    CallPair pair{config, loopback_config(VideoCodec::vp8)};
    pair.call(0).create_offer();
    EXPECT_TRUE(wait_until([&] { return pair.call(1).stats().video_frames_decoded >= 3; }, kDeadline))
        << pair.call(1).stats().video_frames_decoded << " frames decoded";
    VideoFrame self;
    EXPECT_TRUE(wait_until([&] { return pair.call(0).self_view().take(self); }, kDeadline));
    EXPECT_EQ(self.width, 320) << "the call's own size, not the preview's";
    EXPECT_EQ(pair.error_count(0), 0U);
    EXPECT_TRUE(errors.seen().empty()) << errors.seen().front();
}

TEST_F(PreviewTest, start_and_stop_leave_no_threads_nor_file_descriptors) {
    Errors errors;
    CameraPreview preview{PreviewConfig{}, errors.callback()};
    const auto cycle = [&] {
        preview.start();
        (void)next_frame(preview);
        preview.stop();
    };
    // The first run creates what GStreamer keeps for the whole process (the system clock's
    // thread, its pools): that is the steady state.
    cycle();
    std::size_t threads = 0;
    (void)wait_until(
        [&] {
            const std::size_t now = entries_in("/proc/self/task");
            const bool settled = now == threads;
            threads = now;
            return settled;
        },
        2s);
    const std::size_t fds = entries_in("/proc/self/fd");
    for (int i = 0; i < 8; ++i) {
        cycle();
    }
    // stop() joined the run's media thread; pool threads may linger a little.
    EXPECT_TRUE(wait_until([&] { return entries_in("/proc/self/task") <= threads + 2; }, 10s))
        << entries_in("/proc/self/task") << " threads, " << threads << " after the first run";
    EXPECT_LE(entries_in("/proc/self/fd"), fds + 1) << "after the first run: " << fds;
    EXPECT_TRUE(errors.seen().empty()) << errors.seen().front();
}

TEST_F(PreviewTest, a_missing_camera_is_reported_not_fatal) {
    Errors errors;
    CameraPreview preview{
        PreviewConfig{
            .video_source = {.kind = VideoSourceKind::v4l2, .device = "/nonexistent/video9", .name = {}, .handle = {}}},
        errors.callback()};
    preview.start();
    ASSERT_TRUE(wait_until([&] { return !errors.seen().empty(); }, kDeadline));
    const std::string message = errors.seen().front();
    EXPECT_NE(message.find("/nonexistent/video9"), std::string::npos) << message;
    EXPECT_NE(message.find("not found"), std::string::npos) << message;
    EXPECT_EQ(preview.errors(), 1U);
    EXPECT_EQ(preview.frames_delivered(), 0U);
    preview.stop();
    EXPECT_EQ(errors.seen().size(), 1U) << "one error, said once";
    // Stopped, it can be tried again (the camera plugged in meanwhile, say).
    preview.start();
    EXPECT_TRUE(wait_until([&] { return errors.seen().size() == 2; }, kDeadline));
    preview.stop();
}

TEST_F(PreviewTest, a_device_that_is_not_a_camera_is_reported_not_fatal) {
    Errors errors;
    CameraPreview preview{
        PreviewConfig{.video_source = {.kind = VideoSourceKind::v4l2, .device = "/dev/null", .name = {}, .handle = {}}},
        errors.callback()};
    preview.start();
    ASSERT_TRUE(wait_until([&] { return !errors.seen().empty(); }, kDeadline));
    EXPECT_NE(errors.seen().front().find("camera /dev/null"), std::string::npos) << errors.seen().front();
    preview.stop();
    EXPECT_EQ(preview.frames_delivered(), 0U);
}

} // namespace
} // namespace telecentre::media
