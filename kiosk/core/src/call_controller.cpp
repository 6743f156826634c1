#include "telecentre/core/call_controller.hpp"

#include <algorithm>

namespace telecentre::core {

CallController::CallController(KioskModel& model, CallTiming timing, Language default_language)
    : m_model(model), m_timing(timing), m_default_language(default_language) {}

void CallController::enter(CallStep step, TimePoint now) {
    m_model.call.step = step;
    m_model.call.step_since = now;
    m_model.call.last_input = now;
    touch();
}

void CallController::start_camera(CallCommand command) {
    m_commands.push_back(std::move(command));
    m_camera_on = true;
}

void CallController::stop_camera() {
    m_commands.emplace_back(StopMedia{});
    m_camera_on = false;
    m_prepared_call.clear();
    m_held_signals.clear();
}

void CallController::prepare_call() {
    const CallModel& call = m_model.call;
    if (call.step != CallStep::waiting || call.call_id.empty() || call.position != 1 || !m_prepared_call.empty()) {
        return;
    }
    m_prepared_call = call.call_id;
    m_model.call.without_camera = !m_model.camera_present; // sound only, the agent still seen
    start_camera(StartCall{call.call_id});
}

void CallController::send_or_hold(wire::CallSignal signal) {
    const CallStep step = m_model.call.step;
    if (!active()) {
        return;
    }
    if (step == CallStep::connecting || step == CallStep::in_call) {
        m_commands.emplace_back(SendSignal{std::move(signal)});
    } else if (step == CallStep::waiting && !m_prepared_call.empty()) {
        m_held_signals.push_back(std::move(signal));
    }
}

bool CallController::camera_allowed() const {
    const CallStep step = m_model.call.step;
    return active() && (step == CallStep::consent || step == CallStep::waiting || step == CallStep::connecting ||
                        step == CallStep::in_call);
}

bool CallController::for_this_call(const std::string& call_id) const {
    return active() && !call_id.empty() && call_id == m_model.call.call_id;
}

TextEntry* CallController::field() {
    CallModel& call = m_model.call;
    switch (call.editing) {
    case CallField::name: return &call.name;
    case CallField::reason: return &call.reason;
    case CallField::callback_name: return &call.callback_name;
    case CallField::callback_phone: return &call.callback_phone;
    case CallField::none: return nullptr;
    }
    return nullptr;
}

void CallController::open(TimePoint now) {
    const CallStep step = m_model.call.step;
    if (active() && (step == CallStep::waiting || step == CallStep::connecting || step == CallStep::in_call)) {
        return; // a call is on: the button is not shown, and a stray tap changes nothing
    }
    if (!m_model.call_available) {
        return; // not offered (no live link, or the media engine not ready yet): nothing to open
    }
    m_model.call = CallModel{};
    m_model.screen = Screen::call;
    m_model.screen_since = now;
    enter(CallStep::consent, now);
    if (m_model.camera_present) {
        start_camera(StartPreview{});
    }
}

void CallController::edit(CallField field_to_edit, TimePoint now) {
    const CallStep step = m_model.call.step;
    const bool consent_field = field_to_edit == CallField::name || field_to_edit == CallField::reason;
    const bool callback_field = field_to_edit == CallField::callback_name || field_to_edit == CallField::callback_phone;
    if (!active() || (step == CallStep::consent && !consent_field) || (step == CallStep::callback && !callback_field) ||
        (step != CallStep::consent && step != CallStep::callback)) {
        return;
    }
    m_model.call.editing = field_to_edit;
    m_model.call.last_input = now;
    touch();
}

void CallController::key_character(char32_t character, TimePoint now) {
    TextEntry* entry = active() ? field() : nullptr;
    if (entry == nullptr) {
        return;
    }
    // A phone number is digits, spaces and a leading +.
    if (m_model.call.editing == CallField::callback_phone &&
        !((character >= U'0' && character <= U'9') || character == U' ' || character == U'+')) {
        return;
    }
    type_character(*entry, character);
    m_model.call.last_input = now;
    touch();
}

void CallController::key_backspace(TimePoint now) {
    if (TextEntry* entry = active() ? field() : nullptr) {
        erase_character(*entry);
        m_model.call.last_input = now;
        touch();
    }
}

void CallController::key_shift(TimePoint now) {
    if (TextEntry* entry = active() ? field() : nullptr) {
        toggle_shift(*entry);
        m_model.call.last_input = now;
        touch();
    }
}

void CallController::key_accents(TimePoint now) {
    if (TextEntry* entry = active() ? field() : nullptr) {
        toggle_accents(*entry);
        m_model.call.last_input = now;
        touch();
    }
}

void CallController::key_done(TimePoint now) {
    if (active() && m_model.call.editing != CallField::none) {
        m_model.call.editing = CallField::none;
        m_model.call.last_input = now;
        touch();
    }
}

void CallController::call(TimePoint now) {
    if (!active() || m_model.call.step != CallStep::consent) {
        return;
    }
    if (!m_link_up) {
        finish(CallEnd::unavailable, now);
        return;
    }
    CallModel& call = m_model.call;
    call.editing = CallField::none;
    call.position = 0;
    call.agents_available = -1;
    // The preview stays on while waiting: the visitor keeps seeing what the agent will see.
    m_commands.emplace_back(SendCallRequest{{call.name.text, call.reason.text}});
    enter(CallStep::waiting, now);
}

void CallController::cancel(TimePoint now) {
    if (!active()) {
        return;
    }
    CallModel& call = m_model.call;
    if (call.step == CallStep::waiting && !call.call_id.empty()) {
        m_commands.emplace_back(SendCallCancel{call.call_id});
    }
    if (call.step == CallStep::consent || call.step == CallStep::waiting) {
        stop_camera();
        go_home(now);
    }
}

void CallController::hang_up(TimePoint now) {
    CallModel& call = m_model.call;
    if (!active() || (call.step != CallStep::in_call && call.step != CallStep::connecting)) {
        return;
    }
    m_commands.emplace_back(SendHangUp{call.call_id});
    finish(CallEnd::visitor, now);
}

void CallController::toggle_microphone(TimePoint now) {
    CallModel& call = m_model.call;
    if (active() && (call.step == CallStep::in_call || call.step == CallStep::connecting)) {
        call.microphone_muted = !call.microphone_muted;
        m_commands.emplace_back(SetMicrophoneMuted{call.microphone_muted});
        call.last_input = now;
        touch();
    }
}

void CallController::toggle_camera(TimePoint now) {
    CallModel& call = m_model.call;
    if (active() && (call.step == CallStep::in_call || call.step == CallStep::connecting)) {
        call.camera_off = !call.camera_off;
        m_commands.emplace_back(SetCameraOff{call.camera_off});
        call.last_input = now;
        touch();
    }
}

void CallController::ask_callback(TimePoint now) {
    CallModel& call = m_model.call;
    if (!active()) {
        return;
    }
    if (call.step == CallStep::waiting) {
        // Nobody can answer now: the visitor leaves a number instead of waiting.
        if (!call.call_id.empty()) {
            m_commands.emplace_back(SendCallCancel{call.call_id});
        }
        stop_camera();
    } else if (call.step != CallStep::help && call.step != CallStep::ended) {
        return;
    }
    m_callback_call_id = call.call_id;
    call.call_id.clear();
    if (call.callback_name.text.empty()) {
        call.callback_name.text = call.name.text; // typed once is enough
    }
    call.editing = CallField::callback_name;
    call.callback_failed = false;
    enter(CallStep::callback, now);
}

void CallController::send_callback(TimePoint now) {
    CallModel& call = m_model.call;
    if (!active() || call.step != CallStep::callback || m_callback_request != 0) {
        return;
    }
    const auto digits = std::ranges::count_if(call.callback_phone.text, [](char c) { return c >= '0' && c <= '9'; });
    if (digits < 6) {
        call.editing = CallField::callback_phone; // nothing to call back: the phone field is the next thing to fill
        call.last_input = now;
        touch();
        return;
    }
    if (std::ranges::all_of(call.callback_name.text, [](char c) { return c == ' '; })) {
        call.editing = CallField::callback_name; // staff need a name to ask for
        call.last_input = now;
        touch();
        return;
    }
    m_callback_request = ++m_last_request;
    m_commands.emplace_back(SubmitCallback{m_callback_request, call.callback_name.text, call.callback_phone.text,
                                           call.reason.text, m_callback_call_id});
    call.editing = CallField::none;
    call.callback_failed = false;
    call.last_input = now;
    touch();
}

void CallController::on_callback_answer(std::uint64_t request_id, bool accepted, TimePoint now) {
    if (request_id == 0 || request_id != m_callback_request) {
        return;
    }
    m_callback_request = 0;
    if (!active() || m_model.call.step != CallStep::callback) {
        return;
    }
    if (accepted) {
        enter(CallStep::callback_sent, now);
    } else {
        m_model.call.callback_failed = true;
        touch();
    }
}

void CallController::close(TimePoint now) {
    const CallStep step = m_model.call.step;
    if (active() && (step == CallStep::ended || step == CallStep::help || step == CallStep::callback ||
                     step == CallStep::callback_sent)) {
        go_home(now);
    }
}

void CallController::on_queued(const wire::CallQueued& queued, TimePoint now) {
    CallModel& call = m_model.call;
    if (!active() || call.step != CallStep::waiting) {
        return;
    }
    if (!call.call_id.empty() && call.call_id != queued.call_id) {
        return;
    }
    call.call_id = queued.call_id;
    call.position = queued.position;
    call.agents_available = queued.agents_available;
    (void)now;
    touch();
    prepare_call();
}

void CallController::on_answered(const wire::CallAnswered& answered, TimePoint now) {
    if (!for_this_call(answered.call_id) || m_model.call.step != CallStep::waiting) {
        return;
    }
    m_model.call.agent_name = answered.agent_name;
    if (m_prepared_call != answered.call_id) {
        // Answered before its turn came up here. Without a camera the call still starts: sound
        // only, the agent's picture still shown.
        m_model.call.without_camera = !m_model.camera_present;
        start_camera(StartCall{answered.call_id});
        m_prepared_call = answered.call_id;
    }
    enter(CallStep::connecting, now);
    for (wire::CallSignal& held : m_held_signals) {
        m_commands.emplace_back(SendSignal{std::move(held)});
    }
    m_held_signals.clear();
}

void CallController::on_ended(const wire::CallEnded& ended, TimePoint now) {
    if (!for_this_call(ended.call_id)) {
        return;
    }
    const CallStep step = m_model.call.step;
    if (step != CallStep::waiting && step != CallStep::connecting && step != CallStep::in_call) {
        return;
    }
    CallEnd why = CallEnd::failed;
    switch (ended.reason) {
    case wire::CallEndReason::agent_hung_up: why = CallEnd::agent; break;
    case wire::CallEndReason::visitor_hung_up:
    case wire::CallEndReason::cancelled: why = CallEnd::visitor; break;
    case wire::CallEndReason::unanswered: why = CallEnd::unanswered; break;
    case wire::CallEndReason::kiosk_lost:
    case wire::CallEndReason::agent_lost:
    case wire::CallEndReason::server_restart: why = CallEnd::failed; break;
    }
    finish(why, now);
}

void CallController::on_signal(const wire::CallSignal& signal, TimePoint /*now*/) {
    const CallStep step = m_model.call.step;
    if (for_this_call(signal.call_id) && (step == CallStep::connecting || step == CallStep::in_call)) {
        m_commands.emplace_back(ApplyRemoteSignal{signal});
    }
}

void CallController::on_refused(TimePoint now) {
    // The backend said no to the request (queue full, a call already on): the visitor is told,
    // and offered the phone number.
    if (active() && m_model.call.step == CallStep::waiting && m_model.call.call_id.empty()) {
        finish(CallEnd::unavailable, now);
    }
}

void CallController::on_link(bool connected, TimePoint now) {
    m_link_up = connected;
    const CallStep step = m_model.call.step;
    if (!connected && active() &&
        (step == CallStep::waiting || step == CallStep::connecting || step == CallStep::in_call)) {
        // The backend ends the call on its side when this session drops: do the same here.
        finish(step == CallStep::waiting ? CallEnd::unavailable : CallEnd::failed, now);
    }
}

void CallController::on_local_description(wire::SignalKind kind, std::string sdp, TimePoint /*now*/) {
    send_or_hold({m_model.call.call_id, kind, std::move(sdp), {}, 0});
}

void CallController::on_local_candidate(int mline_index, std::string candidate, TimePoint /*now*/) {
    send_or_hold({m_model.call.call_id, wire::SignalKind::candidate, {}, std::move(candidate), mline_index});
}

void CallController::on_media_state(MediaState state, TimePoint now) {
    CallModel& call = m_model.call;
    if (!active()) {
        return;
    }
    if (state == MediaState::connected && call.step == CallStep::connecting) {
        enter(CallStep::in_call, now);
        return;
    }
    if (state == MediaState::failed && (call.step == CallStep::connecting || call.step == CallStep::in_call)) {
        m_commands.emplace_back(SendHangUp{call.call_id});
        finish(CallEnd::failed, now);
    } else if (state == MediaState::failed && call.step == CallStep::waiting && !m_prepared_call.empty()) {
        // The camera or the pipeline failed before anyone answered: no agent is rung for a call
        // that cannot carry a picture; the visitor is offered the phone number and a callback.
        m_commands.emplace_back(SendCallCancel{call.call_id});
        finish(CallEnd::failed, now);
    }
}

void CallController::on_camera_lost(TimePoint /*now*/) {
    CallModel& call = m_model.call;
    if (active() && (call.step == CallStep::connecting || call.step == CallStep::in_call) && !call.camera_lost &&
        !call.without_camera) {
        call.camera_lost = true;
        touch();
    }
}

void CallController::on_devices(DevicePresence present, TimePoint now) {
    const bool camera_came_or_went = m_model.camera_present != present.camera;
    if (!camera_came_or_went && m_model.microphone_present == present.microphone) {
        return;
    }
    m_model.camera_present = present.camera;
    m_model.microphone_present = present.microphone;
    touch();
    if (!camera_came_or_went || !active()) {
        return;
    }
    const CallStep step = m_model.call.step;
    if (step == CallStep::waiting && !m_prepared_call.empty()) {
        // The call's media was made ahead with the camera as it was: made again as it is now
        // (nothing of it has reached the agent yet).
        stop_camera();
        prepare_call();
    } else if (step == CallStep::consent || step == CallStep::waiting) {
        // The preview follows the camera: closed when it goes, opened again when it comes back.
        if (!present.camera && m_camera_on) {
            stop_camera();
        } else if (present.camera && !m_camera_on) {
            start_camera(StartPreview{});
        }
    } else if (step == CallStep::connecting || step == CallStep::in_call) {
        // The call keeps what it has: a camera that comes back serves the next call.
        if (!present.camera) {
            on_camera_lost(now);
        }
    }
}

void CallController::finish(CallEnd why, TimePoint now) {
    stop_camera();
    m_model.call.ended = why;
    m_model.call.editing = CallField::none;
    enter(CallStep::ended, now);
}

void CallController::go_home(TimePoint now) {
    m_model.call = CallModel{}; // nothing of the visitor stays on the kiosk
    m_callback_request = 0;
    m_callback_call_id.clear();
    m_model.language = m_default_language;
    m_model.screen = Screen::home;
    m_model.screen_since = now;
    touch();
}

std::optional<TimePoint> CallController::next_deadline() const {
    if (!active()) {
        return std::nullopt;
    }
    const CallModel& call = m_model.call;
    switch (call.step) {
    case CallStep::consent:
    case CallStep::help:
    case CallStep::callback: return call.last_input + m_timing.idle;
    case CallStep::connecting: return call.step_since + m_timing.connecting;
    case CallStep::ended: return call.step_since + m_timing.help_after;
    case CallStep::callback_sent: return call.step_since + m_timing.sent_home;
    case CallStep::waiting:
    case CallStep::in_call: return std::nullopt; // the backend ends an unanswered call; a call lasts
    }
    return std::nullopt;
}

void CallController::on_tick(TimePoint now) {
    // Another controller took the screen (a badge tapped on the consent screen, say): the camera
    // goes off with the call flow.
    if (m_camera_on && !camera_allowed()) {
        stop_camera();
    }
    const auto deadline = next_deadline();
    if (!deadline || now < *deadline) {
        return;
    }
    switch (m_model.call.step) {
    case CallStep::connecting:
        m_commands.emplace_back(SendHangUp{m_model.call.call_id});
        finish(CallEnd::failed, now);
        return;
    case CallStep::ended: enter(CallStep::help, now); return;
    case CallStep::consent:
        stop_camera();
        go_home(now);
        return;
    case CallStep::help:
    case CallStep::callback:
    case CallStep::callback_sent: go_home(now); return;
    case CallStep::waiting:
    case CallStep::in_call: return;
    }
}

std::vector<CallCommand> CallController::take_commands() {
    std::vector<CallCommand> taken;
    taken.swap(m_commands);
    return taken;
}

} // namespace telecentre::core
