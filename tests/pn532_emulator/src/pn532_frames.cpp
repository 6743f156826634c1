#include "pn532_frames.hpp"

#include <algorithm>
#include <array>

namespace telecentre::testing {
namespace {

constexpr std::uint8_t kHostTfi = 0xD4;
constexpr std::uint8_t kChipTfi = 0xD5;
constexpr std::size_t kNormalFrameMaxData = 254; // PD bytes; LEN = TFI + PD stays within one byte

constexpr std::array<std::uint8_t, 6> kAckFrame = {0x00, 0x00, 0xFF, 0x00, 0xFF, 0x00};
constexpr std::array<std::uint8_t, 8> kErrorFrame = {0x00, 0x00, 0xFF, 0x01, 0xFF, 0x7F, 0x81, 0x00};

std::uint8_t checksum_complement(std::uint8_t tfi, std::span<const std::uint8_t> data) {
    unsigned sum = tfi;
    for (auto byte : data) {
        sum += byte;
    }
    return static_cast<std::uint8_t>(0x100 - (sum & 0xFF));
}

} // namespace

void FrameReader::feed(std::span<const std::uint8_t> bytes) {
    m_buffer.insert(m_buffer.end(), bytes.begin(), bytes.end());
}

void FrameReader::drop_front(std::size_t count, bool count_as_discarded) {
    count = std::min(count, m_buffer.size());
    if (count_as_discarded) {
        m_stats.discarded += count;
    }
    m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(count));
}

void FrameReader::expire_partial() {
    if (m_buffer.empty()) {
        return;
    }
    ++m_stats.rejected;
    drop_front(1, true);
}

void FrameReader::clear() { m_buffer.clear(); }

std::optional<HostFrame> FrameReader::next() {
    for (;;) {
        // The start code is 00 FF; the leading 00 preamble is optional on the wire.
        std::size_t start = 0;
        while (start + 1 < m_buffer.size() && !(m_buffer[start] == 0x00 && m_buffer[start + 1] == 0xFF)) {
            ++start;
        }
        if (start + 1 >= m_buffer.size()) {
            // Keep a trailing 00: it may be the first half of a start code still on its way.
            const bool keep_last = !m_buffer.empty() && m_buffer.back() == 0x00;
            drop_front(m_buffer.size() - (keep_last ? 1 : 0), true);
            return std::nullopt;
        }
        drop_front(start, true);
        // m_buffer now begins with 00 FF.
        if (m_buffer.size() < 4) {
            return std::nullopt;
        }
        const std::uint8_t len = m_buffer[2];
        const std::uint8_t lcs = m_buffer[3];
        if (len == 0x00 && lcs == 0xFF) {
            drop_front(4, false);
            if (!m_buffer.empty() && m_buffer.front() == 0x00) {
                drop_front(1, false); // postamble
            }
            return HostFrame{FrameKind::ack, {}};
        }
        if (len == 0xFF && lcs == 0x00) {
            drop_front(4, false);
            if (!m_buffer.empty() && m_buffer.front() == 0x00) {
                drop_front(1, false);
            }
            return HostFrame{FrameKind::nack, {}};
        }

        std::size_t header = 4;       // 00 FF LEN LCS
        std::size_t frame_length = 0; // TFI + PD
        if (len == 0xFF && lcs == 0xFF) {
            if (m_buffer.size() < 7) {
                return std::nullopt;
            }
            const unsigned high = m_buffer[4];
            const unsigned low = m_buffer[5];
            const unsigned extended_lcs = m_buffer[6];
            header = 7;
            frame_length = high << 8 | low;
            if (((high + low + extended_lcs) & 0xFF) != 0 || frame_length == 0 || frame_length > kMaxFrameData + 1) {
                ++m_stats.rejected;
                drop_front(1, true);
                continue;
            }
        } else {
            if (((len + lcs) & 0xFF) != 0 || len == 0) {
                ++m_stats.rejected;
                drop_front(1, true);
                continue;
            }
            frame_length = len;
        }

        // TFI + PD, then DCS; the postamble is optional.
        if (m_buffer.size() < header + frame_length + 1) {
            return std::nullopt;
        }
        const std::uint8_t tfi = m_buffer[header];
        const std::span<const std::uint8_t> data(m_buffer.data() + header + 1, frame_length - 1);
        const std::uint8_t dcs = m_buffer[header + frame_length];
        if (checksum_complement(tfi, data) != dcs) {
            ++m_stats.rejected;
            drop_front(1, true);
            continue;
        }
        HostFrame frame{tfi == kHostTfi ? FrameKind::command : FrameKind::bad_tfi,
                        std::vector<std::uint8_t>(data.begin(), data.end())};
        std::size_t consumed = header + frame_length + 1;
        if (m_buffer.size() > consumed && m_buffer[consumed] == 0x00) {
            ++consumed;
        }
        drop_front(consumed, false);
        return frame;
    }
}

std::vector<std::uint8_t> encode_response_frame(std::span<const std::uint8_t> data) {
    // Reserved and appended piece by piece: g++ 12 -O3 warns (wrongly) about inserting into a
    // vector built from an initializer list.
    std::vector<std::uint8_t> frame;
    frame.reserve(data.size() + 11);
    frame.push_back(0x00);
    frame.push_back(0x00);
    frame.push_back(0xFF);
    const std::size_t length = data.size() + 1; // TFI + PD
    if (data.size() <= kNormalFrameMaxData) {
        frame.push_back(static_cast<std::uint8_t>(length));
        frame.push_back(static_cast<std::uint8_t>(0x100 - length));
    } else {
        const auto high = static_cast<std::uint8_t>(length >> 8);
        const auto low = static_cast<std::uint8_t>(length & 0xFF);
        frame.push_back(0xFF);
        frame.push_back(0xFF);
        frame.push_back(high);
        frame.push_back(low);
        frame.push_back(static_cast<std::uint8_t>(0x100 - ((high + low) & 0xFF)));
    }
    frame.push_back(kChipTfi);
    frame.insert(frame.end(), data.begin(), data.end());
    frame.push_back(checksum_complement(kChipTfi, data));
    frame.push_back(0x00);
    return frame;
}

std::span<const std::uint8_t> ack_frame() { return kAckFrame; }

std::span<const std::uint8_t> error_frame() { return kErrorFrame; }

} // namespace telecentre::testing
