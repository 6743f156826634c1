#include "telecentre/core/text_entry.hpp"

#include <array>

namespace telecentre::core {
namespace {

// Decodes the code point at `index` and moves past it; a stray byte decodes as itself.
char32_t next_code_point(std::string_view text, std::size_t& index) {
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(text[at]); };
    const unsigned char lead = byte(index);
    std::size_t length = 1;
    char32_t value = lead;
    if (lead >= 0xF0) {
        length = 4;
        value = lead & 0x07U;
    } else if (lead >= 0xE0) {
        length = 3;
        value = lead & 0x0FU;
    } else if (lead >= 0xC0) {
        length = 2;
        value = lead & 0x1FU;
    }
    if (length == 1 || index + length > text.size()) {
        ++index;
        return lead;
    }
    for (std::size_t i = 1; i < length; ++i) {
        value = (value << 6U) | (byte(index + i) & 0x3FU);
    }
    index += length;
    return value;
}

// The base letters of Latin-1 Supplement's letters, U+00C0 to U+00FF ('\0': no plain form).
constexpr std::string_view kLatin1Base{"aaaaaaaceeeeiiiidnooooo\0ouuuuyts"
                                       "aaaaaaaceeeeiiiidnooooo\0ouuuuyty",
                                       64};

std::string fold(char32_t c) {
    if (c < 0x80) {
        const char ascii = static_cast<char>(c);
        return {static_cast<char>(ascii >= 'A' && ascii <= 'Z' ? ascii - 'A' + 'a' : ascii)};
    }
    switch (c) {
    case U'Æ':
    case U'æ': return "ae";
    case U'Œ':
    case U'œ': return "oe";
    case U'ß': return "ss";
    case U'Ÿ': return "y";
    default: break;
    }
    if (c >= 0xC0 && c <= 0xFF) {
        const char base = kLatin1Base[c - 0xC0];
        return base == '\0' ? utf8(c) : std::string{base};
    }
    if (c >= 0x100 && c <= 0x17F) {
        // Latin Extended-A pairs capitals and small letters; each pair shares one base letter.
        static constexpr std::string_view kBase = "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllll"
                                                  "nnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
        const std::size_t index = c - 0x100;
        return index < kBase.size() ? std::string{kBase[index]} : utf8(c);
    }
    return utf8(c);
}

} // namespace

std::string utf8(char32_t c) {
    std::string out;
    if (c < 0x80) {
        out += static_cast<char>(c);
    } else if (c < 0x800) {
        out += static_cast<char>(0xC0U | (c >> 6U));
        out += static_cast<char>(0x80U | (c & 0x3FU));
    } else if (c < 0x10000) {
        out += static_cast<char>(0xE0U | (c >> 12U));
        out += static_cast<char>(0x80U | ((c >> 6U) & 0x3FU));
        out += static_cast<char>(0x80U | (c & 0x3FU));
    } else {
        out += static_cast<char>(0xF0U | (c >> 18U));
        out += static_cast<char>(0x80U | ((c >> 12U) & 0x3FU));
        out += static_cast<char>(0x80U | ((c >> 6U) & 0x3FU));
        out += static_cast<char>(0x80U | (c & 0x3FU));
    }
    return out;
}

std::size_t character_count(std::string_view text) {
    std::size_t count = 0;
    for (std::size_t index = 0; index < text.size();) {
        (void)next_code_point(text, index);
        ++count;
    }
    return count;
}

void type_character(TextEntry& entry, char32_t character) {
    if (character_count(entry.text) < entry.max_characters) {
        entry.text += utf8(entry.shift ? to_upper(character) : character);
    }
    entry.shift = false;
    entry.page = KeyboardPage::letters;
}

void erase_character(TextEntry& entry) {
    std::size_t end = entry.text.size();
    while (end > 0) {
        --end;
        if ((static_cast<unsigned char>(entry.text[end]) & 0xC0U) != 0x80U) {
            break; // the lead byte of the last character
        }
    }
    entry.text.resize(end);
}

void toggle_shift(TextEntry& entry) { entry.shift = !entry.shift; }

void toggle_accents(TextEntry& entry) {
    entry.page = entry.page == KeyboardPage::letters ? KeyboardPage::accents : KeyboardPage::letters;
}

void clear(TextEntry& entry) {
    entry.text.clear();
    entry.shift = false;
    entry.page = KeyboardPage::letters;
}

char32_t to_upper(char32_t c) {
    if (c >= U'a' && c <= U'z') {
        return c - 0x20;
    }
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) {
        return c - 0x20; // à..þ -> À..Þ, except ÷
    }
    if (c == U'ÿ') {
        return U'Ÿ';
    }
    if (c >= 0x100 && c <= 0x17F) {
        // Latin Extended-A pairs a capital with its small letter: the capital on the even code point,
        // except from U+0139 to U+0148 and from U+0179 to U+017E where it is on the odd one.
        const bool odd_block = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        const bool small = odd_block ? (c % 2 == 0) : (c % 2 == 1);
        if (small && c != 0x131 && c != 0x138 && c != 0x149 && c != 0x17F) {
            return c - 1;
        }
    }
    return c;
}

std::string search_key(std::string_view text) {
    std::string key;
    key.reserve(text.size());
    for (std::size_t index = 0; index < text.size();) {
        key += fold(next_code_point(text, index));
    }
    return key;
}

bool matches_search(std::string_view name, std::string_view query) {
    const std::string wanted = search_key(query);
    return wanted.empty() || search_key(name).find(wanted) != std::string::npos;
}

} // namespace telecentre::core
