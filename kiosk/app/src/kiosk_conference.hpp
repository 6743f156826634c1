#pragma once
// The room terminal's conference in the app: between ConferenceController (UI thread), the
// backend (a worker thread of its own with its own HTTPS connection: start, extend, join
// descriptor) and the Janus room (ConferenceRoom: the Janus client and the media, on their own
// threads). Backend answers and room events are posted to the controller through the UI inbox,
// tagged with the room they belong to, so that an event of a room already left is dropped.
//
// Threading: execute() and the constructor on the UI thread. The destructor leaves the room and
// joins the worker.

#include "telecentre/core/conference_backend.hpp"
#include "telecentre/core/conference_controller.hpp"
#include "telecentre/ui/kiosk_ui.hpp"
#include "trace.hpp"
#include "ui_inbox.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace telecentre::app {

class ConferenceRoom; // conference_room.hpp

// What the room's media needs from the configuration.
struct ConferenceMedia {
    bool enabled = true; // false: JoinRoom is answered "lost" at once (no media engine)
    // The [reception] section's device rules and ICE settings serve the conference too.
    std::string camera;     // test | test-clock | auto | name:<part> | /dev/videoN | none
    std::string microphone; // test | pulse | name:<part> | none
    std::string speaker;    // pulse | name:<part> | none
    std::string stun;
    std::vector<std::string> turn;
    std::vector<std::string> ice_local_addresses; // tests: pin ICE to these
    std::string janus_ca_file;                    // wss://: the CA that signs Janus's proxy
};

class KioskConference {
public:
    using Wake = std::function<void()>; // a new video picture: draw again

    // `backend` null: every request is answered "unreachable".
    KioskConference(std::unique_ptr<core::ConferenceBackend> backend, ConferenceMedia media, UiInbox& inbox,
                    core::ConferenceController& controller, ui::KioskUi& screens, Wake wake);
    ~KioskConference();
    KioskConference(const KioskConference&) = delete;
    KioskConference& operator=(const KioskConference&) = delete;

    void execute(const std::vector<core::ConferenceCommand>& commands);
    // The room's media counters per participant (tests' reports); "none" out of a room.
    [[nodiscard]] std::string counters() const;
    // Conference milestones (trace.hpp); not owned.
    void set_trace(Trace* trace) { m_trace = trace; }

private:
    void post(std::function<void(core::ConferenceBackend&)> task); // to the worker
    void run(const std::stop_token& stop);
    void join(const core::JoinRoom& room);
    void leave();
    [[nodiscard]] static core::TimePoint now();

    std::unique_ptr<core::ConferenceBackend> m_backend;
    ConferenceMedia m_media;
    UiInbox& m_inbox;
    core::ConferenceController& m_controller;
    ui::KioskUi& m_screens;
    Wake m_wake;
    Trace* m_trace = nullptr;
    std::unique_ptr<ConferenceRoom> m_room; // UI thread
    std::uint64_t m_room_generation = 0;    // UI thread: the room events are tagged with

    std::mutex m_mutex;
    std::condition_variable_any m_wakeup;
    std::deque<std::function<void(core::ConferenceBackend&)>> m_tasks;
    // media::initialise() at start (up to ~1 s: the DTLS certificate), so that the first join
    // does not make the UI thread wait for it.
    std::jthread m_media_start;
    std::jthread m_worker; // last: joined first
};

} // namespace telecentre::app
