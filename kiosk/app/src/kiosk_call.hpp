#pragma once
// Visio-accueil in the app: between CallController (UI thread), the live channel (its own
// thread) and the media engine (media::WebrtcbinCall, its own media thread). The live channel's
// call messages are decoded and posted to the controller; the controller's commands become live
// messages and media actions; the media's events are posted back to the controller. The UI draws
// the call's mailboxes.
//
// Threading: execute() and the constructor on the UI thread; on_live_message() and on_link() on
// the live channel's thread (they only post). Media callbacks only post, tagged with the call
// they belong to, so that an event of a call already torn down is dropped.

#include "kiosk_config.hpp"
#include "telecentre/core/call_controller.hpp"
#include "telecentre/ui/kiosk_ui.hpp"
#include "ui_inbox.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace telecentre::media {
class WebrtcbinCall;
}

namespace telecentre::app {

class KioskCall {
public:
    using SendLive = std::function<bool(std::string text)>;
    using Wake = std::function<void()>; // a new video picture: draw again
    // Hands a callback request to the worker that sends it (CallbackWorker::post); empty: the
    // backend cannot be asked, and every request is answered "not sent".
    using SubmitCallback = std::function<void(core::SubmitCallback)>;

    // `enabled` false: every command is ignored and the live messages are not looked at.
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

private:
    void start_media();
    void stop_media();

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
    std::shared_ptr<std::atomic<std::uint64_t>> m_generation = std::make_shared<std::atomic<std::uint64_t>>(0);
};

} // namespace telecentre::app
