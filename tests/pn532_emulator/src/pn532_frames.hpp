#pragma once
// PN532 host-link framing (user manual §6.2): the frames a host sends and the frames the chip
// answers with. Normal frame: 00 00 FF LEN LCS TFI PD... DCS 00; extended frame (more than 254
// data bytes): 00 00 FF FF FF LENM LENL LCS TFI PD... DCS 00; ACK 00 00 FF 00 FF 00; NACK
// 00 00 FF FF 00 00. LEN counts TFI and PD; LCS and DCS make the sums come to zero modulo 256.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace telecentre::testing {

enum class FrameKind {
    command, // a well-formed frame with TFI D4; data holds the command code and its parameters
    bad_tfi, // a well-formed frame whose TFI is not D4 (the chip answers with an error frame)
    ack,     // the host aborts the running command
    nack,    // the host asks for the last answer again
};

struct HostFrame {
    FrameKind kind = FrameKind::command;
    std::vector<std::uint8_t> data; // without TFI
};

struct FrameReaderStats {
    std::uint64_t rejected = 0;  // start codes whose length or checksum did not hold
    std::uint64_t discarded = 0; // bytes skipped while looking for a start code
};

// Turns the byte stream from the host into frames. Garbage is skipped byte by byte, so a valid
// frame hidden after noise is still found; a frame that never completes is given up after a
// quiet period (see expire_partial) so that a bogus length cannot swallow the next command.
class FrameReader {
public:
    // The longest frame we keep waiting for; a real host never sends more than 265 data bytes.
    static constexpr std::size_t kMaxFrameData = 1024;

    void feed(std::span<const std::uint8_t> bytes);
    [[nodiscard]] std::optional<HostFrame> next();
    // True when bytes of an unfinished frame are waiting for more input.
    [[nodiscard]] bool has_partial() const { return !m_buffer.empty(); }
    // Gives up the unfinished frame at the front: skips its start code and looks again.
    void expire_partial();
    void clear();
    [[nodiscard]] const FrameReaderStats& stats() const { return m_stats; }

private:
    void drop_front(std::size_t count, bool count_as_discarded);

    std::vector<std::uint8_t> m_buffer;
    FrameReaderStats m_stats;
};

// A chip-to-host frame (TFI D5) around `data` (response code and payload), in the normal form up
// to 254 data bytes and in the extended form above.
[[nodiscard]] std::vector<std::uint8_t> encode_response_frame(std::span<const std::uint8_t> data);
[[nodiscard]] std::span<const std::uint8_t> ack_frame();
// The "syntax error" application frame the PN532 sends for a command it cannot run.
[[nodiscard]] std::span<const std::uint8_t> error_frame();

} // namespace telecentre::testing
