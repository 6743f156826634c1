#pragma once
// The STUN and TURN servers the staff console's browser uses for its calls (RTCPeerConnection's
// iceServers). TURN credentials are never stored in the page: each console asks for them when it
// starts and gets short-lived ones, made from the secret shared with the TURN server (coturn's
// `use-auth-secret` / `static-auth-secret`, the "TURN REST API" scheme): the user name is
// "<expiry as Unix seconds>:<staff id>", the password base64(HMAC-SHA1(secret, user name)).
// Pure functions; thread-safe.

#include "telecentre/wire/types.hpp"

#include <chrono>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace telecentre::backend {

struct IceServerConfig {
    // "stun:host:port", "turn:host:port[?transport=udp|tcp]", "turns:host:port?transport=tcp".
    std::vector<std::string> urls;
    // Required when a turn: or turns: URL is given; never logged nor sent.
    std::string turn_secret;
    std::chrono::seconds turn_lifetime{std::chrono::hours{12}}; // a console session's length
};

// A clear message for the first URL that is not stun:, turn: or turns: with a host, or for TURN
// without a secret.
[[nodiscard]] std::expected<void, std::string> validate(const IceServerConfig& config);

struct TurnCredential {
    std::string username;
    std::string credential;
};
[[nodiscard]] TurnCredential turn_credential(std::string_view secret, std::string_view user, wire::TimePoint expires);

// {"ice_servers": [{"urls": [stun...]}, {"urls": [turn...], "username": ..., "credential": ...}],
//  "expires_at": ...} for `user`, valid until now + turn_lifetime ("expires_at" null without TURN).
[[nodiscard]] std::string encode_ice_servers(const IceServerConfig& config, std::string_view user, wire::TimePoint now);

} // namespace telecentre::backend
