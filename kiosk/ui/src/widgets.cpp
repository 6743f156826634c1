#include "widgets.hpp"

#include "pictograms.hpp"
#include "shapes.hpp"
#include "theme.hpp"

#include <algorithm>
#include <array>
#include <cfloat>

namespace telecentre::ui {

void GlyphAudit::check(const ImFont& font, std::string_view text) {
    m_drawn.emplace_back(text);
    if (!has_all_glyphs(font, text)) {
        m_misses.emplace_back(text);
    }
}

std::vector<std::string_view> wrap_lines(const ImFont& font, std::string_view text, float width) {
    std::vector<std::string_view> lines;
    std::size_t paragraph_start = 0;
    while (paragraph_start <= text.size()) {
        const std::size_t newline = text.find('\n', paragraph_start);
        const std::size_t paragraph_end = newline == std::string_view::npos ? text.size() : newline;
        const char* cursor = text.data() + paragraph_start;
        const char* const end = text.data() + paragraph_end;
        if (cursor == end) {
            lines.push_back(text.substr(paragraph_start, 0)); // an empty line, still pointing into text
        }
        while (cursor < end) {
            const char* brk = font.CalcWordWrapPositionA(1.0F, cursor, end, std::max(width, 1.0F));
            if (brk <= cursor) {
                // A single character wider than the column: place it anyway to make progress.
                brk = cursor + 1;
                while (brk < end && (static_cast<unsigned char>(*brk) & 0xC0U) == 0x80U) {
                    ++brk;
                }
            }
            const char* line_end = brk;
            while (line_end > cursor && (line_end[-1] == ' ' || line_end[-1] == '\t')) {
                --line_end;
            }
            lines.emplace_back(cursor, static_cast<std::size_t>(line_end - cursor));
            cursor = brk;
            while (cursor < end && (*cursor == ' ' || *cursor == '\t')) {
                ++cursor;
            }
        }
        if (newline == std::string_view::npos) {
            break;
        }
        paragraph_start = newline + 1;
    }
    return lines;
}

float text_width(const ImFont& font, std::string_view text) {
    if (text.empty()) {
        return 0; // an empty view may have no data, and ImGui reads a null end as "to the terminator"
    }
    return font.CalcTextSizeA(font.FontSize, FLT_MAX, 0.0F, text.data(), text.data() + text.size()).x;
}

std::string fit_text(const ImFont& font, std::string_view text, float width) {
    if (text_width(font, text) <= width) {
        return std::string{text};
    }
    static constexpr std::string_view kEllipsis = "…";
    const float room = width - text_width(font, kEllipsis);
    std::size_t end = text.size();
    while (end > 0) {
        // Back to the start of the previous character, never inside one.
        do {
            --end;
        } while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0U) == 0x80U);
        if (text_width(font, text.substr(0, end)) <= room) {
            break;
        }
    }
    std::string cut{text.substr(0, end)};
    while (!cut.empty() && cut.back() == ' ') {
        cut.pop_back();
    }
    return cut + std::string{kEllipsis};
}

