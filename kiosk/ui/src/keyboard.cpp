#include "keyboard.hpp"

#include "booking_pictograms.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <vector>

namespace telecentre::ui {
namespace {

enum class KeyKind { character, shift, backspace, page, done };

struct Key {
    KeyKind kind = KeyKind::character;
    char32_t character = 0; // character keys
    float units = 1;        // width in letter keys
};

struct Layout {
    std::array<std::vector<Key>, 4> rows;
};

std::vector<Key> letters(std::u32string_view text) {
    std::vector<Key> keys;
    for (const char32_t c : text) {
        keys.push_back({KeyKind::character, c, 1});
    }
    return keys;
}

std::vector<Key> with_shift_and_backspace(std::u32string_view text) {
    std::vector<Key> keys{{KeyKind::shift, 0, 1.5F}};
    const auto middle = letters(text);
    keys.insert(keys.end(), middle.begin(), middle.end());
    keys.push_back({KeyKind::backspace, 0, 1.5F});
    return keys;
}

// The bottom row is the same everywhere: the page key, an apostrophe and a hyphen for names,
// the space bar, OK.
std::vector<Key> bottom_row() {
    return {{KeyKind::page, 0, 1.5F},
            {KeyKind::character, U'’', 1},
            {KeyKind::character, U' ', 3.5F},
            {KeyKind::character, U'-', 1},
            {KeyKind::done, 0, 1.5F}};
}

// No row is wider than ten letter keys, so that a portrait screen still gives each a finger's width.
Layout layout_for(core::Language language, core::KeyboardPage page) {
    Layout layout;
    if (page == core::KeyboardPage::accents) {
        layout.rows = {letters(U"àâäæçéèêë"), letters(U"îïôöœùûüÿñ"), with_shift_and_backspace(U"áíóúãõ"),
                       bottom_row()};
    } else if (language == core::Language::fr) {
        layout.rows = {letters(U"azertyuiop"), letters(U"qsdfghjklm"), with_shift_and_backspace(U"wxcvbn"),
                       bottom_row()};
    } else {
        layout.rows = {letters(U"qwertyuiop"), letters(U"asdfghjkl"), with_shift_and_backspace(U"zxcvbnm"),
                       bottom_row()};
    }
    return layout;
}

constexpr float kMaxUnits = 10;

float unit_width(const Frame& frame, float width) {
    return std::min(width / kMaxUnits, 150 * frame.sizes().scale + frame.sizes().min_target * 0.2F);
}

float key_height(const Frame& frame) { return std::max(frame.sizes().min_target, 100 * frame.sizes().scale); }

Command command_for(const Key& key) {
    switch (key.kind) {
    case KeyKind::character: return {Action::key_character, 0, {}, key.character};
    case KeyKind::shift: return Action::key_shift;
    case KeyKind::backspace: return Action::key_backspace;
    case KeyKind::page: return Action::key_accents;
    case KeyKind::done: return Action::key_done;
    }
    return Action::key_done;
}

// A key's face: the visible part of its cell (the cell, gaps included, is the touch target).
void draw_key_face(Frame& frame, const Box& cell, ImU32 fill, ImU32 border) {
    const Metrics& m = frame.sizes();
    const float inset = std::max(2.0F, 5 * m.scale);
    const Box face{{cell.min.x + inset, cell.min.y + inset}, {cell.max.x - inset, cell.max.y - inset}};
    frame.fills.rounded_rect(frame.draw, face.min, face.max, fill, m.corner * 0.5F);
    if (border != fill) {
        frame.draw.AddRect(face.min, face.max, border, m.corner * 0.5F, 0, std::max(1.0F, 2 * m.scale));
    }
}

void draw_key_label(Frame& frame, const Box& cell, std::string_view label, ImU32 ink, const ImFont& font) {
    draw_text(frame, font, label, {cell.min.x, cell.centre().y - font.FontSize * 0.55F}, cell.width(), ink,
              Align::centre);
}

// The accented forms above a held key; returns the one under the pointer, if any.
char32_t draw_popup(Frame& frame, const Box& key_cell, std::u32string_view forms, const Box& area, bool shift) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    const float w = key_cell.width();
    const float h = key_cell.height();
    const float total = w * static_cast<float>(forms.size());
    const float left =
        std::clamp(key_cell.centre().x - total * 0.5F, area.min.x, std::max(area.min.x, area.max.x - total));
    const float top = key_cell.min.y - h - m.gap * 0.3F;
    frame.fills.rounded_rect(frame.draw, {left - m.gap * 0.3F, top - m.gap * 0.3F},
                             {left + total + m.gap * 0.3F, top + h + m.gap * 0.3F}, c.accent, m.corner * 0.6F);
    const ImVec2 pointer = ImGui::GetIO().MousePos;
    char32_t chosen = 0;
    for (std::size_t i = 0; i < forms.size(); ++i) {
        const Box cell = Box::at({left + w * static_cast<float>(i), top}, {w, h});
        const bool over =
            pointer.x >= cell.min.x && pointer.x < cell.max.x && pointer.y >= cell.min.y && pointer.y < cell.max.y;
        draw_key_face(frame, cell, over ? c.accent_pressed : c.surface, over ? c.accent_pressed : c.surface);
        const char32_t shown = shift ? core::to_upper(forms[i]) : forms[i];
        draw_key_label(frame, cell, core::utf8(shown), over ? c.on_accent : c.text, *frame.fonts().heading);
        // Listed for tests and automation; a finger reaches them by sliding, not by a fresh tap.
        frame.targets.push_back({Command{Action::key_character, 0, {}, forms[i]}, cell.min.x, cell.min.y, w, h});
        if (over) {
            chosen = forms[i];
        }
    }
    return chosen;
}

} // namespace

