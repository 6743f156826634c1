#include "theme.hpp"

#include "telecentre/ui/messages.hpp"
#include "utf8.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>

namespace telecentre::ui {
namespace {

constexpr const char* kRegularFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
constexpr const char* kBoldFontPath = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf";

// ImGui's default range is Basic Latin + Latin-1, which lacks ’ … – œ Œ Ÿ € and the narrow
// no-break space French puts before ! and ?. Names of members need Latin Extended-A (Ł, Ő, š...).
constexpr std::array<ImWchar, 9> kTextRanges{
    0x0020, 0x00FF, // Basic Latin + Latin-1 Supplement
    0x0100, 0x017F, // Latin Extended-A
    0x2000, 0x206F, // General Punctuation
    0x20AC, 0x20AC, // €
    0,
};
// The clock is drawn very large: only what a time needs, to keep the atlas small.
constexpr std::array<ImWchar, 7> kClockRanges{0x0020, 0x0020, 0x0030, 0x003A, 0x003F, 0x003F, 0};

struct FontSize {
    float small = 28;
    float body = 36;
    float heading = 46;
    float title = 74;
    float clock = 188;
    float display = 150;
};

std::expected<std::vector<unsigned char>, std::string> read_file(const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return std::unexpected(std::string{"cannot open font "} + path + " (Debian package fonts-dejavu-core)");
    }
    std::vector<unsigned char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    if (bytes.empty()) {
        return std::unexpected(std::string{"font file is empty: "} + path);
    }
    return bytes;
}

ImFont* add_font(ImFontAtlas& atlas, std::vector<unsigned char>& bytes, float pixels, const ImWchar* ranges,
                 const char* name) {
    ImFontConfig config;
    // The bytes stay owned by FontFiles: several sizes share one buffer.
    config.FontDataOwnedByAtlas = false;
    // Horizontal oversampling sharpens small text; large text does not need it and it would
    // triple the atlas.
    config.OversampleH = pixels < 40 ? 2 : 1;
    config.OversampleV = 1;
    config.PixelSnapH = true;
    std::snprintf(config.Name, sizeof(config.Name), "%s %.0fpx", name, static_cast<double>(pixels));
    return atlas.AddFontFromMemoryTTF(bytes.data(), static_cast<int>(bytes.size()), pixels, &config, ranges);
}

// The words drawn in the display font.
constexpr std::array kDisplayMessages{Msg::door_free, Msg::door_busy, Msg::door_closed};

std::string describe(char32_t code_point) {
    std::array<char, 16> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "U+%04X", static_cast<unsigned>(code_point));
    return buffer.data();
}

} // namespace

Metrics metrics_for(float scale) {
    Metrics m;
    const auto scaled = [scale](float value) { return value * scale; };
    m.scale = scale;
    m.margin = scaled(m.margin);
    m.gap = scaled(m.gap);
    m.corner = scaled(m.corner);
    m.border = std::max(1.0F, scaled(m.border));
    m.button_height = std::max(m.min_target, scaled(m.button_height));
    m.button_min_width = std::max(m.min_target * 2, scaled(m.button_min_width));
    m.button_padding = scaled(m.button_padding);
    m.top_bar_height = std::max(m.min_target + 2 * scaled(16), scaled(m.top_bar_height));
    m.status_bar_height = scaled(m.status_bar_height);
    m.card_padding = scaled(m.card_padding);
    m.icon_large = scaled(m.icon_large);
    m.icon_small = scaled(m.icon_small);
    m.content_max_width = scaled(m.content_max_width);
    return m;
}

namespace {

// `ink` at `alpha` over `background`, as one opaque colour.
ImU32 over(ImU32 background, ImU32 ink, float alpha) {
    const auto mix = [&](unsigned shift) {
        const auto from = static_cast<float>((background >> shift) & 0xFFU);
        const auto to = static_cast<float>((ink >> shift) & 0xFFU);
        return static_cast<ImU32>(std::lround(from + (to - from) * alpha)) << shift;
    };
    return mix(IM_COL32_R_SHIFT) | mix(IM_COL32_G_SHIFT) | mix(IM_COL32_B_SHIFT) | (0xFFU << IM_COL32_A_SHIFT);
}

} // namespace

std::array<PatternStyle, kPatternCount> pattern_styles(const Palette& c, const Metrics& m) {
    std::array<PatternStyle, kPatternCount> styles{};
    const float thin = std::max(1.5F, 2.5F * m.scale);
    styles[static_cast<std::size_t>(Pattern::busy)] = {c.slot_busy, over(c.slot_busy, c.slot_busy_ink, 0.43F),
                                                       18 * m.scale, thin, false};
    styles[static_cast<std::size_t>(Pattern::busy_past)] = {c.slot_past, over(c.slot_past, c.text_muted, 0.24F),
                                                            18 * m.scale, std::max(1.0F, 2 * m.scale), false};
    styles[static_cast<std::size_t>(Pattern::closed)] = {c.slot_closed, c.slot_closed_ink, 18 * m.scale, thin * 0.7F,
                                                         true};
    styles[static_cast<std::size_t>(Pattern::in_use_panel)] = {c.alert, over(c.alert, c.on_accent, 0.11F), 40 * m.scale,
                                                               8 * m.scale, false};
    return styles;
}