bool words_fit(const ImFont& font, std::string_view text, float width) {
    std::size_t start = 0;
    while (start < text.size()) {
        std::size_t end = text.find_first_of(" \n", start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        if (text_width(font, text.substr(start, end - start)) > width) {
            return false;
        }
        start = end + 1;
    }
    return true;
}

float line_height(const Frame& frame, const ImFont& font) { return font.FontSize * frame.sizes().line_spacing; }

float text_height(const Frame& frame, const ImFont& font, std::string_view text, float width) {
    const auto lines = wrap_lines(font, text, width);
    if (lines.empty()) {
        return 0;
    }
    // The last line needs only the glyphs' height, not the gap to a following line.
    return line_height(frame, font) * static_cast<float>(lines.size() - 1) + font.FontSize;
}

namespace {

// The narrowest column that keeps the same number of lines.
float balanced_width(const ImFont& font, std::string_view text, float width) {
    const std::size_t lines = wrap_lines(font, text, width).size();
    if (lines <= 1) {
        return width;
    }
    float narrow = width / static_cast<float>(lines) * 0.5F;
    float wide = width;
    for (int i = 0; i < 12; ++i) {
        const float middle = (narrow + wide) * 0.5F;
        if (wrap_lines(font, text, middle).size() <= lines) {
            wide = middle;
        } else {
            narrow = middle;
        }
    }
    return wide;
}

} // namespace

float draw_text(Frame& frame, const ImFont& font, std::string_view text, ImVec2 top_left, float width, ImU32 colour,
                Align align, Wrap wrap) {
    frame.audit.check(font, text);
    const auto lines = wrap_lines(font, text, wrap == Wrap::balanced ? balanced_width(font, text, width) : width);
    float y = top_left.y;
    for (const std::string_view line : lines) {
        if (line.empty()) {
            // ImGui reads a null end as "up to the terminator": never hand it an empty view.
            y += line_height(frame, font);
            continue;
        }
        float x = top_left.x;
        if (align != Align::left) {
            const float free = width - text_width(font, line);
            x += align == Align::centre ? free * 0.5F : free;
        }
        frame.draw.AddText(&font, font.FontSize, {x, y}, colour, line.data(), line.data() + line.size());
        y += line_height(frame, font);
    }
    return lines.empty() ? 0 : (y - top_left.y) - (line_height(frame, font) - font.FontSize);
}

float button_width(const Frame& frame, std::string_view label) {
    const Metrics& m = frame.sizes();
    return std::max(m.button_min_width, text_width(*frame.fonts().body_bold, label) + 2 * m.button_padding);
}

void push_command_id(const Command& command) {
    // FNV-1a over the command's fields: one ImGui id per distinct command on a screen.
    std::uint32_t hash = 2166136261U;
    const auto mix = [&hash](std::uint64_t value) {
        for (int i = 0; i < 8; ++i) {
            hash = (hash ^ static_cast<std::uint32_t>(value & 0xFFU)) * 16777619U;
            value >>= 8U;
        }
    };
    mix(static_cast<std::uint64_t>(command.action));
    mix(static_cast<std::uint64_t>(static_cast<std::int64_t>(command.index)));
    mix(static_cast<std::uint64_t>(command.time.time_since_epoch().count()));
    mix(command.character);
    ImGui::PushID(static_cast<int>(hash));
}

bool touch_target(Frame& frame, const Command& command, const Box& box, bool* held) {
    ImGui::SetCursorScreenPos(box.min);
    push_command_id(command);
    const bool clicked = ImGui::InvisibleButton("target", {std::max(1.0F, box.width()), std::max(1.0F, box.height())});
    if (held != nullptr) {
        *held = ImGui::IsItemActive();
    }
    ImGui::PopID();
    frame.targets.push_back({command, box.min.x, box.min.y, box.width(), box.height()});
    if (clicked) {
        frame.commands.push_back(command);
    }
    return clicked;
}

void touch_button(Frame& frame, const Command& command, std::string_view label, Box box, ButtonKind kind) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    bool held = false;
    touch_target(frame, command, box, &held);

    // Held: darker and pressed one step down, so that a finger sees its touch land.
    const float sink = held ? std::max(1.0F, 3 * m.scale) : 0.0F;
    const Box face{{box.min.x, box.min.y + sink}, {box.max.x, box.max.y + sink}};
    ImU32 label_colour = c.on_accent;
    if (kind == ButtonKind::primary) {
        if (!held) {
            frame.fills.rounded_rect(frame.draw, {box.min.x, box.min.y + 4 * m.scale},
                                     {box.max.x, box.max.y + 4 * m.scale}, c.accent_pressed, m.corner);
        }
        frame.fills.rounded_rect(frame.draw, face.min, face.max, held ? c.accent_pressed : c.accent, m.corner);
    } else {
        frame.fills.rounded_rect(frame.draw, face.min, face.max, held ? c.accent_soft : c.surface, m.corner);
        frame.draw.AddRect(face.min, face.max, c.accent, m.corner, 0, 3 * m.scale);
        label_colour = c.accent;
    }
    const ImFont& font = *frame.fonts().body_bold;
    const float label_top = face.min.y + (face.height() - font.FontSize) * 0.5F;
    draw_text(frame, font, label, {face.min.x, label_top}, face.width(), label_colour, Align::centre);
}

