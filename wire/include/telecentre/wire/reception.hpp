#pragma once
// Visio-accueil over the live channel: a kiosk asks for a call, the network's reception agents
// see the queue, the first to accept gets the call, and the two parties exchange WebRTC
// signalling (offer, answer, ICE candidates) through the backend, which relays it only between
// them. Plain types here; their codecs are in reception_codec.hpp; docs/reception.md has the
// message flow.

#include "telecentre/wire/types.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace telecentre::wire {

// Limits, checked on decoding: a visitor types a name and a reason on the kiosk's keyboard.
inline constexpr std::size_t kVisitorNameLimit = 80; // bytes of UTF-8
inline constexpr std::size_t kCallReasonLimit = 200; // bytes of UTF-8
inline constexpr std::size_t kSdpLimit = 48 * 1024;  // an offer with audio, video and candidates
inline constexpr std::size_t kCandidateLimit = 1024; // one ICE candidate line
inline constexpr std::size_t kCallIdLength = 64;

// kiosk -> backend: "call.request". Both fields may be empty (the visitor skipped them).
struct CallRequest {
    std::string visitor_name;
    std::string reason;
};

// kiosk -> backend: "call.cancel" (still waiting); either party: "call.hangup";
// agent -> backend: "call.accept".
struct CallRef {
    std::string call_id;
};

// agent -> backend: "agent.status".
struct AgentStatus {
    bool available = false;
};

enum class SignalKind { offer, answer, candidate, end_of_candidates };

// Either party -> backend -> the other party: "call.signal".
struct CallSignal {
    std::string call_id;
    SignalKind kind = SignalKind::offer;
    std::string sdp;       // offer, answer
    std::string candidate; // candidate: the "candidate:..." line
    int mline_index = 0;   // candidate: which m-line (0-based)
};

// backend -> kiosk: "call.queued", again whenever the position or the agents available change.
struct CallQueued {
    std::string call_id;
    int position = 1;         // 1: next to be answered
    int agents_available = 0; // 0: nobody can answer now (the kiosk may offer a callback)
};

// backend -> kiosk: "call.answered".
struct CallAnswered {
    std::string call_id;
    std::string agent_name; // as the agent wants visitors to see it ("Camille, accueil du réseau")
};

enum class CallEndReason {
    visitor_hung_up, // the kiosk ended an answered call
    agent_hung_up,   // the agent ended it
    cancelled,       // the visitor gave up while waiting
    unanswered,      // nobody accepted it in time
    kiosk_lost,      // the kiosk's connection went away
    agent_lost,      // the agent's connection went away
    server_restart,  // the backend restarted: nothing of the call survived
};

// backend -> both parties: "call.ended".
struct CallEnded {
    std::string call_id;
    CallEndReason reason = CallEndReason::visitor_hung_up;
};

// One waiting call as the agents see it.
struct QueuedCall {
    std::string call_id;
    std::string site_id;
    std::string site_name;
    std::string visitor_name;
    std::string reason;
    TimePoint queued_at{};
};

// backend -> every agent connected: "reception.queue", whenever it changes (oldest first).
struct ReceptionQueue {
    int agents_available = 0;
    std::vector<QueuedCall> calls;
};

// backend -> the agent who accepted: "call.assigned".
struct CallAssigned {
    QueuedCall call;
};

[[nodiscard]] const char* to_string(SignalKind kind);
[[nodiscard]] const char* to_string(CallEndReason reason);

} // namespace telecentre::wire