std::expected<Fonts, std::string> load_fonts(ImFontAtlas& atlas, float scale, FontFiles& files) {
    auto regular = read_file(kRegularFontPath);
    if (!regular) {
        return std::unexpected(regular.error());
    }
    auto bold = read_file(kBoldFontPath);
    if (!bold) {
        return std::unexpected(bold.error());
    }
    files.regular = std::move(*regular);
    files.bold = std::move(*bold);

    const FontSize size;
    Fonts fonts;
    // The first font added is ImGui's default; make it the body text.
    fonts.body = add_font(atlas, files.regular, size.body * scale, kTextRanges.data(), "DejaVuSans");
    fonts.small = add_font(atlas, files.regular, size.small * scale, kTextRanges.data(), "DejaVuSans");
    fonts.body_bold = add_font(atlas, files.bold, size.body * scale, kTextRanges.data(), "DejaVuSans-Bold");
    fonts.lead = add_font(atlas, files.regular, size.heading * scale, kTextRanges.data(), "DejaVuSans");
    fonts.heading = add_font(atlas, files.bold, size.heading * scale, kTextRanges.data(), "DejaVuSans-Bold");
    fonts.title = add_font(atlas, files.bold, size.title * scale, kTextRanges.data(), "DejaVuSans-Bold");
    fonts.clock = add_font(atlas, files.bold, size.clock * scale, kClockRanges.data(), "DejaVuSans-Bold");
    // The display size is for a handful of words only: their letters, not whole ranges (the atlas
    // would grow by megabytes).
    ImFontGlyphRangesBuilder display_glyphs;
    for (const Msg key : kDisplayMessages) {
        for (const core::Language language : {core::Language::fr, core::Language::en}) {
            const std::string word{text(language, key)};
            display_glyphs.AddText(word.c_str());
        }
    }
    display_glyphs.AddText("?");
    files.display_ranges.clear();
    display_glyphs.BuildRanges(&files.display_ranges);
    fonts.display = add_font(atlas, files.bold, size.display * scale, files.display_ranges.Data, "DejaVuSans-Bold");
    if (fonts.body == nullptr || fonts.small == nullptr || fonts.body_bold == nullptr || fonts.lead == nullptr ||
        fonts.heading == nullptr || fonts.title == nullptr || fonts.clock == nullptr || fonts.display == nullptr) {
        return std::unexpected(std::string{"cannot load the DejaVu Sans fonts"});
    }
    atlas.Flags |= ImFontAtlasFlags_NoMouseCursors;
    if (!atlas.Build()) {
        return std::unexpected(std::string{"cannot build the font atlas"});
    }
    return fonts;
}

bool has_all_glyphs(const ImFont& font, std::string_view text) {
    std::size_t index = 0;
    while (index < text.size()) {
        const char32_t code_point = next_code_point(text, index);
        if (code_point == U'\n') {
            continue;
        }
        // ImGui is built with 16-bit characters: anything beyond the BMP cannot be drawn.
        if (code_point > 0xFFFF || font.FindGlyphNoFallback(static_cast<ImWchar>(code_point)) == nullptr) {
            return false;
        }
    }
    return true;
}

std::expected<void, std::string> check_catalogue_glyphs(const Fonts& fonts) {
    struct Checked {
        const ImFont* font;
        const char* name;
    };
    // Every message may be drawn regular or bold; the small, heading and title fonts share their
    // file and ranges with these two.
    const std::array<Checked, 2> checked{{{fonts.body, "DejaVuSans"}, {fonts.body_bold, "DejaVuSans-Bold"}}};
    for (const CatalogueEntry& entry : catalogue()) {
        for (const auto& [language, text] : {std::pair{"fr", entry.fr}, std::pair{"en", entry.en}}) {
            for (const Checked& font : checked) {
                std::size_t index = 0;
                while (index < text.size()) {
                    const std::size_t start = index;
                    const char32_t code_point = next_code_point(text, index);
                    if (code_point == U'\n') {
                        continue;
                    }
                    if (code_point > 0xFFFF ||
                        font.font->FindGlyphNoFallback(static_cast<ImWchar>(code_point)) == nullptr) {
                        return std::unexpected("font " + std::string{font.name} + " has no glyph for " +
                                               describe(code_point) + " '" +
                                               std::string{text.substr(start, index - start)} + "' used by message " +
                                               std::string{entry.name} + " (" + language + ")");
                    }
                }
            }
        }
    }
    // The clock font only holds digits and ':'; the display font, the door panel's words.
    if (!has_all_glyphs(*fonts.clock, "0123456789:")) {
        return std::unexpected(std::string{"the clock font lacks a digit or ':'"});
    }
    for (const Msg key : kDisplayMessages) {
        for (const core::Language language : {core::Language::fr, core::Language::en}) {
            if (!has_all_glyphs(*fonts.display, text(language, key))) {
                return std::unexpected("the display font lacks a letter of message " + std::string{key_name(key)});
            }
        }
    }
    return {};
}

} // namespace telecentre::ui
