// The wall-clock stamp drawn into video frames for the glass-to-glass benchmark: it reads back
// exactly, survives the blur and noise a codec adds, and a frame without one reads as nothing.
#include "telecentre/media/frame_stamp.hpp"

#include <algorithm>
#include <cstdint>
#include <gtest/gtest.h>
#include <random>
#include <vector>

namespace telecentre::media {
namespace {

constexpr int kWidth = 640;
constexpr int kHeight = 360;
constexpr std::uint64_t kTime = 1'795'000'000'123; // 2026-11-18T11:06:40.123Z, in ms

std::vector<std::uint8_t> grey_frame() { return std::vector<std::uint8_t>(kWidth * kHeight, 100); }

TEST(FrameStamp, ReadsBackWhatWasWritten) {
    for (const std::uint64_t time : {kTime, kTime + 1, std::uint64_t{0}, (std::uint64_t{1} << 41) - 1}) {
        auto frame = grey_frame();
        write_stamp(frame.data(), kWidth, kWidth, kHeight, time);
        EXPECT_EQ(read_stamp(frame.data(), kWidth, kWidth, kHeight), time);
    }
}

TEST(FrameStamp, SurvivesNoiseAndBlurredEdges) {
    auto frame = grey_frame();
    write_stamp(frame.data(), kWidth, kWidth, kHeight, kTime);
    std::mt19937 random(7);
    std::uniform_int_distribution<int> noise(-40, 40);
    for (auto& pixel : frame) {
        pixel = static_cast<std::uint8_t>(std::clamp(pixel + noise(random), 0, 255));
    }
    // Smear every block's outer ring into grey, as a codec's deblocking might.
    for (int y = kStampOrigin; y < kStampOrigin + kStampRows * kStampBlock; ++y) {
        for (int x = kStampOrigin; x < kStampOrigin + kStampColumns * kStampBlock; ++x) {
            const int in_block_x = (x - kStampOrigin) % kStampBlock;
            const int in_block_y = (y - kStampOrigin) % kStampBlock;
            if (in_block_x < 3 || in_block_x > kStampBlock - 4 || in_block_y < 3 || in_block_y > kStampBlock - 4) {
                frame[static_cast<std::size_t>(y * kWidth + x)] = 128;
            }
        }
    }
    EXPECT_EQ(read_stamp(frame.data(), kWidth, kWidth, kHeight), kTime);
}

TEST(FrameStamp, AFrameWithoutAStampOrWithABrokenOneReadsAsNothing) {
    auto plain = grey_frame();
    EXPECT_EQ(read_stamp(plain.data(), kWidth, kWidth, kHeight), std::nullopt);
    std::vector<std::uint8_t> white(kWidth * kHeight, 235);
    EXPECT_EQ(read_stamp(white.data(), kWidth, kWidth, kHeight), std::nullopt);

    auto flipped = grey_frame();
    write_stamp(flipped.data(), kWidth, kWidth, kHeight, kTime);
    // One time bit turned over: the check no longer matches.
    const int x = kStampOrigin + 3 * kStampBlock + kStampBlock / 2;
    const int y = kStampOrigin + kStampBlock / 2;
    for (int dy = -4; dy < 4; ++dy) {
        for (int dx = -4; dx < 4; ++dx) {
            auto& pixel = flipped[static_cast<std::size_t>((y + dy) * kWidth + x + dx)];
            pixel = pixel > 128 ? 16 : 235;
        }
    }
    EXPECT_EQ(read_stamp(flipped.data(), kWidth, kWidth, kHeight), std::nullopt);
}

TEST(FrameStamp, ATooSmallFrameIsLeftAlone) {
    std::vector<std::uint8_t> small(160 * 120, 100);
    EXPECT_FALSE(stamp_fits(160, 120));
    write_stamp(small.data(), 160, 160, 120, kTime);
    EXPECT_EQ(small, std::vector<std::uint8_t>(160 * 120, 100));
    EXPECT_EQ(read_stamp(small.data(), 160, 160, 120), std::nullopt);
}

} // namespace
} // namespace telecentre::media
