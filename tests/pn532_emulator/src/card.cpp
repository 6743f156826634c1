#include "telecentre/testing/pn532_emulator.hpp"

namespace telecentre::testing {

Card Card::mifare_classic(std::vector<std::uint8_t> uid) {
    Card card;
    card.uid = std::move(uid);
    card.atqa = 0x0004;
    card.sak = 0x08;
    return card;
}

Card Card::ultralight(std::vector<std::uint8_t> uid) {
    Card card;
    card.uid = std::move(uid);
    card.atqa = 0x0044;
    card.sak = 0x00;
    return card;
}

Card Card::iso_dep_card(std::vector<std::uint8_t> uid, ApduResponder responder) {
    Card card;
    card.uid = std::move(uid);
    card.atqa = 0x0344;
    card.sak = 0x20;
    card.apdu_responder = std::move(responder);
    return card;
}

Card Card::for_uid(std::vector<std::uint8_t> uid) {
    return uid.size() == 4 ? mifare_classic(std::move(uid)) : ultralight(std::move(uid));
}

std::expected<std::vector<std::uint8_t>, std::string> parse_uid_hex(std::string_view text) {
    const auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    };
    if (text.empty() || text.size() % 2 != 0 || text.size() > 20) {
        return std::unexpected("a UID is 1 to 10 bytes written as an even number of hex digits");
    }
    std::vector<std::uint8_t> uid;
    for (std::size_t i = 0; i < text.size(); i += 2) {
        const int high = nibble(text[i]);
        const int low = nibble(text[i + 1]);
        if (high < 0 || low < 0) {
            return std::unexpected("a UID may contain only hex digits");
        }
        uid.push_back(static_cast<std::uint8_t>(high << 4 | low));
    }
    return uid;
}

std::string uid_to_hex(std::span<const std::uint8_t> uid) {
    static constexpr char kDigits[] = "0123456789ABCDEF";
    std::string out;
    for (auto byte : uid) {
        out.push_back(kDigits[byte >> 4]);
        out.push_back(kDigits[byte & 0x0F]);
    }
    return out;
}

} // namespace telecentre::testing
