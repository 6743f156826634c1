#include "pointer_queue.hpp"

namespace telecentre::ui {

void PointerQueue::press(float x, float y) {
    move(x, y);
    m_pending.push_back({.after = {.present = true, .x = x, .y = y, .down = true}, .is_move = false});
}

void PointerQueue::move(float x, float y) {
    const PointerState moved{.present = true, .x = x, .y = y, .down = last().down};
    if (!m_pending.empty() && m_pending.back().is_move) {
        m_pending.back().after = moved;
        return;
    }
    const PointerState& before = last();
    if (before.present && before.x == x && before.y == y) {
        return;
    }
    m_pending.push_back({.after = moved, .is_move = true});
}

void PointerQueue::release(float x, float y) {
    if (!last().down) {
        return;
    }
    // ImGui counts a click only when the button comes up over the target it went down on: the
    // pointer first travels to where it was released.
    move(x, y);
    m_pending.push_back({.after = {.present = true, .x = x, .y = y, .down = false}, .is_move = false});
}

void PointerQueue::leave() {
    if (!last().present) {
        return;
    }
    if (last().down) {
        release(last().x, last().y);
    }
    const PointerState gone{.present = false, .x = last().x, .y = last().y, .down = false};
    m_pending.push_back({.after = gone, .is_move = false});
}

bool PointerQueue::advance() {
    if (m_pending.empty()) {
        return false;
    }
    m_state = m_pending.front().after;
    m_pending.pop_front();
    return true;
}

} // namespace telecentre::ui
