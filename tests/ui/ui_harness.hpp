#pragma once
// A headless kiosk screen for tests: SDL's offscreen video driver, the software renderer, one
// KioskUi. Input is injected as SDL events and goes through SDL's queue like real input.

#include "telecentre/core/kiosk_model.hpp"
#include "telecentre/ui/kiosk_ui.hpp"

#include <SDL.h>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::ui::test {

// Monday 23 November 2026, 08:41 UTC: 09:41 in Paris (winter time).
[[nodiscard]] core::TimePoint fixture_now();
[[nodiscard]] core::KioskModel base_model(core::Language language);

struct PixelStats {
    double share_unlike_corner = 0; // pixels that differ from the top-left pixel
    std::size_t distinct_colours = 0;
};

class UiHarness {
public:
    UiHarness(int width, int height);
    ~UiHarness();
    UiHarness(const UiHarness&) = delete;
    UiHarness& operator=(const UiHarness&) = delete;

    // Empty when everything started; otherwise what failed.
    [[nodiscard]] const std::string& start_error() const { return m_error; }
    [[nodiscard]] KioskUi& ui() { return *m_ui; }
    [[nodiscard]] int width() const { return m_width; }
    [[nodiscard]] int height() const { return m_height; }

    // Feeds queued SDL events, then draws until the UI asks for no further frame (bounded), and
    // returns every command emitted on the way.
    std::vector<Command> settle(const core::KioskModel& model);
    // One frame only (for screens that animate and so always want another frame).
    std::vector<Command> frame(const core::KioskModel& model);

    void push_finger(Uint32 type, float x, float y, SDL_FingerID finger = 1);
    void push_mouse_button(Uint32 type, int x, int y, Uint32 which = 0);
    void push_mouse_motion(int x, int y, Uint32 which = 0);

    // A finger tap (down then up) at window coordinates; a mouse click likewise.
    std::vector<Command> tap(const core::KioskModel& model, float x, float y);
    std::vector<Command> click(const core::KioskModel& model, int x, int y);

    [[nodiscard]] std::optional<TouchTarget> target(Command command) const;
    [[nodiscard]] PixelStats pixel_stats() const;
    // One pixel of the last frame drawn, 0xAARRGGBB (0 when it cannot be read).
    [[nodiscard]] Uint32 pixel(int x, int y) const;
    // Writes artefacts/ui/<name>.png; returns an error message, empty on success.
    [[nodiscard]] std::string save(const std::string& name) const;

private:
    void pump();

    int m_width;
    int m_height;
    std::string m_error;
    SDL_Window* m_window = nullptr;
    SDL_Renderer* m_renderer = nullptr;
    std::unique_ptr<KioskUi> m_ui;
};

} // namespace telecentre::ui::test
