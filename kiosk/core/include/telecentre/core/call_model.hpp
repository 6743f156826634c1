#pragma once
// Visio-accueil on the kiosk, as the screens see it: part of KioskModel, owned by the UI thread,
// changed only by CallController.

#include "telecentre/core/clock.hpp"
#include "telecentre/core/text_entry.hpp"

#include <optional>
#include <string>

namespace telecentre::core {

enum class CallStep {
    consent,       // the visitor's own camera image, an optional name and reason, "Call" / "Cancel"
    waiting,       // asked: the place in the queue, whether anyone can answer now, "Cancel"
    connecting,    // an agent answered: the media is being set up
    in_call,       // the agent's video large, the visitor's small, mute, end
    ended,         // why it ended, in a sentence; then the help below
    help,          // the network's phone number and opening hours, "Be called back"
    callback,      // name and phone on the keyboard, "Send"
    callback_sent, // thanks; home soon
};

// Which text the keyboard is typing into (consent and callback steps).
enum class CallField { none, name, reason, callback_name, callback_phone };

enum class CallEnd {
    visitor,     // the visitor ended it
    agent,       // the agent ended it
    unanswered,  // nobody answered in time
    failed,      // the media could not be set up, or the connection to the agent was lost
    unavailable, // the live channel to the backend is down: no call can be made now
};

struct CallModel {
    CallStep step = CallStep::consent;
    TextEntry name{.text = {}, .shift = true, .page = KeyboardPage::letters, .max_characters = 40};
    TextEntry reason{.text = {}, .shift = true, .page = KeyboardPage::letters, .max_characters = 80};
    TextEntry callback_name{.text = {}, .shift = true, .page = KeyboardPage::letters, .max_characters = 40};
    TextEntry callback_phone{.text = {}, .shift = false, .page = KeyboardPage::letters, .max_characters = 20};
    CallField editing = CallField::none;

    std::string call_id;
    int position = 0;          // waiting: 1 = next
    int agents_available = -1; // waiting: -1 until the backend said
    std::string agent_name;    // connecting, in_call
    bool microphone_muted = false;
    bool camera_off = false;
    bool without_camera = false; // connecting, in_call: the call began with no camera (sound only)
    bool camera_lost = false;    // connecting, in_call: the camera went during the call
    std::optional<CallEnd> ended;
    bool callback_failed = false; // the request could not be sent: say so, keep the text

    TimePoint step_since{};
    TimePoint last_input{};
};

} // namespace telecentre::core
