#include "telecentre/ui/qr_code.hpp"

#include <memory>
#include <qrencode.h>

namespace telecentre::ui {

namespace {
constexpr int kQuietZone = 4; // modules, as the standard asks
}

std::expected<QrCode, std::string> encode_qr(std::string_view text) {
    if (text.empty()) {
        return std::unexpected(std::string("nothing to put in a QR code"));
    }
    // Bytes as they are (8-bit mode): no character set guessing, UTF-8 stays UTF-8.
    const std::unique_ptr<QRcode, void (*)(QRcode*)> encoded(
        QRcode_encodeData(static_cast<int>(text.size()), reinterpret_cast<const unsigned char*>(text.data()), 0,
                          QR_ECLEVEL_M),
        QRcode_free);
    if (!encoded) {
        return std::unexpected("cannot make a QR code of " + std::to_string(text.size()) +
                               " bytes (at most 2331 at error correction level M)");
    }
    QrCode code;
    code.size = encoded->width;
    code.modules.resize(static_cast<std::size_t>(code.size) * static_cast<std::size_t>(code.size));
    for (std::size_t i = 0; i < code.modules.size(); ++i) {
        code.modules[i] = encoded->data[i] & 1U; // bit 0: dark; the others say what the module is
    }
    return code;
}

std::vector<std::uint8_t> qr_pixels(const QrCode& code, int scale) {
    const int side = (code.size + 2 * kQuietZone) * scale;
    std::vector<std::uint8_t> pixels(static_cast<std::size_t>(side) * static_cast<std::size_t>(side), 255);
    for (int y = 0; y < code.size; ++y) {
        for (int x = 0; x < code.size; ++x) {
            if (!code.dark(x, y)) {
                continue;
            }
            for (int dy = 0; dy < scale; ++dy) {
                const auto row =
                    static_cast<std::size_t>((y + kQuietZone) * scale + dy) * static_cast<std::size_t>(side);
                for (int dx = 0; dx < scale; ++dx) {
                    pixels[row + static_cast<std::size_t>((x + kQuietZone) * scale + dx)] = 0;
                }
            }
        }
    }
    return pixels;
}

} // namespace telecentre::ui