std::u32string_view accented_forms(char32_t letter) {
    switch (letter) {
    case U'a': return U"àâäæ";
    case U'c': return U"ç";
    case U'e': return U"éèêë";
    case U'i': return U"îï";
    case U'o': return U"ôöœ";
    case U'u': return U"ùûü";
    case U'y': return U"ÿ";
    case U'n': return U"ñ";
    default: return {};
    }
}

float keyboard_height(const Frame& frame, float /*width*/) { return key_height(frame) * 4; }

void draw_keyboard(Frame& frame, const core::TextEntry& entry, const Box& box, core::TimePoint now) {
    const Palette& c = frame.colours();
    const Layout layout = layout_for(frame.language, entry.page);
    const float unit = unit_width(frame, box.width());
    const float h = key_height(frame);
    KeyHold& hold = frame.widgets.key_hold;
    bool any_held = false;
    int key_id = 0;
    struct Popup {
        Box cell;
        std::u32string_view forms;
        char32_t base = 0;
        bool released = false;
        bool released_on_base = false;
    };
    std::optional<Popup> popup;

    for (std::size_t row = 0; row < layout.rows.size(); ++row) {
        const auto& keys = layout.rows[row];
        float row_units = 0;
        for (const Key& key : keys) {
            row_units += key.units;
        }
        float x = box.min.x + (box.width() - row_units * unit) * 0.5F;
        const float y = box.min.y + h * static_cast<float>(row);
        for (const Key& key : keys) {
            const Box cell = Box::at({x, y}, {key.units * unit, h});
            x += key.units * unit;
            ++key_id;
            const Command command = command_for(key);

            ImGui::SetCursorScreenPos(cell.min);
            ImGui::PushID(key_id);
            const bool clicked = ImGui::InvisibleButton("key", {cell.width(), cell.height()});
            const bool held = ImGui::IsItemActive();
            const bool released = ImGui::IsItemDeactivated();
            ImGui::PopID();
            frame.targets.push_back({command, cell.min.x, cell.min.y, cell.width(), cell.height()});

            const std::u32string_view forms =
                key.kind == KeyKind::character ? accented_forms(key.character) : std::u32string_view{};
            if (held) {
                any_held = true;
                if (hold.key != key_id) {
                    hold = KeyHold{.key = key_id, .since = now, .popup = false};
                }
                if (!forms.empty() && now - hold.since >= kLongPress) {
                    hold.popup = true;
                }
            }
            const bool popup_open = hold.key == key_id && hold.popup && !forms.empty();
            if (popup_open && (held || released)) {
                popup = Popup{cell, forms, key.character, released, clicked};
            } else if (clicked) {
                frame.commands.push_back(command);
            }

            // The face: letters on white, the others tinted; OK in the accent colour; shift filled when on.
            ImU32 fill = key.kind == KeyKind::character ? c.surface : c.accent_soft;
            ImU32 ink = c.text;
            if (key.kind == KeyKind::done) {
                fill = c.accent;
                ink = c.on_accent;
            }
            if (key.kind == KeyKind::shift && entry.shift) {
                fill = c.accent;
                ink = c.on_accent;
            }
            if (held) {
                fill = c.accent_pressed;
                ink = c.on_accent;
            }
            draw_key_face(frame, cell, fill, key.kind == KeyKind::character ? c.surface_border : fill);
            const float mark = frame.fonts().heading->FontSize;
            switch (key.kind) {
            case KeyKind::character:
                if (key.character == U' ') {
                    draw_key_label(frame, cell, frame.t(Msg::key_space), held ? ink : c.text_muted,
                                   *frame.fonts().body);
                } else {
                    const char32_t shown = entry.shift ? core::to_upper(key.character) : key.character;
                    draw_key_label(frame, cell, core::utf8(shown), ink, *frame.fonts().heading);
                    if (!forms.empty() && !held) {
                        // A small dot says "hold me for accents".
                        frame.draw.AddCircleFilled(
                            {cell.max.x - 16 * frame.sizes().scale, cell.min.y + 16 * frame.sizes().scale},
                            3.5F * frame.sizes().scale, c.text_muted, 8);
                    }
                }
                break;
            case KeyKind::shift: draw_shift_mark(frame.draw, cell.centre(), mark, entry.shift, ink); break;
            case KeyKind::backspace: draw_backspace_mark(frame.draw, cell.centre(), mark, ink); break;
            case KeyKind::page:
                draw_key_label(frame, cell,
                               frame.t(entry.page == core::KeyboardPage::accents ? Msg::key_letters : Msg::key_accents),
                               ink, *frame.fonts().body_bold);
                break;
            case KeyKind::done:
                draw_key_label(frame, cell, frame.t(Msg::key_done), ink, *frame.fonts().body_bold);
                break;
            }
        }
    }

    // Drawn last, over the row above the held key.
    if (popup) {
        const char32_t chosen = draw_popup(frame, popup->cell, popup->forms, box, entry.shift);
        if (popup->released) {
            if (chosen != 0) {
                frame.commands.push_back(Command{Action::key_character, 0, {}, chosen});
            } else if (popup->released_on_base) {
                frame.commands.push_back(Command{Action::key_character, 0, {}, popup->base});
            }
        }
    }
    if (any_held) {
        frame.animate = true; // the long press ripens without input
    } else {
        hold = KeyHold{};
    }
}

