// The message catalogue: complete in both languages, consistent, and typeset the French way.

#include "telecentre/ui/messages.hpp"

#include <gtest/gtest.h>
#include <set>
#include <string>

namespace telecentre::ui {
namespace {

std::set<std::string> placeholders(std::string_view text) {
    std::set<std::string> found;
    for (std::size_t i = 0; i + 2 < text.size(); ++i) {
        if (text[i] == '{' && text[i + 2] == '}') {
            found.emplace(text.substr(i, 3));
        }
    }
    return found;
}

TEST(Catalogue, HasEveryKeyInBothLanguagesAndNoEmptyString) {
    const auto entries = catalogue();
    ASSERT_EQ(entries.size(), kMessageCount);
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const CatalogueEntry& entry = entries[i];
        SCOPED_TRACE(std::string{entry.name});
        EXPECT_EQ(static_cast<std::size_t>(entry.key), i);
        EXPECT_FALSE(entry.name.empty());
        EXPECT_FALSE(entry.fr.empty());
        EXPECT_FALSE(entry.en.empty());
        EXPECT_EQ(text(core::Language::fr, entry.key), entry.fr);
        EXPECT_EQ(text(core::Language::en, entry.key), entry.en);
        EXPECT_EQ(key_name(entry.key), entry.name);
    }
}

TEST(Catalogue, KeyNamesAreUnique) {
    std::set<std::string_view> names;
    for (const CatalogueEntry& entry : catalogue()) {
        EXPECT_TRUE(names.insert(entry.name).second) << entry.name;
    }
}

TEST(Catalogue, BothLanguagesTakeTheSameParameters) {
    for (const CatalogueEntry& entry : catalogue()) {
        EXPECT_EQ(placeholders(entry.fr), placeholders(entry.en)) << entry.name;
    }
}

TEST(Catalogue, FrenchIsTypesetTheFrenchWay) {
    for (const CatalogueEntry& entry : catalogue()) {
        const std::string_view fr = entry.fr;
        SCOPED_TRACE(std::string{entry.name});
        EXPECT_EQ(fr.find('\''), std::string_view::npos) << "use the typographic apostrophe ’";
        EXPECT_EQ(fr.find("..."), std::string_view::npos) << "use the ellipsis …";
        EXPECT_EQ(fr.find('"'), std::string_view::npos) << "use « guillemets »";
        // A double punctuation mark takes a no-break space before it, never a breaking one.
        for (const char mark : {'!', '?', ';', ':'}) {
            for (std::size_t at = fr.find(mark); at != std::string_view::npos; at = fr.find(mark, at + 1)) {
                ASSERT_GT(at, 0U);
                EXPECT_NE(fr[at - 1], ' ') << "breaking space before " << mark;
                const bool narrow = at >= 3 && fr.substr(at - 3, 3) == "\u202F";
                const bool plain = at >= 2 && fr.substr(at - 2, 2) == "\u00A0";
                EXPECT_TRUE(narrow || plain) << "no no-break space before " << mark;
            }
        }
    }
}

TEST(Catalogue, EnglishUsesTypographicApostrophes) {
    for (const CatalogueEntry& entry : catalogue()) {
        EXPECT_EQ(entry.en.find('\''), std::string_view::npos) << entry.name;
        EXPECT_EQ(entry.en.find("..."), std::string_view::npos) << entry.name;
    }
}

TEST(Catalogue, FormatFillsParameters) {
    EXPECT_EQ(format(core::Language::fr, Msg::greeting_in_named, {"Camille"}), "Bonjour Camille\u202F!");
    EXPECT_EQ(format(core::Language::en, Msg::greeting_in_named, {"Camille"}), "Hello Camille!");
    EXPECT_EQ(format(core::Language::fr, Msg::greeting_out_named, {"Camille"}), "À bientôt Camille\u202F!");
    EXPECT_EQ(format(core::Language::fr, Msg::error_pass_expired_text_named_on, {"Camille", "31 octobre 2026"}),
              "Camille, votre Pass Actifs Mobiles a expiré le 31 octobre 2026.");
    // A missing argument leaves its placeholder visible rather than shifting the others.
    EXPECT_EQ(format(core::Language::en, Msg::greeting_in_named, {}), "Hello {0}!");
}

TEST(Catalogue, KeyTexts) {
    EXPECT_EQ(text(core::Language::fr, Msg::home_instruction), "Posez votre badge sur le lecteur");
    EXPECT_EQ(text(core::Language::en, Msg::home_instruction), "Tap your badge on the reader");
    EXPECT_EQ(text(core::Language::fr, Msg::connection_offline), "Hors ligne");
    EXPECT_EQ(text(core::Language::fr, Msg::checking_title), "Un instant…");
    EXPECT_EQ(text(core::Language::fr, Msg::result_done), "Terminé");
    EXPECT_EQ(text(core::Language::fr, Msg::error_back), "Retour à l’accueil");
}

} // namespace
} // namespace telecentre::ui
