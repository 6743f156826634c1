#pragma once
// "Parler à l'accueil": the visitor's side of a visio-accueil call, a state machine over
// KioskModel::call. Events come in (touches, keys, the backend's call messages already decoded,
// the media's events, the live link's state, the clock); what the app must do goes out as
// CallCommands: live messages for the backend, and media actions (preview, call as offerer,
// remote signalling, mute, stop). No GStreamer and no socket here.
//
// The kiosk always makes the WebRTC offer (never from a negotiation-needed event: the agent's
// browser only answers), so there is no glare. It makes it early: once its call is first in the
// queue the camera goes from the preview to the call, which builds its offer and gathers its
// candidates while the agent's console rings; they are held here and sent the moment the agent
// accepts (the backend relays only between the two parties of an accepted call). The answer to
// first picture time then has no pipeline start-up in it.
//
// Threading: UI thread only, like the other controllers; answers reach it through the UI inbox.

#include "telecentre/core/call_model.hpp"
#include "telecentre/core/kiosk_model.hpp"
#include "telecentre/wire/reception.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace telecentre::core {

// Live messages for the backend, as wire values (the app encodes and sends them).
struct SendCallRequest {
    wire::CallRequest request;
};
struct SendCallCancel {
    std::string call_id;
};
struct SendHangUp {
    std::string call_id;
};
struct SendSignal {
    wire::CallSignal signal;
};
// Media actions.
// The visitor's own camera image, from consent through waiting: what the agent will see. The
// camera is on only while the visitor is in the call flow (consent, waiting, connecting, in the
// call); every way out of it (cancel, time-out, end, another screen) sends StopMedia.
struct StartPreview {};
// The preview gives the camera to the call, which makes the offer: when the visitor's call is
// first in the queue, or at the latest when the agent accepts.
struct StartCall {
    std::string call_id;
};
struct ApplyRemoteSignal {
    wire::CallSignal signal;
};
struct SetMicrophoneMuted {
    bool muted = false;
};
struct SetCameraOff {
    bool off = false;
};
struct StopMedia {}; // preview or call: tear it down
// The callback request, for the backend's REST API.
struct SubmitCallback {
    std::uint64_t request_id = 0;
    std::string name;
    std::string phone;
    std::string reason;
    std::string call_id; // the call that went unanswered or failed; empty: none was made
};
using CallCommand = std::variant<SendCallRequest, SendCallCancel, SendHangUp, SendSignal, StartPreview, StartCall,
                                 ApplyRemoteSignal, SetMicrophoneMuted, SetCameraOff, StopMedia, SubmitCallback>;

// What the media engine reports (media/ translated by the app).
enum class MediaState { connecting, connected, failed, closed };

// Whether the configured camera and microphone are plugged in now (media::DeviceWatcher and the
// reception.camera/microphone rules, applied by the app).
struct DevicePresence {
    bool camera = true;
    bool microphone = true;
};

struct CallTiming {
    std::chrono::milliseconds idle = std::chrono::seconds{60};       // consent, help, callback: no touch
    std::chrono::milliseconds connecting = std::chrono::seconds{15}; // answered, media not up by then
    std::chrono::milliseconds help_after = std::chrono::seconds{8};  // ended: then the phone number
    std::chrono::milliseconds sent_home = std::chrono::seconds{10};  // callback sent: then home
    std::chrono::milliseconds callback_answer = std::chrono::seconds{20};
};

class CallController {
public:
    CallController(KioskModel& model, CallTiming timing, Language default_language);

    // Touches.
    void open(TimePoint now); // "Parler à l'accueil", from any screen
    void edit(CallField field, TimePoint now);
    void key_character(char32_t character, TimePoint now);
    void key_backspace(TimePoint now);
    void key_shift(TimePoint now);
    void key_accents(TimePoint now);
    void key_done(TimePoint now);
    void call(TimePoint now);   // consent: "Appeler"
    void cancel(TimePoint now); // consent, waiting: back home (a waiting call is cancelled)
    void hang_up(TimePoint now);
    void toggle_microphone(TimePoint now);
    void toggle_camera(TimePoint now);
    void ask_callback(TimePoint now); // help (or waiting with nobody available): the form
    void send_callback(TimePoint now);
    void close(TimePoint now); // ended, help, callback_sent: home

    // The backend (decoded live messages for this kiosk).
    void on_queued(const wire::CallQueued& queued, TimePoint now);
    void on_answered(const wire::CallAnswered& answered, TimePoint now);
    void on_ended(const wire::CallEnded& ended, TimePoint now);
    void on_signal(const wire::CallSignal& signal, TimePoint now);
    // A call message the backend refused ({"type":"error"} after a call.request, say).
    void on_refused(TimePoint now);
    void on_link(bool connected, TimePoint now);
    void on_callback_answer(std::uint64_t request_id, bool accepted, TimePoint now);

    // The media engine.
    void on_local_description(wire::SignalKind kind, std::string sdp, TimePoint now);
    void on_local_candidate(int mline_index, std::string candidate, TimePoint now);
    void on_media_state(MediaState state, TimePoint now);
    // The call's camera failed (unplugged): the call goes on with sound, and the screen says so.
    void on_camera_lost(TimePoint now);
    // The devices came or went: the preview follows the camera (none is started without one).
    void on_devices(DevicePresence present, TimePoint now);

    void on_tick(TimePoint now);
    [[nodiscard]] std::optional<TimePoint> next_deadline() const;
    [[nodiscard]] bool active() const { return m_model.screen == Screen::call; }
    // Waiting, connecting or talking: the screen must not be taken from the visitor (a badge tap
    // is not a check-in then).
    [[nodiscard]] bool in_progress() const {
        const CallStep step = m_model.call.step;
        return active() && (step == CallStep::waiting || step == CallStep::connecting || step == CallStep::in_call);
    }

    [[nodiscard]] std::vector<CallCommand> take_commands();

private:
    void enter(CallStep step, TimePoint now);
    void start_camera(CallCommand command); // StartPreview or StartCall
    void stop_camera();
    // Consent, waiting, connecting or in the call, on the call screen: the camera may be on.
    [[nodiscard]] bool camera_allowed() const;
    void finish(CallEnd why, TimePoint now); // to the ended step, media stopped
    void go_home(TimePoint now);
    [[nodiscard]] TextEntry* field();
    [[nodiscard]] bool for_this_call(const std::string& call_id) const;
    // Waiting, first in the queue: the call's media starts, its signalling held until answered.
    void prepare_call();
    void send_or_hold(wire::CallSignal signal);
    void touch() { ++m_model.revision; }

    KioskModel& m_model;
    CallTiming m_timing;
    Language m_default_language;
    bool m_link_up = false;
    bool m_camera_on = false; // a StartPreview or StartCall was sent, and no StopMedia since
    std::uint64_t m_last_request = 0;
    std::uint64_t m_callback_request = 0;
    std::string m_callback_call_id;               // the call the callback form was opened after
    std::string m_prepared_call;                  // the call whose media runs; cleared with the camera (stop_camera)
    std::vector<wire::CallSignal> m_held_signals; // its offer and candidates, until answered
    std::vector<CallCommand> m_commands;
};

} // namespace telecentre::core
