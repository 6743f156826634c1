#pragma once
// The pure part of the room terminal's Janus client (janus_room_client.hpp): Janus's WebSocket
// API messages as plain types, decoded from JSON text without ever throwing, the requests the
// client sends encoded as JSON text, and the check of the address it connects to. No network and
// no JSON type here, so that unit tests and the client share one reading of Janus's messages.
// Field names are those of Janus 1.1.2's core and VideoRoom plugin (multistream).
//
// Threading: plain functions and values, no shared state.

#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace telecentre::platform {

// ------------------------------------------------------------------------------------ addresses

enum class JanusTransport { plain, tls };

struct JanusUrl {
    JanusTransport transport = JanusTransport::tls;
    std::string host; // without brackets
    std::string port; // "443" when the URL names none (wss), "80" (ws)
    std::string target = "/";
};

// ws://<127.x.y.z>[:port][/path] or wss://<host>[:port][/path]. Plain text travels only to a
// loopback IPv4 address (the token is in every request): anything else is refused with a message
// saying so.
[[nodiscard]] std::expected<JanusUrl, std::string> parse_janus_url(std::string_view url);

// ------------------------------------------------------------------------------- what Janus says

// One stream a publisher sends (VideoRoom "publishers" lists).
struct JanusPublishedStream {
    std::string type; // "audio", "video" or "data"
    std::string mid;
    std::string codec;       // "opus", "vp8"... absent when disabled
    bool disabled = false;   // the publisher stopped sending it
    std::string description; // what the publisher said it is, if anything
};

struct JanusPublisher {
    std::uint64_t id = 0;
    std::string display;
    bool dummy = false; // a placeholder publisher of the room, never a participant
    bool talking = false;
    std::vector<JanusPublishedStream> streams;
};

// One m-line of a subscription (the "streams" of VideoRoom's attached and updated events).
struct JanusSubscriptionStream {
    unsigned mindex = 0;
    std::string mid;  // the subscription's mid (not the publisher's)
    std::string type; // "audio", "video" or "data"
    // The publisher the m-line carries; empty when the m-line is inactive (its feed left).
    std::optional<std::uint64_t> feed_id;
    std::string feed_mid;
    std::string feed_display;
    bool active = true;
};

struct JanusCandidate {
    std::optional<unsigned> mline_index; // sdpMLineIndex
    std::string mid;                     // sdpMid
    std::string candidate;               // "candidate:..." without "a="
    bool completed = false;              // the end of candidates, nothing else set
};

// VideoRoom's events (plugindata.data), as far as the terminal needs them.
struct VideoRoomJoined {
    std::uint64_t room = 0;
    std::uint64_t id = 0;         // ours, as a publisher
    std::uint64_t private_id = 0; // given back when subscribing, ties the subscription to us
    std::vector<JanusPublisher> publishers;
};
struct VideoRoomPublishers { // a publisher started publishing or changed its streams
    std::vector<JanusPublisher> publishers;
};
enum class JanusDeparture { unpublished, left, kicked };
struct VideoRoomGone { // "unpublished" or "leaving" naming another participant
    std::uint64_t id = 0;
    JanusDeparture how = JanusDeparture::unpublished;
};
struct VideoRoomSelfGone { // "unpublished": "ok" / "leaving": "ok": our own request done
    JanusDeparture how = JanusDeparture::unpublished;
};
struct VideoRoomJoining { // notify_joining: someone joined (not yet publishing)
    std::uint64_t id = 0;
    std::string display;
};
enum class JanusTalking { started, stopped };
struct VideoRoomTalking {
    std::uint64_t id = 0;
    JanusTalking state = JanusTalking::started;
    std::optional<int> level_dbov; // audio-level-dBov-avg, 0 loud .. 127 silent
};
struct VideoRoomConfigured {}; // a publish or configure accepted (the answer is in the JSEP)
struct VideoRoomSubscription { // "attached" (after join as subscriber) or "updated"
    bool first = false;        // attached
    bool has_streams = false;  // "updated" without streams changed nothing
    std::vector<JanusSubscriptionStream> streams;
};
struct VideoRoomUpdating {}; // a subscription change was postponed: its offer comes later
struct VideoRoomStarted {};  // the subscriber's answer accepted
struct VideoRoomError {
    int code = 0; // VideoRoom's error_code: 426 no such room, 433 unauthorized (wrong PIN)...
    std::string reason;
};
struct VideoRoomDestroyed {
    std::uint64_t room = 0;
};
struct VideoRoomOther { // anything else VideoRoom says ("event" with keys we do not use)
    std::string name;
};

