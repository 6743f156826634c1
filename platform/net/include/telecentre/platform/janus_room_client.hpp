#pragma once
// The room terminal's signalling with a Janus VideoRoom room (Janus 1.x, multistream), over
// Janus's WebSocket API (subprotocol "janus-protocol"): one session, a publisher handle that
// joins the room and publishes this terminal's offer, and one subscriber handle that receives
// every other participant's streams. Media-agnostic: SDP and candidates go in and come out as
// text; the app wires them to its WebRTC engine (media::WebrtcbinCall). docs/conference.md, "The
// room terminal's Janus client", has the flow and Janus's quirks.
//
// The client never reconnects: when the link is lost (socket closed or silent, the session timed
// out, a request unanswered) it reports on_lost once and stops. The app then fetches a fresh
// descriptor (the backend recreates the room and token after a Janus restart) and makes a new
// client. The token goes in every request and is never logged nor reported.
//
// Threading: the client runs its own thread (an Asio io_context); every public method may be
// called from any thread, returns without waiting (it posts to that thread), and does nothing
// once the client is lost or leaving; except leave() and the destructor, which wait for the
// polite goodbye (bounded by the request timeout) and the thread's end. All callbacks run on the
// client's thread, one at a time, never after leave() or the destructor returned. Callbacks may
// call the client's methods, leave() included, but must not destroy it.

#include "telecentre/platform/janus_protocol.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace telecentre::platform {

