#pragma once
// Password hashing for staff accounts: scrypt (OpenSSL 3's EVP_PBE_scrypt), encoded as a
// self-describing string "scrypt$N$r$p$<salt base64>$<hash base64>", so the parameters can be
// raised later and old hashes still verify. Why scrypt and these parameters: docs/backend.md,
// "Staff accounts".
//
// Threading: thread-safe. Each call takes ~45 ms of CPU and 128 * r * N bytes (16 MiB) of memory.

#include <cstdint>
#include <string>
#include <string_view>

namespace telecentre::backend {

struct ScryptParameters {
    std::uint64_t n = std::uint64_t{1} << 14; // CPU and memory cost, a power of two
    std::uint32_t r = 8;                      // block size
    std::uint32_t p = 1;                      // parallelism
};

// A fresh 16-byte salt from the system CSPRNG, a 32-byte hash. Aborts if OpenSSL fails (like
// random_hex): a password kept unhashed would be worse than stopping.
[[nodiscard]] std::string hash_password(std::string_view password, ScryptParameters parameters = {});

// Whether `password` matches `encoded`. The comparison takes the same time wherever the bytes
// differ. A malformed encoding, or parameters outside sane bounds (a tampered row asking for
// gigabytes), never match.
[[nodiscard]] bool verify_password(std::string_view password, std::string_view encoded);

} // namespace telecentre::backend
