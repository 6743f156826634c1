// The on-screen keyboard's text: one-shot shift and accents, UTF-8 aware erasing, search keys.

#include "telecentre/core/text_entry.hpp"

#include <gtest/gtest.h>

using namespace telecentre::core;

TEST(TextEntry, ShiftAndAccentsLastOneLetter) {
    TextEntry entry;
    toggle_shift(entry);
    toggle_accents(entry);
    type_character(entry, U'é');
    EXPECT_EQ(entry.text, "É");
    EXPECT_FALSE(entry.shift);
    EXPECT_EQ(entry.page, KeyboardPage::letters);
    for (const char32_t letter : {U'l', U'o', U'd', U'i', U'e'}) {
        type_character(entry, letter);
    }
    EXPECT_EQ(entry.text, "Élodie");
}

TEST(TextEntry, ShiftTwiceIsOff) {
    TextEntry entry;
    toggle_shift(entry);
    toggle_shift(entry);
    type_character(entry, U'h');
    EXPECT_EQ(entry.text, "h");
}

TEST(TextEntry, EraseRemovesWholeCharacters) {
    TextEntry entry{.text = "Noël", .shift = false, .page = KeyboardPage::letters, .max_characters = 40};
    erase_character(entry);
    EXPECT_EQ(entry.text, "Noë");
    erase_character(entry);
    EXPECT_EQ(entry.text, "No");
    clear(entry);
    erase_character(entry);
    EXPECT_EQ(entry.text, "");
}

TEST(TextEntry, StopsAtTheMaximumLength) {
    TextEntry entry;
    entry.max_characters = 3;
    for (const char32_t letter : {U'à', U'b', U'c', U'd'}) {
        type_character(entry, letter);
    }
    EXPECT_EQ(entry.text, "àbc");
    EXPECT_EQ(character_count(entry.text), 3U);
}

TEST(TextEntry, UpperCaseOfFrenchAndLatinLetters) {
    EXPECT_EQ(to_upper(U'a'), U'A');
    EXPECT_EQ(to_upper(U'é'), U'É');
    EXPECT_EQ(to_upper(U'ç'), U'Ç');
    EXPECT_EQ(to_upper(U'ÿ'), U'Ÿ');
    EXPECT_EQ(to_upper(U'œ'), U'Œ');
    EXPECT_EQ(to_upper(U'ł'), U'Ł');
    EXPECT_EQ(to_upper(U'ž'), U'Ž');
    EXPECT_EQ(to_upper(U'ß'), U'ß');
    EXPECT_EQ(to_upper(U'÷'), U'÷');
    EXPECT_EQ(to_upper(U'-'), U'-');
    EXPECT_EQ(to_upper(U'É'), U'É');
}

TEST(TextEntry, SearchKeysIgnoreCaseAndAccents) {
    EXPECT_EQ(search_key("Élodie"), "elodie");
    EXPECT_EQ(search_key("Salle Œuvre-Ça"), "salle oeuvre-ca");
    EXPECT_EQ(search_key("Łódź"), "lodz");
    EXPECT_TRUE(matches_search("Salle du Puy Mary", "puy"));
    EXPECT_TRUE(matches_search("Salle du Puy Mary", "PÛY M"));
    EXPECT_TRUE(matches_search("Bureau 2", ""));
    EXPECT_FALSE(matches_search("Bureau 2", "salle"));
}

TEST(TextEntry, Utf8Encoding) {
    EXPECT_EQ(utf8(U'a'), "a");
    EXPECT_EQ(utf8(U'é'), "\xC3\xA9");
    EXPECT_EQ(utf8(U'€'), "\xE2\x82\xAC");
    EXPECT_EQ(character_count("Élodie €"), 8U);
}