using VideoRoomEvent =
    std::variant<VideoRoomOther, VideoRoomJoined, VideoRoomPublishers, VideoRoomGone, VideoRoomSelfGone,
                 VideoRoomJoining, VideoRoomTalking, VideoRoomConfigured, VideoRoomSubscription, VideoRoomUpdating,
                 VideoRoomStarted, VideoRoomError, VideoRoomDestroyed>;

struct JanusJsep {
    std::string type; // "offer" or "answer"
    std::string sdp;
};

enum class JanusKind {
    ack,       // a request received (keepalive, trickle, asynchronous plugin message)
    success,   // a synchronous answer (create, attach, destroy, detach)
    error,     // a core error for a request (403 unauthorized, 458 no such session...)
    event,     // a plugin event (VideoRoom), answering a request or not
    trickle,   // a remote candidate
    webrtcup,  // a PeerConnection is up
    media,     // Janus started or stopped receiving a medium
    slowlink,  // losses reported on a PeerConnection
    hangup,    // a PeerConnection went down
    detached,  // a handle is gone
    timeout,   // the session expired
    unknown,   // valid JSON Janus may say that we do not handle
    malformed, // not JSON, not an object, or a known kind without its required fields
};

struct JanusMessage {
    JanusKind kind = JanusKind::malformed;
    std::string janus; // the "janus" field as received
    std::string transaction;
    std::uint64_t session_id = 0;
    std::uint64_t sender = 0; // the handle it concerns (events)
    // success: data.id (a new session or handle), when present
    std::optional<std::uint64_t> data_id;
    // error: the core's code and reason
    int error_code = 0;
    std::string error_reason;
    // event
    std::string plugin;
    VideoRoomEvent videoroom;
    std::optional<JanusJsep> jsep;
    // trickle
    JanusCandidate candidate;
    // media, slowlink, hangup
    std::string media_type; // "audio" / "video"
    std::string mid;
    bool receiving = false; // media
    bool uplink = false;    // slowlink: losses on what Janus sends (true) or receives
    std::uint64_t lost = 0; // slowlink
    std::string reason;     // hangup
    std::string problem;    // malformed: what was wrong, for the log (never the message itself)
};

// Never throws; anything unexpected becomes kind malformed (with `problem`) or unknown.
[[nodiscard]] JanusMessage decode_janus_message(std::string_view text);

// ------------------------------------------------------------------------------ what we ask for

// One stream to subscribe to or to drop: a publisher's, all of them when `mid` is empty.
struct JanusStreamRequest {
    std::uint64_t feed = 0;
    std::string mid;
};

struct JanusEnvelope {
    std::string transaction;
    std::string token; // sent when not empty; never logged
    std::uint64_t session_id = 0;
    std::uint64_t handle_id = 0;
};

[[nodiscard]] std::string encode_janus_create(const JanusEnvelope& envelope);
[[nodiscard]] std::string encode_janus_attach(const JanusEnvelope& envelope, std::string_view plugin);
[[nodiscard]] std::string encode_janus_keepalive(const JanusEnvelope& envelope);
[[nodiscard]] std::string encode_janus_destroy(const JanusEnvelope& envelope);
[[nodiscard]] std::string encode_janus_detach(const JanusEnvelope& envelope);
// A candidate, or the end of candidates when `candidate.completed`.
[[nodiscard]] std::string encode_janus_trickle(const JanusEnvelope& envelope, const JanusCandidate& candidate);

// VideoRoom requests, carried by a "message" on a handle.
[[nodiscard]] std::string encode_join_publisher(const JanusEnvelope& envelope, std::uint64_t room,
                                                const std::string& pin, const std::string& display);
// `first`: the first description of this handle ("publish"), else "configure" (renegotiation).
enum class JanusPublishStep { first, again };
[[nodiscard]] std::string encode_publish(const JanusEnvelope& envelope, JanusPublishStep step,
                                         const std::string& display, const std::string& offer_sdp);
[[nodiscard]] std::string encode_join_subscriber(const JanusEnvelope& envelope, std::uint64_t room,
                                                 const std::string& pin, std::uint64_t private_id,
                                                 const std::vector<JanusStreamRequest>& streams);
[[nodiscard]] std::string encode_update_subscription(const JanusEnvelope& envelope,
                                                     const std::vector<JanusStreamRequest>& subscribe,
                                                     const std::vector<JanusStreamRequest>& unsubscribe);
[[nodiscard]] std::string encode_start(const JanusEnvelope& envelope, const std::string& answer_sdp);
[[nodiscard]] std::string encode_leave(const JanusEnvelope& envelope);

} // namespace telecentre::platform