void draw_text_field(Frame& frame, const core::TextEntry& entry, std::string_view placeholder, const Box& box) {
    const Metrics& m = frame.sizes();
    const Palette& c = frame.colours();
    frame.fills.rounded_rect(frame.draw, box.min, box.max, c.surface, m.corner * 0.6F);
    frame.draw.AddRect(box.min, box.max, c.accent, m.corner * 0.6F, 0, 3 * m.scale);
    const ImFont& font = *frame.fonts().heading;
    const float x = box.min.x + m.gap;
    const float y = box.centre().y - font.FontSize * 0.55F;
    const float room = box.width() - 2 * m.gap;
    if (entry.text.empty()) {
        draw_text(frame, *frame.fonts().lead, placeholder,
                  {x + m.gap * 0.5F, box.centre().y - frame.fonts().lead->FontSize * 0.55F}, room, c.text_muted);
        frame.draw.AddRectFilled({x, box.centre().y - font.FontSize * 0.6F},
                                 {x + 3 * m.scale, box.centre().y + font.FontSize * 0.6F}, c.accent);
        return;
    }
    // The end of a long text stays in view: that is where the typing happens.
    std::string_view shown = entry.text;
    while (!shown.empty() && text_width(font, shown) > room - m.gap) {
        std::size_t cut = 1;
        while (cut < shown.size() && (static_cast<unsigned char>(shown[cut]) & 0xC0U) == 0x80U) {
            ++cut;
        }
        shown.remove_prefix(cut);
    }
    const float text_w = text_width(font, shown);
    draw_text(frame, font, shown, {x, y}, text_w + 1, c.text);
    frame.draw.AddRectFilled({x + text_w + 4 * m.scale, box.centre().y - font.FontSize * 0.6F},
                             {x + text_w + 7 * m.scale, box.centre().y + font.FontSize * 0.6F}, c.accent);
}

} // namespace telecentre::ui
