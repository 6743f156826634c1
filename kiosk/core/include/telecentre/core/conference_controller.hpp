#pragma once
// The room terminal's conference: a state machine over KioskModel::conference. Events come in
// (touches, the badge tap, the backend's answers, the Janus room's events already decoded by the
// app, the clock); what the app must do goes out as ConferenceCommands: requests for the backend
// and actions on the room (join, leave, mute). No socket, no GStreamer here.
//
// Flow: "Démarrer la conférence" on the door panel (open) → the badge of the booking's member →
// StartConference → the backend's Conference → JoinRoom → on_joined → live. The conference
// belongs to the booking, not to the terminal: "Quitter" leaves the room (the guests stay until
// the booking ends), and a new start with the badge joins the same conference again. With
// auto-start, the terminal makes the start itself when a booking begins (no badge).
//
// When the room is lost (Janus restarted, the link down), the terminal says "Reconnexion…" and
// tries again by itself, waiting 1, 2, 4, 8 then 15 s between attempts: each attempt asks the
// backend for the conference's join descriptor with the terminal's guest link (GET /v1/join/...,
// which also makes the room again in a restarted Janus), then joins. A 410 answer means the
// conference is over.
//
// Threading: UI thread only, like the other controllers; answers reach it through the UI inbox.

#include "telecentre/core/conference_model.hpp"
#include "telecentre/core/kiosk_model.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace telecentre::core {

// Requests for the backend (the app's conference worker answers each with its request_id).
struct StartConference {
    std::uint64_t request_id = 0;
    wire::ConferenceStart start;
};
struct FetchJoinDescriptor {
    std::uint64_t request_id = 0;
    std::string guest_token; // the last part of the terminal's guest link
};
struct ExtendConference {
    std::uint64_t request_id = 0;
    std::string conference_id;
    wire::ConferenceExtend extend;
};
// Actions on the Janus room.
struct JoinRoom {
    std::string janus_ws;
    std::string janus_token; // never logged
    std::int64_t room = 0;
    std::string pin; // never logged
    std::string display;
    std::vector<wire::IceServer> ice_servers;
};
struct LeaveRoom {};
struct SetRoomMicrophone {
    bool muted = false;
};
struct SetRoomCamera {
    bool off = false;
};
using ConferenceCommand = std::variant<StartConference, FetchJoinDescriptor, ExtendConference, JoinRoom, LeaveRoom,
                                       SetRoomMicrophone, SetRoomCamera>;

// The backend's answer to a start or an extension: the conference, a refusal, or no answer.
using ConferenceAnswer = std::variant<wire::Conference, ConferenceRefusal>;
// The answer to a join descriptor request. 410 (the conference is over) arrives as a refusal
// with status 410.
using JoinAnswer = std::variant<wire::JoinDescriptor, ConferenceRefusal>;

struct ConferenceTiming {
    std::chrono::milliseconds badge = std::chrono::seconds{30};   // waiting for the badge
    std::chrono::milliseconds answer = std::chrono::seconds{20};  // waiting for the backend
    std::chrono::milliseconds join = std::chrono::seconds{20};    // joining: not in the room by then
    std::chrono::milliseconds refused = std::chrono::seconds{20}; // the refusal stays this long
    std::chrono::milliseconds ended = std::chrono::seconds{15};   // "over" stays this long
    std::chrono::milliseconds retry_first = std::chrono::seconds{1};
    std::chrono::milliseconds retry_max = std::chrono::seconds{15};
    std::chrono::minutes warn_before_end{5};
    int extend_minutes = 30; // "Prolonger"
    // An ad hoc conference (the room free, nobody's booking) books this long, or until the next
    // booking when that comes sooner.
    std::chrono::minutes ad_hoc_length{60};
};

class ConferenceController {
public:
    ConferenceController(KioskModel& model, ConferenceTiming timing);

    // The resource this terminal stands in (the room role); without one, open() does nothing.
    void set_room(std::string resource_id);
    // conference.auto_start: when a booking of the room begins, the terminal starts its conference
    // by itself (from the door panel only, once per booking: after "Quitter" or a refusal it waits
    // for the badge).
    void set_auto_start(bool on) { m_auto_start = on; }

    // "Démarrer la conférence" on the door panel: asks for the badge. `ad_hoc_minutes`: the room
    // is free now and would be booked this long.
    void open(std::optional<int> ad_hoc_minutes, TimePoint now);
    // Whether the door panel offers a start now, and how (kept in KioskModel::conference_offer
    // by on_tick while the door panel shows).
    [[nodiscard]] ConferenceOffer offer(TimePoint now) const;

    [[nodiscard]] bool wants_badge() const { return active() && m_model.conference.step == ConferenceStep::badge; }
    void on_badge(const std::string& badge_uid, TimePoint now);
    // Joining, live or reconnecting: the screen is the meeting's; a badge passing by is not a check-in.
    [[nodiscard]] bool in_progress() const;
    [[nodiscard]] bool active() const { return m_model.screen == Screen::conference; }

    // Touches.
    void cancel(TimePoint now); // badge, refused, ended: back to the door panel
    void leave(TimePoint now);  // "Quitter": out of the room, back to the door panel
    void toggle_microphone(TimePoint now);
    void toggle_camera(TimePoint now);
    void toggle_invite(TimePoint now);
    void extend(TimePoint now); // "Prolonger"

    // The backend.
    void on_started(std::uint64_t request_id, const ConferenceAnswer& answer, TimePoint now);
    void on_join_descriptor(std::uint64_t request_id, const JoinAnswer& answer, TimePoint now);
    void on_extended(std::uint64_t request_id, const ConferenceAnswer& answer, TimePoint now);

    // The room (the app's Janus client and media, decoded).
    void on_joined(TimePoint now);
    void on_participant(ConferenceParticipant participant, TimePoint now); // joined, or changed
    void on_participant_left(std::uint64_t feed, TimePoint now);
    void on_talking(std::uint64_t feed, bool talking, TimePoint now);
    // The room cannot be used any more (Janus gone, the connection lost, a Janus error): the
    // terminal reconnects. `reason` goes to the log only.
    void on_room_lost(const std::string& reason, TimePoint now);

    void on_tick(TimePoint now);
    [[nodiscard]] std::optional<TimePoint> next_deadline() const;
    [[nodiscard]] std::vector<ConferenceCommand> take_commands();

private:
    void enter(ConferenceStep step, TimePoint now);
    void start_by_itself(TimePoint now); // auto-start: the booking under way, once
    void join(const JoinRoom& room, TimePoint now);
    void reconnect(TimePoint now);
    void schedule_retry(TimePoint now); // 1, 2, 4, 8, then 15 s between attempts
    void go_home(TimePoint now);
    void touch() { ++m_model.revision; }
    [[nodiscard]] std::uint64_t next_request() { return ++m_last_request; }

    KioskModel& m_model;
    ConferenceTiming m_timing;
    std::string m_resource_id;
    bool m_auto_start = false;
    std::string m_auto_started; // the booking the terminal last started by itself
    std::string m_badge_uid;    // the member who started it: "Prolonger" asks in their name
    std::string m_guest_token;
    std::uint64_t m_last_request = 0;
    std::uint64_t m_awaited = 0;        // the start or join descriptor request the step waits for
    std::uint64_t m_extend_request = 0; // the extension asked
    std::optional<TimePoint> m_retry_at;
    std::vector<ConferenceCommand> m_commands;
};

} // namespace telecentre::core