struct JanusRoomConfig {
    std::string url;     // wss://host[:port]/path, or ws:// to a 127.x.y.z address only
    std::string ca_file; // wss: PEM bundle of the CA(s) Janus's (or its proxy's) certificate chains to
    std::string token;   // Janus's stored token for this conference; sent as "token" in every request
    std::uint64_t room = 0;
    std::string pin;
    std::string display;                                  // the name the other participants see
    std::chrono::milliseconds keepalive_interval{25'000}; // Janus drops a session silent for 60 s
    // An unanswered request (or keepalive) this long means the link is dead: on_lost.
    std::chrono::milliseconds request_timeout{10'000};
    std::chrono::milliseconds connect_timeout{5'000}; // TCP, TLS and the WebSocket upgrade, each
    std::size_t message_limit = 1024 * 1024;          // a larger message from Janus drops the link
};

enum class JanusHandleRole { publisher, subscriber };

// The publisher handle is in the room.
struct JanusJoined {
    std::uint64_t id = 0;                   // ours, as the others see it
    std::uint64_t private_id = 0;           // kept by the client for the subscription
    std::vector<JanusPublisher> publishers; // already publishing (dummies left out)
};

// An offer for the subscriber handle: answer it with start(). `streams` maps each m-line (by the
// subscription's mid) to the feed it carries; inactive ones belong to feeds that left.
struct JanusSubscriberOffer {
    bool first = false; // the subscription's first offer ("attached"), else a renegotiation
    std::string sdp;
    std::vector<JanusSubscriptionStream> streams;
};

enum class JanusMediaEventKind { webrtcup, media, slowlink, hangup, detached };

struct JanusMediaEvent {
    JanusMediaEventKind kind = JanusMediaEventKind::webrtcup;
    std::string media_type; // media, slowlink: "audio" or "video"
    std::string mid;
    bool receiving = false; // media: Janus receives this medium (true) or stopped receiving it
    bool uplink = false;    // slowlink: losses on what Janus sends us (true) or on what it receives
    std::uint64_t lost = 0; // slowlink
    std::string reason;     // hangup: Janus's words ("DTLS alert", "ICE failed"...)
};

// A request Janus refused: the core's error (403 unauthorized token, 458 no such session...) or
// VideoRoom's (426 no such room, 433 wrong PIN, 428 no such feed, 432 room full...).
struct JanusRequestError {
    std::string request; // "create", "attach", "join", "publish", "subscribe", "start"...
    JanusHandleRole role = JanusHandleRole::publisher;
    int code = 0;
    std::string reason;
};

struct JanusRoomCallbacks {
    std::function<void(const JanusJoined& joined)> on_joined;
    // The answer to publish()'s offer.
    std::function<void(const std::string& answer_sdp)> on_publisher_answer;
    std::function<void(const JanusSubscriberOffer& offer)> on_subscriber_offer;
    // Participants that started publishing or changed their streams (never ourselves).
    std::function<void(const std::vector<JanusPublisher>& publishers)> on_publishers;
    // Someone joined the room (before publishing anything).
    std::function<void(std::uint64_t id, const std::string& display)> on_joining;
    // A participant stopped publishing (unpublished) or left: its tiles go. A participant that
    // leaves is announced by "leaving" alone; Janus renegotiates no subscription whose only feed
    // it was (docs/conference.md).
    std::function<void(std::uint64_t id, JanusDeparture how)> on_publisher_gone;
    std::function<void(std::uint64_t id, JanusTalking state)> on_talking;
    // Janus's own candidates; Janus 1.1.2 puts them in its SDP and trickles none in practice.
    std::function<void(JanusHandleRole role, const JanusCandidate& candidate)> on_remote_candidate;
    std::function<void(JanusHandleRole role, const JanusMediaEvent& event)> on_media;
    std::function<void(const JanusRequestError& error)> on_error;
    // The room was destroyed (the conference ended): the client goes on until leave().
    std::function<void()> on_room_destroyed;
    // Once, then the client has stopped. Plain text for logs.
    std::function<void(const std::string& reason)> on_lost;
    // Anything ignored (malformed or unexpected messages), plain text for logs, never a secret.
    std::function<void(const std::string& message)> on_log;
};

// Counters, for tests and diagnostics.
struct JanusRoomStats {
    std::uint64_t keepalives_sent = 0;
    std::uint64_t keepalives_acked = 0;
    std::uint64_t messages_received = 0;
    std::uint64_t messages_ignored = 0; // malformed, unknown transaction, unknown sender
    std::uint64_t remote_candidates = 0;
    std::uint64_t session_id = 0; // 0 until created
};

class JanusRoomClient {
public:
    // Checks the configuration (the address, the CA file for wss://), then starts on the
    // client's thread: connect, create the session, attach the publisher handle, join the room.
    [[nodiscard]] static std::expected<std::unique_ptr<JanusRoomClient>, std::string>
    connect(JanusRoomConfig config, JanusRoomCallbacks callbacks);
    ~JanusRoomClient(); // leave()
    JanusRoomClient(const JanusRoomClient&) = delete;
    JanusRoomClient& operator=(const JanusRoomClient&) = delete;

    // Publishes this terminal's streams: "publish" with the offer the first time, "configure"
    // with a new one after (renegotiation). Sent once joined; the answer comes to
    // on_publisher_answer.
    void publish(std::string offer_sdp);
    // Receives these streams ({feed} for all of a publisher's). The first call attaches the
    // subscriber handle and joins as subscriber (with our private id and the PIN); later ones
    // send "update". Each change ends in an offer (on_subscriber_offer), possibly one offer for
    // several changes: Janus postpones changes while a negotiation is in progress.
    void subscribe(std::vector<JanusStreamRequest> streams);
    void unsubscribe(std::vector<JanusStreamRequest> streams);
    // Answers the subscriber handle's latest offer ("start" with the answer), first and later.
    void start(std::string answer_sdp);
    // A local candidate of one handle's PeerConnection ("candidate:..." with or without "a="),
    // and the end of candidates. Kept until the handle exists.
    void trickle(JanusHandleRole role, unsigned mline_index, std::string mid, std::string candidate);
    void trickle_completed(JanusHandleRole role);

    // Leaves the room and ends the session ("leave", "destroy"), closes the WebSocket and joins
    // the thread. Idempotent; no callback runs once it returned.
    void leave();

    [[nodiscard]] JanusRoomStats stats() const;

    struct Impl;

private:
    explicit JanusRoomClient(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::platform