void draw_card(Frame& frame, Box box, ImU32 fill) {
    const Metrics& m = frame.sizes();
    frame.fills.rounded_rect(frame.draw, box.min, box.max, fill, m.corner);
    frame.draw.AddRect(box.min, box.max, frame.colours().surface_border, m.corner, 0, m.border);
}

namespace {

// Two segments, one per language. The current one is filled and carries a check mark: the state
// reads without colour.
namespace {

// The two segments' widths: wide enough for a finger and for the label with its check mark.
std::array<float, 2> language_segment_widths(const Frame& frame) {
    const Metrics& m = frame.sizes();
    const ImFont& font = *frame.fonts().body_bold;
    const float mark = font.FontSize * 0.8F;
    const float padding = 26 * m.scale;
    std::array<float, 2> widths{};
    const std::array<Msg, 2> labels{Msg::language_french, Msg::language_english};
    for (std::size_t i = 0; i < labels.size(); ++i) {
        widths[i] = std::max(m.min_target * 1.6F, text_width(font, frame.t(labels[i])) + mark + padding * 2.5F);
    }
    return widths;
}

float language_switch_width(const Frame& frame) {
    const auto widths = language_segment_widths(frame);
    return widths[0] + widths[1];
}

} // namespace

float draw_language_switch(Frame& frame, float right, float top, float height) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const ImFont& font = *frame.fonts().body_bold;
    struct Segment {
        core::Language language;
        Msg label;
        Action command;
    };
    const std::array<Segment, 2> segments{{
        {core::Language::fr, Msg::language_french, Action::set_language_fr},
        {core::Language::en, Msg::language_english, Action::set_language_en},
    }};
    const float mark = font.FontSize * 0.8F;
    const float padding = 26 * m.scale;
    const std::array<float, 2> widths = language_segment_widths(frame);
    const float width_total = widths[0] + widths[1];
    float x = right - width_total;
    const float left = x;
    frame.draw.AddRect({x, top}, {right, top + height}, c.on_accent_muted, m.corner, 0, m.border * 1.5F);
    for (std::size_t i = 0; i < segments.size(); ++i) {
        const Segment& segment = segments[i];
        const Box box = Box::at({x, top}, {widths[i], height});
        const bool current = frame.language == segment.language;

        bool held = false;
        touch_target(frame, segment.command, box, &held);

        const ImDrawFlags corners = i == 0 ? ImDrawFlags_RoundCornersLeft : ImDrawFlags_RoundCornersRight;
        if (current || held) {
            frame.fills.rounded_rect(frame.draw, box.min, box.max, held && !current ? c.accent_pressed : c.surface,
                                     m.corner, corners);
        }
        const ImU32 ink = current ? c.accent : c.on_accent;
        const float label_w = text_width(font, frame.t(segment.label));
        const float content_w = label_w + (current ? mark + padding * 0.4F : 0.0F);
        float cx = box.min.x + (box.width() - content_w) * 0.5F;
        const float cy = box.centre().y;
        if (current) {
            draw_check_mark(frame.draw, {cx + mark * 0.5F, cy}, mark * 0.5F, ink, 4 * m.scale);
            cx += mark + padding * 0.4F;
        }
        draw_text(frame, font, frame.t(segment.label), {cx, cy - font.FontSize * 0.55F}, label_w + 1, ink);
        x += widths[i];
    }
    return left;
}

} // namespace

