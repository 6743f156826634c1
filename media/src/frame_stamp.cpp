#include "telecentre/media/frame_stamp.hpp"

namespace telecentre::media {
namespace {

constexpr int kBits = kStampColumns * kStampRows;
constexpr std::uint64_t kCheckModulus = 127;
static_assert(kStampValueBits + 7 == kBits, "41 bits of time and 7 of check fill the blocks");

std::uint64_t with_check(std::uint64_t milliseconds) {
    const std::uint64_t value = milliseconds & ((std::uint64_t{1} << kStampValueBits) - 1);
    // Inverted, so that neither an all-black nor an all-white corner checks out.
    const std::uint64_t check = (value % kCheckModulus) ^ 0x7F;
    return value | (check << kStampValueBits);
}

} // namespace

bool stamp_fits(int width, int height) {
    return width >= kStampOrigin * 2 + kStampColumns * kStampBlock &&
           height >= kStampOrigin * 2 + kStampRows * kStampBlock;
}

void write_stamp(std::uint8_t* luma, int stride, int width, int height, std::uint64_t milliseconds) {
    if (!stamp_fits(width, height)) {
        return;
    }
    const std::uint64_t bits = with_check(milliseconds);
    for (int bit = 0; bit < kBits; ++bit) {
        const std::uint8_t level = ((bits >> bit) & 1U) != 0 ? 235 : 16; // video-range white, black
        const int left = kStampOrigin + (bit % kStampColumns) * kStampBlock;
        const int top = kStampOrigin + (bit / kStampColumns) * kStampBlock;
        for (int y = top; y < top + kStampBlock; ++y) {
            for (int x = left; x < left + kStampBlock; ++x) {
                luma[static_cast<std::size_t>(y) * static_cast<std::size_t>(stride) + static_cast<std::size_t>(x)] =
                    level;
            }
        }
    }
}

std::optional<std::uint64_t> read_stamp(const std::uint8_t* luma, int stride, int width, int height) {
    if (!stamp_fits(width, height)) {
        return std::nullopt;
    }
    std::uint64_t bits = 0;
    for (int bit = 0; bit < kBits; ++bit) {
        // The block's middle half: its edges are where a codec blurs it into its neighbours.
        const int left = kStampOrigin + (bit % kStampColumns) * kStampBlock + kStampBlock / 4;
        const int top = kStampOrigin + (bit / kStampColumns) * kStampBlock + kStampBlock / 4;
        unsigned sum = 0;
        for (int y = top; y < top + kStampBlock / 2; ++y) {
            for (int x = left; x < left + kStampBlock / 2; ++x) {
                sum +=
                    luma[static_cast<std::size_t>(y) * static_cast<std::size_t>(stride) + static_cast<std::size_t>(x)];
            }
        }
        if (sum / (kStampBlock * kStampBlock / 4) >= 128) {
            bits |= std::uint64_t{1} << bit;
        }
    }
    const std::uint64_t value = bits & ((std::uint64_t{1} << kStampValueBits) - 1);
    if (with_check(value) != bits) {
        return std::nullopt;
    }
    return value;
}

} // namespace telecentre::media
