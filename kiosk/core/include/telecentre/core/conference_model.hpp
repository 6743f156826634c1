#pragma once
// A conference on the room terminal, as the screens see it: part of KioskModel, owned by the UI
// thread, changed only by ConferenceController.

#include "telecentre/core/clock.hpp"
#include "telecentre/wire/conference.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::core {

enum class ConferenceStep {
    badge,        // "Passez votre badge": the booking's member proves who starts it
    starting,     // the backend is asked (POST /v1/conferences)
    joining,      // the room is known: joining Janus, publishing the camera
    live,         // in the conference
    reconnecting, // Janus or the link went: trying again by itself, with a back-off
    refused,      // the backend said no (refusal says why), or could not be reached
    ended,        // the conference is over (the booking ended, the room is gone)
};

// Why a start was refused: the backend's error code, kept as it is so that a new one still
// shows (as "refused", with the backend's message).
struct ConferenceRefusal {
    int status = 0;      // HTTP status; 0: the backend could not be reached
    std::string code;    // not_your_booking, no_booking, pass_not_valid, room_busy, sfu_unavailable, ...
    std::string message; // the backend's words, for the log and unknown codes
};

enum class ExtendState { none, asking, extended, refused, failed };

struct ConferenceParticipant {
    std::uint64_t feed = 0; // Janus's publisher id
    std::string name;       // the display name the guest typed
    bool talking = false;   // Janus's talking / stopped-talking events
    bool video = false;     // publishes a camera
};

[[nodiscard]] const char* to_string(ConferenceStep step);

// What the door panel offers: a start for the booking that holds the room (or starts within 15
// minutes), or ad hoc in the free room for `ad_hoc_minutes`.
struct ConferenceOffer {
    bool available = false;
    std::optional<int> ad_hoc_minutes;
    friend bool operator==(const ConferenceOffer&, const ConferenceOffer&) = default;
};

// At most this many remote tiles (a 3x3 grid); later arrivals are listed by name only.
inline constexpr std::size_t kMaxTiles = 9;

struct ConferenceModel {
    ConferenceStep step = ConferenceStep::badge;
    std::optional<wire::Conference> conference;
    std::string guest_url;                           // the latest guest link, for "Inviter"
    std::vector<ConferenceParticipant> participants; // in order of arrival
    std::optional<std::uint64_t> speaker;            // the active speaker (kept while nobody else talks)
    bool microphone_muted = false;
    bool camera_off = false;
    bool invite_shown = false;
    bool ending_soon = false; // the booking ends within five minutes
    ExtendState extend = ExtendState::none;
    std::optional<ConferenceRefusal> refusal; // refused
    std::optional<int> ad_hoc_minutes;        // the room was free: start books it this long
    int extend_minutes = 30;                  // what "Prolonger" adds
    bool badged = false;                      // a member's badge started it: "Prolonger" is in their name
    int reconnect_attempt = 0;
    TimePoint step_since{};
};

// How many columns and rows `tiles` remote pictures take: 1, 2 side by side, 2x2, 3x2, 3x3.
struct TileGrid {
    int columns = 1;
    int rows = 1;
};
[[nodiscard]] TileGrid tile_grid(std::size_t tiles);

} // namespace telecentre::core
