#pragma once
// The few primitives the backend needs from OpenSSL, so callers never see an OpenSSL type.
// Thread-safe.

#include <cstddef>
#include <string>
#include <string_view>

namespace telecentre::backend {

// Lower-case hex SHA-256 of the bytes.
[[nodiscard]] std::string sha256_hex(std::string_view bytes);

// Standard base64 of HMAC-SHA1(key, message): TURN servers' time-limited credentials.
[[nodiscard]] std::string hmac_sha1_base64(std::string_view key, std::string_view message);

// `byte_count` bytes from the system CSPRNG, as lower-case hex. Aborts if the CSPRNG fails:
// an id or a token made from weak randomness would be worse than stopping.
[[nodiscard]] std::string random_hex(std::size_t byte_count);

} // namespace telecentre::backend
