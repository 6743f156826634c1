#include "telecentre/core/badge_reader.hpp"

namespace telecentre::core {

std::string BadgeUid::hex() const {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (auto byte : bytes) {
        out.push_back(kDigits[byte >> 4]);
        out.push_back(kDigits[byte & 0x0F]);
    }
    return out;
}

std::expected<BadgeUid, std::string> BadgeUid::from_hex(std::string_view text) {
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9')
            return c - '0';
        if (c >= 'a' && c <= 'f')
            return c - 'a' + 10;
        if (c >= 'A' && c <= 'F')
            return c - 'A' + 10;
        return -1;
    };
    if (text.size() % 2 != 0 || text.size() < 8 || text.size() > 20) {
        return std::unexpected("a badge UID is 4 to 10 bytes written as hex digits");
    }
    BadgeUid uid;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = nibble(text[i]);
        const int low = nibble(text[i + 1]);
        if (high < 0 || low < 0) {
            return std::unexpected("a badge UID may contain only hex digits");
        }
        uid.bytes.push_back(static_cast<std::uint8_t>(high << 4 | low));
    }
    return uid;
}

} // namespace telecentre::core
