#pragma once
// A line of text typed on the on-screen keyboard: the text itself and the keyboard's one-shot
// modes. It lives in the model (the keyboard widget only draws it and emits keys), so the
// controller decides what a key does and tests can type without a screen.
// Threading: plain values and pure functions.

#include <cstddef>
#include <string>
#include <string_view>

namespace telecentre::core {

enum class KeyboardPage { letters, accents };

struct TextEntry {
    std::string text;                          // UTF-8
    bool shift = false;                        // the next letter is a capital, then back to small
    KeyboardPage page = KeyboardPage::letters; // accents: one accented letter, then back to letters
    std::size_t max_characters = 40;
};

// What a key does to the entry.
void type_character(TextEntry& entry, char32_t character); // ignored beyond max_characters
void erase_character(TextEntry& entry);                    // the last character (not the last byte)
void toggle_shift(TextEntry& entry);
void toggle_accents(TextEntry& entry);
void clear(TextEntry& entry);

[[nodiscard]] std::size_t character_count(std::string_view text);
[[nodiscard]] std::string utf8(char32_t character);

// Capital of a letter of Latin-1 / Latin Extended-A (é -> É, ÿ -> Ÿ, œ -> Œ); others unchanged.
[[nodiscard]] char32_t to_upper(char32_t character);

// Lower case without accents, for matching what a visitor types against names ("Élodie" and
// "elodie" match; œ becomes "oe").
[[nodiscard]] std::string search_key(std::string_view text);
// True when `query`'s search key is empty or found within `name`'s.
[[nodiscard]] bool matches_search(std::string_view name, std::string_view query);

} // namespace telecentre::core
