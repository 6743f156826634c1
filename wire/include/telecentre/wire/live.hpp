#pragma once
// The live channel's messages (wss://host/v1/live): JSON text messages, each an object with a
// "type" field. Plain types here; their codecs are in live_codec.hpp. docs/backend.md lists
// every type, the limits and the close codes.

#include <cstddef>
#include <cstdint>
#include <string>

namespace telecentre::wire {

// Incoming messages larger than this are refused (close 1009), on both sides.
inline constexpr std::size_t kLiveMessageLimit = 64 * 1024;

// WebSocket close codes the channel uses (RFC 6455 §7.4 and the IANA registry).
enum class LiveCloseCode : std::uint16_t {
    normal = 1000,
    going_away = 1001,       // the server is stopping, or the kiosk
    policy_violation = 1008, // not authenticated, or something other than auth came first
    too_big = 1009,          // a message over kLiveMessageLimit
    internal_error = 1011,   // the server could not check the credentials
    try_again_later = 1013,  // the client read too slowly and its outgoing queue overflowed
};

// First message from the server once the connection is authenticated.
struct LiveHello {
    std::string site;
    std::string device;
};

// The server's answer to a message it refuses without closing the connection.
struct LiveError {
    std::string code; // malformed_json, invalid_message, unknown_type, already_authenticated, ...
    std::string message;
};

} // namespace telecentre::wire
