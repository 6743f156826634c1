// QR codes of guest links, read back as a phone would: the code is written as a PNG with its quiet
// zone and read with zbarimg (zbar-tools), which must find exactly the text that went in.
#include "telecentre/ui/qr_code.hpp"

#include <array>
#include <cstdio>
#include <filesystem>
#include <gtest/gtest.h>
#include <memory>
#include <stb_image_write.h>
#include <string>

namespace telecentre::ui {
namespace {

// What zbarimg reads in the PNG, without its line ending; empty when it reads nothing. Its stderr
// (D-Bus complaints on a machine without a session bus) is not part of the answer.
std::string read_back(const QrCode& code, const std::string& name) {
    const int scale = 4;
    const auto pixels = qr_pixels(code, scale);
    const int side = (code.size + 8) * scale;
    const auto folder = std::filesystem::path(TELECENTRE_UI_ARTEFACTS_DIR);
    std::filesystem::create_directories(folder);
    const auto path = folder / (name + ".png");
    EXPECT_NE(stbi_write_png(path.c_str(), side, side, 1, pixels.data(), side), 0);
    const std::string command = "zbarimg --raw --quiet -Sdisable -Sqrcode.enable '" + path.string() + "' 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    EXPECT_TRUE(pipe) << command;
    std::string output;
    std::array<char, 4096> buffer{};
    while (pipe && std::fgets(buffer.data(), buffer.size(), pipe.get()) != nullptr) {
        output += buffer.data();
    }
    while (!output.empty() && (output.back() == '\n' || output.back() == '\r')) {
        output.pop_back();
    }
    return output;
}

TEST(QrCode, AGuestLinkIsReadBackAsItWent) {
    const std::string link = "https://telecentres.cantal.example/join/q8Zk2vN0xR5tLw7yB3cF9hJ1mP4sD6gA-_eKuYiOoTn";
    auto code = encode_qr(link);
    ASSERT_TRUE(code) << code.error();
    EXPECT_GE(code->size, 21);
    EXPECT_EQ((code->size - 17) % 4, 0) << "a QR version's side is 17 + 4 v";
    EXPECT_EQ(code->modules.size(), static_cast<std::size_t>(code->size * code->size));
    EXPECT_EQ(read_back(*code, "qr_guest_link"), link);
}

TEST(QrCode, TheQuietZoneIsLightAndTheFinderPatternDark) {
    auto code = encode_qr("https://a.example/join/x");
    ASSERT_TRUE(code) << code.error();
    const int scale = 3;
    const auto pixels = qr_pixels(*code, scale);
    const int side = (code->size + 8) * scale;
    ASSERT_EQ(pixels.size(), static_cast<std::size_t>(side * side));
    for (int i = 0; i < 4 * scale; ++i) {
        EXPECT_EQ(pixels[static_cast<std::size_t>(i * side + i)], 255) << "quiet zone at " << i;
    }
    // The top-left finder pattern's corner module, just inside the quiet zone.
    EXPECT_TRUE(code->dark(0, 0));
    EXPECT_EQ(pixels[static_cast<std::size_t>(4 * scale * side + 4 * scale)], 0);
}

TEST(QrCode, NothingAndTooMuchAreRefusedWithAReason) {
    auto empty = encode_qr("");
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error(), "nothing to put in a QR code");
    auto too_long = encode_qr(std::string(2332, 'a'));
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error(), "cannot make a QR code of 2332 bytes (at most 2331 at error correction level M)");
    auto largest = encode_qr(std::string(2331, 'a'));
    ASSERT_TRUE(largest) << largest.error();
    EXPECT_EQ(largest->size, 177) << "version 40";
}

TEST(QrCode, NonAsciiBytesSurviveTheRoundTrip) {
    const std::string text = "https://telecentres.example/join/abc?salle=Salle%20de%20visioconf%C3%A9rence";
    auto code = encode_qr(text);
    ASSERT_TRUE(code) << code.error();
    EXPECT_EQ(read_back(*code, "qr_escaped_link"), text);
}

} // namespace
} // namespace telecentre::ui
