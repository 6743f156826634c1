#pragma once
// Just enough UTF-8 decoding to check glyph coverage. Invalid bytes decode as U+FFFD.

#include <cstddef>
#include <string_view>

namespace telecentre::ui {

// Decodes the code point starting at `index` and moves `index` past it.
[[nodiscard]] inline char32_t next_code_point(std::string_view text, std::size_t& index) {
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    const unsigned char lead = byte(index);
    std::size_t length = 1;
    char32_t value = lead;
    if (lead >= 0xF0 && lead < 0xF8) {
        length = 4;
        value = lead & 0x07U;
    } else if (lead >= 0xE0) {
        length = 3;
        value = lead & 0x0FU;
    } else if (lead >= 0xC0) {
        length = 2;
        value = lead & 0x1FU;
    } else if (lead >= 0x80) {
        ++index;
        return U'\uFFFD';
    }
    if (index + length > text.size()) {
        index = text.size();
        return U'\uFFFD';
    }
    for (std::size_t i = 1; i < length; ++i) {
        const unsigned char next = byte(index + i);
        if ((next & 0xC0U) != 0x80U) {
            index += i;
            return U'\uFFFD';
        }
        value = (value << 6U) | (next & 0x3FU);
    }
    index += length;
    return value;
}

} // namespace telecentre::ui
