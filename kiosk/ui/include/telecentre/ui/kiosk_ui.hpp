#pragma once
// The kiosk's screens, drawn with Dear ImGui 1.86 onto an SDL_Renderer the app owns.
// The views read the model and answer with commands; they never change the model.
// Threading: UI thread only (the thread that owns the SDL renderer). No call waits on I/O; init()
// reads the font files once.

#include "telecentre/core/kiosk_model.hpp"

#include <expected>
#include <memory>
#include <string>
#include <vector>

struct SDL_Renderer;
union SDL_Event;

namespace telecentre::ui {

// What a visitor asked for by touching the screen. The app hands each one to KioskController.
enum class Command {
    set_language_fr,
    set_language_en,
    go_home,
};

[[nodiscard]] const char* to_string(Command command);

// A touch target of the last frame, in window coordinates (the coordinates of mouse events, and of
// finger events once multiplied by the window size). For tests and automation.
struct TouchTarget {
    Command command;
    float x = 0;
    float y = 0;
    float width = 0;
    float height = 0;
};

// Sizes are designed for a 1080-pixel-high landscape screen; scale them by the short side.
[[nodiscard]] float recommended_scale(int width, int height);

class KioskUi {
public:
    explicit KioskUi(SDL_Renderer* renderer);
    ~KioskUi();
    KioskUi(const KioskUi&) = delete;
    KioskUi& operator=(const KioskUi&) = delete;

    // Loads the fonts (DejaVu Sans, regular and bold) at `scale` and checks that every catalogue
    // message, in both languages, has all its glyphs. The error names the character and the key.
    [[nodiscard]] std::expected<void, std::string> init(float scale);

    // Any SDL event. Finger and mouse events go into the UI's own pointer queue (ImGui 1.86's SDL
    // backend ignores fingers, and needs window focus); the rest goes to ImGui's SDL backend.
    // Expects SDL_HINT_TOUCH_MOUSE_EVENTS "0"; mouse events synthesised from touches are ignored.
    void feed(const SDL_Event& event);

    // Draws one frame of the model's screen onto the renderer, without presenting it (so that a
    // caller can read the pixels first). Returns the commands the visitor gave during this frame.
    // Applies at most one queued pointer transition per frame: see wants_another_frame().
    [[nodiscard]] std::vector<Command> draw(const core::KioskModel& model);

    // True while queued input remains, while ImGui settles after input, or while an animation runs
    // (the "checking" spinner: redraw at ~30 fps then). Otherwise redraw only on input, a model
    // revision change or a timer, so that an idle kiosk uses no CPU.
    [[nodiscard]] bool wants_another_frame() const;

    // The touch targets drawn in the last frame.
    [[nodiscard]] const std::vector<TouchTarget>& touch_targets() const;

    // Texts of the last frame that had a character the fonts lack (drawn as '?'). Catalogue texts
    // are checked by init(); this catches data such as names and resource names.
    [[nodiscard]] const std::vector<std::string>& texts_with_missing_glyphs() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::ui
