#pragma once
// JSON codecs of the live channel's messages (live.hpp). Decoding never throws.

#include "telecentre/wire/live.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace telecentre::wire {

// The "type" of a message. The error is the LiveError to answer with: malformed_json when the
// text is not JSON, invalid_message when it is not an object with a string "type".
[[nodiscard]] std::expected<std::string, LiveError> live_message_type(std::string_view text);

[[nodiscard]] std::string encode(const LiveHello&);
[[nodiscard]] std::string encode(const LiveError&);
[[nodiscard]] std::string encode_live_auth(std::string_view token);
[[nodiscard]] std::string encode_live_ping();
[[nodiscard]] std::string encode_live_pong();

[[nodiscard]] std::expected<LiveHello, std::string> decode_live_hello(std::string_view);
[[nodiscard]] std::expected<LiveError, std::string> decode_live_error(std::string_view);
// The token of an {"type":"auth","token":"..."} message.
[[nodiscard]] std::expected<std::string, std::string> decode_live_auth(std::string_view);

} // namespace telecentre::wire
