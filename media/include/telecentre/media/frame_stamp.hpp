#pragma once
// A wall-clock time drawn into a video frame's luma, for glass-to-glass measurements: the sender
// writes the time a frame leaves its camera stage, the receiver reads it back when it shows the
// frame (bench/reception_bench.mjs reads it in the browser with the same layout). Two rows of 24
// square blocks, black for 0 and white for 1, at the frame's top-left corner: bits 0-40 are the
// milliseconds since the Unix epoch, bits 41-47 that number modulo 127 with its bits inverted, so that a frame without
// a stamp, or one the encoder smeared, reads as nothing rather than as a wrong time. Plain C++, no GStreamer: the media
// engine writes it, tests and tools read it.

#include <cstdint>
#include <optional>

namespace telecentre::media {

inline constexpr int kStampBlock = 16;     // pixels per block side
inline constexpr int kStampColumns = 24;   // blocks per row
inline constexpr int kStampRows = 2;       // rows of blocks
inline constexpr int kStampOrigin = 16;    // pixels from the top and left edges
inline constexpr int kStampValueBits = 41; // milliseconds, good until the year 2039

// Whether a frame of this size holds the stamp.
[[nodiscard]] bool stamp_fits(int width, int height);
// Writes `milliseconds` into an 8-bit luma plane; does nothing when the frame is too small.
void write_stamp(std::uint8_t* luma, int stride, int width, int height, std::uint64_t milliseconds);
// The stamp of a luma plane, or nothing when there is none that checks out.
[[nodiscard]] std::optional<std::uint64_t> read_stamp(const std::uint8_t* luma, int stride, int width, int height);

} // namespace telecentre::media
