#pragma once
// Conference rooms: a member who holds a booking of a visio room starts its conference from the
// room's terminal (POST /v1/conferences, a badge tap proving who asks); the backend makes the
// Janus VideoRoom room (a secret and a PIN of its own) and answers where and how to join, with a
// guest link for the people who join from a browser (https://<backend>/join/<token>). The guest
// page reads its JoinDescriptor from GET /v1/join/<token>. Plain types here; their codecs are in
// conference_codec.hpp; docs/conference.md has the flow.

#include "telecentre/wire/types.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::wire {

// Limits, checked on decoding.
inline constexpr int kAdHocMinutesLimit = 240; // an ad hoc conference books at most 4 hours
inline constexpr int kExtendMinutesLimit = 120;

// room terminal -> backend: POST /v1/conferences.
struct ConferenceStart {
    std::string resource_id; // the visio room (of the terminal's site)
    std::string badge_uid;   // the member who tapped
    // Set when the member holds no booking of the room now: book it from now for this long, when
    // it is free and the member's pass allows it (1 to kAdHocMinutesLimit), then start.
    std::optional<int> ad_hoc_minutes;
    // The terminal starts the conference of the booking under way by itself, without a badge
    // (`conference.auto_start`): badge_uid is empty, ad_hoc_minutes unset, and only a booking that
    // has begun (not one starting within the early margin) is started.
    bool automatic = false;
};

// room terminal -> backend: POST /v1/conferences/{id}/extend: the booking's member moves its end
// later, when the room is free that long.
struct ConferenceExtend {
    std::string badge_uid;
    int minutes = 30; // 1 to kExtendMinutesLimit
};

// One STUN or TURN server, as RTCPeerConnection's iceServers takes it.
struct IceServer {
    std::vector<std::string> urls;
    std::optional<std::string> username;
    std::optional<std::string> credential;
};

struct Conference {
    std::string id;
    std::string booking_id;
    std::string site_id;
    std::string site_name;
    std::string resource_id;
    std::string resource_name;
    std::string host_name;   // the booking member's display name
    std::int64_t room = 0;   // the Janus VideoRoom room
    std::string pin;         // needed to join it
    std::string janus_ws;    // where the terminal and the guests reach Janus (ws:// or wss://)
    std::string janus_token; // lets its holder use Janus's VideoRoom (Janus's stored-token authentication)
    std::vector<IceServer> ice_servers;
    TimePoint started_at{};
    TimePoint ends_at{}; // the booking's end: the room goes a grace period later
    std::optional<TimePoint> ended_at;
    // A fresh guest link, in answers to a start and to POST /v1/conferences/{id}/guest-links only
    // (the backend keeps the token's hash, never the token).
    std::optional<std::string> guest_url;
    std::optional<TimePoint> guest_link_expires_at;
};

// GET /v1/join/<token>: what the guest page needs to join. 404 for a token the backend never
// issued, 410 once it expired or the conference ended.
struct JoinDescriptor {
    std::string conference;
    std::int64_t room = 0;
    std::string pin;
    std::string janus_ws;
    std::string janus_token; // sent as "token" in every Janus request
    std::vector<IceServer> ice_servers;
    std::string site;
    std::string resource;
    std::string host_name;
    TimePoint ends_at{};
    std::string language = "fr";
};

} // namespace telecentre::wire
