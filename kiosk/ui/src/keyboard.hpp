#pragma once
// The on-screen keyboard: AZERTY when the screen speaks French, QWERTY in English, a page of
// accented letters behind the "àé" key, and a letter's accented forms on a long press of it (slide
// onto one and lift). It draws a core::TextEntry and emits key_* commands; the controller owning
// the entry applies them (type_character & co.), so any screen with a text field can reuse it.
// Threading: UI thread.

#include "telecentre/core/text_entry.hpp"
#include "widgets.hpp"

#include <chrono>
#include <string_view>

namespace telecentre::ui {

inline constexpr std::chrono::milliseconds kLongPress{500};

// The height the keyboard takes in a box of `width` (four rows of keys at least a touch target high).
[[nodiscard]] float keyboard_height(const Frame& frame, float width);

// Draws the keys in `box` (top-aligned). `now` times the long press: the model's clock, so that
// tests can hold a key for exactly as long as they like.
void draw_keyboard(Frame& frame, const core::TextEntry& entry, const Box& box, core::TimePoint now);

// The accented forms a long press on a small letter offers; empty when it has none.
[[nodiscard]] std::u32string_view accented_forms(char32_t letter);

// A text field: the entry's text (or the placeholder, muted) with a caret, in a white box.
void draw_text_field(Frame& frame, const core::TextEntry& entry, std::string_view placeholder, const Box& box);

} // namespace telecentre::ui