float draw_top_bar(Frame& frame, const core::KioskModel& model) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float row = m.top_bar_height;
    const float switch_height = std::max(m.min_target, row - 2 * 16 * m.scale);
    const ImFont& network_font = *frame.fonts().small;
    const float logo = frame.fonts().heading->FontSize + 6 * m.scale + network_font.FontSize;
    const float text_left = m.margin + logo + m.gap * 0.8F;

    // "Parler à l'accueil" one tap away on every screen but the call's own: beside the language
    // switch, or on a row of its own when that would leave the site's name too little room.
    const bool call_button = model.call_available && model.screen != core::Screen::call;
    const std::string_view call_label = frame.t(Msg::call_button);
    const float call_w = call_button ? button_width(frame, call_label) : 0.0F;
    const float switch_w = language_switch_width(frame);
    const bool own_row =
        call_button && frame.size.x - m.margin - switch_w - call_w - 2 * m.gap - text_left < 420 * m.scale;
    const float height = own_row ? row + switch_height + 16 * m.scale : row;
    frame.fills.rect(frame.draw, {0, 0}, {frame.size.x, height}, c.accent);

    float switch_left =
        draw_language_switch(frame, frame.size.x - m.margin, (row - switch_height) * 0.5F, switch_height);
    if (call_button) {
        const Box box =
            own_row ? Box{{m.margin, row - 8 * m.scale}, {frame.size.x - m.margin, height - 16 * m.scale}}
                    : Box::at({switch_left - m.gap - call_w, (row - switch_height) * 0.5F}, {call_w, switch_height});
        bool held = false;
        touch_target(frame, Action::call_open, box, &held);
        frame.fills.rounded_rect(frame.draw, box.min, box.max, held ? c.accent_soft : c.surface, m.corner);
        const ImFont& font = *frame.fonts().body_bold;
        draw_text(frame, font, call_label,
                  {box.centre().x - text_width(font, call_label) * 0.5F, box.centre().y - font.FontSize * 0.55F},
                  box.width(), c.accent);
        if (!own_row) {
            switch_left = box.min.x;
        }
    }
    const float height_of_name_row = row;

    // The site name on one line with the network's name below it. A name too long for one line
    // takes two, in a smaller type if a word would otherwise be cut, and the network's name gives way.
    const std::string_view site =
        model.site_name.empty() ? frame.t(Msg::site_unnamed) : std::string_view{model.site_name};
    const float column = std::max(1.0F, switch_left - m.gap - text_left);
    draw_network_mark(
        frame.draw,
        Box{{m.margin, (height_of_name_row - logo) * 0.5F}, {m.margin + logo, (height_of_name_row + logo) * 0.5F}},
        c.on_accent, c.accent);

    const ImFont* name_font = frame.fonts().heading;
    auto site_lines = wrap_lines(*name_font, site, column);
    if (site_lines.size() > 1 && (site_lines.size() > 2 || !words_fit(*name_font, site, column))) {
        name_font = frame.fonts().body_bold;
        site_lines = wrap_lines(*name_font, site, column);
    }
    if (site_lines.size() == 1) {
        const float block = name_font->FontSize + 6 * m.scale + network_font.FontSize;
        const float top = (height_of_name_row - block) * 0.5F;
        draw_text(frame, *name_font, site, {text_left, top}, column, c.on_accent);
        if (wrap_lines(network_font, frame.t(Msg::network_name), column).size() == 1) {
            draw_text(frame, network_font, frame.t(Msg::network_name),
                      {text_left, top + name_font->FontSize + 6 * m.scale}, column, c.on_accent_muted);
        }
    } else {
        // Anything beyond two lines is cut at a word: site names are short in practice.
        const std::string_view shown{
            site_lines[0].data(),
            static_cast<std::size_t>(site_lines[1].data() + site_lines[1].size() - site_lines[0].data())};
        const float block = line_height(frame, *name_font) + name_font->FontSize;
        draw_text(frame, *name_font, shown, {text_left, (height_of_name_row - block) * 0.5F}, column, c.on_accent);
    }
    return height;
}

} // namespace telecentre::ui
