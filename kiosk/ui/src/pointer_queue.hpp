#pragma once
// The UI's own pointer input. ImGui 1.86 reads one mouse state per frame: a tap (press and release
// within one batch of events) would be lost, and its SDL backend ignores fingers and needs window
// focus. So finger and mouse events become transitions here, and each frame applies one.
// Threading: UI thread only.

#include <deque>
#include <optional>

namespace telecentre::ui {

struct PointerState {
    bool present = false; // false once a finger is lifted: nothing is under it any more
    float x = 0;
    float y = 0;
    bool down = false;
};

class PointerQueue {
public:
    // A press first moves the pointer there on its own frame, so that ImGui sees the target
    // under the pointer before the button goes down.
    void press(float x, float y);
    void move(float x, float y);
    void release(float x, float y);
    // A finger lifted: no pointer remains over the screen.
    void leave();

    [[nodiscard]] bool empty() const { return m_pending.empty(); }
    [[nodiscard]] const PointerState& state() const { return m_state; }

    // Applies the next transition, if any, and returns true when one was applied.
    bool advance();

private:
    struct Transition {
        PointerState after;
        bool is_move = false; // moves may merge; presses and releases each keep their frame
    };

    // The state once every queued transition is applied.
    [[nodiscard]] const PointerState& last() const { return m_pending.empty() ? m_state : m_pending.back().after; }

    PointerState m_state;
    std::deque<Transition> m_pending;
};

} // namespace telecentre::ui
