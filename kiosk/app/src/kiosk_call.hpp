#pragma once
// Visio-accueil in the app: between CallController (UI thread), the live channel (its own
// thread) and the media engine (media::WebrtcbinCall, its own media thread). The live channel's
// call messages are decoded and posted to the controller; the controller's commands become live
// messages and media actions; the media's events are posted back to the controller. The UI draws
// the call's mailboxes.
//
// The media engine starts on a thread of its own (media::initialise() takes up to ~0.5 s: the
// DTLS certificate) and says when it is ready through the inbox; "Parler à l'accueil" is offered
// only once it is, with the live channel up. A failed start leaves visio-accueil off, logged.
// The consent and waiting screens show a camera preview (media::CameraPreview), stopped before the
// call opens the camera. When reception.camera or .microphone name devices (auto, name:, a node,
// pulse), a media::DeviceWatcher follows them once the engine is ready: each change goes through
// the inbox to CallController::on_devices, and each preview or call takes what the rules pick then.
//
// Threading: execute() and the constructor on the UI thread; on_live_message() and on_link() on
// the live channel's thread (they only post). Media callbacks only post, tagged with the call
// they belong to, so that an event of a call already torn down is dropped. Stopping the preview
// or the call waits for its device to close (a few ms; docs/benchmarks.md, "Media").

#include "kiosk_config.hpp"
#include "telecentre/core/call_controller.hpp"
#include "telecentre/media/devices.hpp"
#include "telecentre/ui/kiosk_ui.hpp"
#include "trace.hpp"
#include "ui_inbox.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace telecentre::media {
class CameraPreview;
class DeviceWatcher;
class WebrtcbinCall;
} // namespace telecentre::media

namespace telecentre::app {

class KioskCall {
public:
    using SendLive = std::function<bool(std::string text)>;
    using Wake = std::function<void()>; // a new video picture: draw again
    // Hands a callback request to the worker that sends it (CallbackWorker::post); empty: the
    // backend cannot be asked, and every request is answered "not sent".
    using SubmitCallback = std::function<void(core::SubmitCallback)>;

    // `enabled` false: every command is ignored and the live messages are not looked at.
    // `enabled` true: media::initialise() starts at once on a thread of its own.
    KioskCall(const KioskConfig::Reception& config, bool enabled, UiInbox& inbox, core::CallController& controller,
              core::KioskModel& model, ui::KioskUi& screens, SendLive send_live, Wake wake,
              SubmitCallback submit_callback = {});
    ~KioskCall();
    KioskCall(const KioskCall&) = delete;
    KioskCall& operator=(const KioskCall&) = delete;

    void execute(const std::vector<core::CallCommand>& commands);

    // From the live channel's thread: true when the message was a visio-accueil one.
    bool on_live_message(std::string_view text);
    void on_link(bool connected);
    // Call milestones and, at each call's end, its media counters (trace.hpp); not owned.
    void set_trace(Trace* trace) { m_trace = trace; }

private:
    void start_media();
    void stop_media();
    void start_preview();
    void stop_preview();
    void on_media_ready(bool ready, const std::string& error); // UI thread
    void offer_calls();                                        // UI thread: model.call_available
    void watch_devices();                                      // UI thread, once the engine is ready
    void on_devices(std::vector<media::Device> devices);       // UI thread

    KioskConfig::Reception m_config;
    bool m_enabled;
    UiInbox& m_inbox;
    core::CallController& m_controller;
    core::KioskModel& m_model;
    ui::KioskUi& m_screens;
    SendLive m_send_live;
    Wake m_wake;
    SubmitCallback m_submit_callback;
    std::unique_ptr<media::WebrtcbinCall> m_call;
    Trace* m_trace = nullptr;
    std::shared_ptr<std::atomic<std::uint64_t>> m_generation = std::make_shared<std::atomic<std::uint64_t>>(0);
    // UI thread.
    std::unique_ptr<media::CameraPreview> m_preview;
    // Whether the preview's next frame is the first of its run (trace); reset at each start.
    std::shared_ptr<std::atomic<bool>> m_preview_first = std::make_shared<std::atomic<bool>>(true);
    bool m_media_ready = false;
    bool m_link_up = false;
    // The devices listed now, which reception.camera/microphone/speaker choose from.
    std::vector<media::Device> m_devices;
    // Its listener only posts to the inbox; stopped (joined) first in the destructor.
    std::unique_ptr<media::DeviceWatcher> m_watcher;
    // Last: joined first, before anything the start-up thread could reach goes.
    std::jthread m_media_start;
};

} // namespace telecentre::app
