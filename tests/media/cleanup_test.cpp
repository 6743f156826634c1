// Calls leave nothing behind: after many calls made and ended, the process has the threads and
// file descriptors it had after the first one.
#include "call_pair.hpp"
#include "telecentre/media/devices.hpp"
#include "telecentre/media/media.hpp"
#include "wait_until.hpp"

#include <chrono>
#include <filesystem>
#include <gtest/gtest.h>

namespace telecentre::media {
namespace {

using namespace std::chrono_literals;
using telecentre::testing::wait_until;
using testing::CallPair;
using testing::loopback_config;

std::size_t entries_in(const char* folder) {
    std::size_t count = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator{folder}) {
        ++count;
    }
    return count;
}

void one_call() {
    CallPair pair{loopback_config(VideoCodec::vp8), loopback_config(VideoCodec::vp8)};
    pair.call(0).create_offer();
    ASSERT_TRUE(wait_until(
        [&] {
            return pair.call(0).stats().video_frames_decoded >= 2 && pair.call(1).stats().video_frames_decoded >= 2;
        },
        30s));
}

TEST(MediaCleanupTest, calls_leave_no_threads_nor_file_descriptors) {
    ASSERT_TRUE(initialise().has_value());
    // The first call creates what GStreamer keeps for the whole process (its thread pools,
    // the system clock's thread, libnice's resolver): that is the steady state.
    one_call();
    // GLib's thread pools let idle threads go after a while; give them the time to settle.
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
    constexpr int kCalls = 5;
    for (int i = 0; i < kCalls; ++i) {
        one_call();
    }
    // Pool threads may linger a little; there must be no new ones per call.
    EXPECT_TRUE(wait_until([&] { return entries_in("/proc/self/task") <= threads + 2; }, 10s))
        << entries_in("/proc/self/task") << " threads, " << threads << " after the first call";
    EXPECT_LE(entries_in("/proc/self/fd"), fds + 2) << "after the first call: " << fds;
}

TEST(MediaCleanupTest, a_call_never_started_ends_cleanly) {
    ASSERT_TRUE(initialise().has_value());
    std::vector<CallState> states;
    CallCallbacks callbacks;
    callbacks.on_state = [&](CallState state) { states.push_back(state); };
    { WebrtcbinCall call{loopback_config(VideoCodec::vp8), callbacks}; }
    ASSERT_EQ(states.size(), 1U);
    EXPECT_EQ(states[0], CallState::closed);
}

// CI has no camera nor sound server: listing must still answer, with what there is.
TEST(MediaCleanupTest, listing_devices_answers_without_any) {
    ASSERT_TRUE(initialise().has_value());
    const std::size_t threads = entries_in("/proc/self/task");
    for (const auto& device : list_devices()) {
        EXPECT_FALSE(device.name.empty());
    }
    EXPECT_TRUE(wait_until([&] { return entries_in("/proc/self/task") <= threads + 1; }, 5s));
}

} // namespace
} // namespace telecentre::media
