#pragma once
// QR codes for the room terminal's "Inviter" screen: the guest link a phone can scan
// (libqrencode). Pure functions; thread-safe.

#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace telecentre::ui {

struct QrCode {
    int size = 0;                      // modules per side (21 for version 1, ... 177 for 40)
    std::vector<std::uint8_t> modules; // size * size, row by row: 1 dark, 0 light

    [[nodiscard]] bool dark(int x, int y) const {
        return modules[static_cast<std::size_t>(y) * static_cast<std::size_t>(size) + static_cast<std::size_t>(x)] != 0;
    }
};

// The smallest QR code holding `text` as bytes, at error correction level M (15 % of it may be
// lost: a phone camera at an angle, a smudged screen). An error for empty text and for text
// longer than a QR code holds (2331 bytes at level M).
[[nodiscard]] std::expected<QrCode, std::string> encode_qr(std::string_view text);

// Grey pixels (0 dark, 255 light) of the code with its quiet zone (4 modules of light around,
// which readers need), `scale` pixels a module; width = height = (size + 8) * scale.
[[nodiscard]] std::vector<std::uint8_t> qr_pixels(const QrCode& code, int scale);

} // namespace telecentre::ui
