#include "telecentre/backend/password_hash.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <optional>
#include <vector>

namespace telecentre::backend {
namespace {

constexpr std::string_view kScheme = "scrypt";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// Bounds on what a stored hash may ask for: up to 2^20 * 8 * 128 bytes = 1 GiB would be absurd
// for a log-in, so the cap is N <= 2^18 (256 MiB at r = 8), r <= 32, p <= 16.
constexpr std::uint64_t kMaxN = std::uint64_t{1} << 18;
constexpr std::uint32_t kMaxR = 32;
constexpr std::uint32_t kMaxP = 16;

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "telecentre-backend: %s failed\n", what);
    std::abort();
}

bool sane(const ScryptParameters& parameters) {
    const auto n = parameters.n;
    return n >= 2 && n <= kMaxN && (n & (n - 1)) == 0 && parameters.r >= 1 && parameters.r <= kMaxR &&
           parameters.p >= 1 && parameters.p <= kMaxP &&
           std::uint64_t{parameters.r} * parameters.p < (std::uint64_t{1} << 30);
}

// False when OpenSSL refuses (parameters out of its own bounds, memory).
bool derive(std::string_view password, const unsigned char* salt, std::size_t salt_size,
            const ScryptParameters& parameters, unsigned char* out, std::size_t out_size) {
    // scrypt needs 128 * r * (N + p) bytes; allow that plus slack, so OpenSSL's 32 MiB default
    // does not refuse parameters raised later.
    const std::uint64_t memory = 128 * std::uint64_t{parameters.r} * (parameters.n + parameters.p) + (1u << 20);
    return EVP_PBE_scrypt(password.data(), password.size(), salt, salt_size, parameters.n, parameters.r, parameters.p,
                          memory, out, out_size) == 1;
}

std::string base64(const unsigned char* bytes, std::size_t size) {
    std::string text(4 * ((size + 2) / 3) + 1, '\0');
    const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(text.data()), bytes, static_cast<int>(size));
    text.resize(static_cast<std::size_t>(written));
    return text;
}

// Strict standard base64 with padding, as base64() writes it.
std::optional<std::vector<unsigned char>> from_base64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0 || text.size() > 1024) {
        return std::nullopt;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool letter =
            (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
        const bool padding = c == '=' && i + 2 >= text.size() && (i + 1 == text.size() || text.back() == '=');
        if (!letter && !padding) {
            return std::nullopt;
        }
    }
    std::vector<unsigned char> bytes(text.size() / 4 * 3);
    const int decoded = EVP_DecodeBlock(bytes.data(), reinterpret_cast<const unsigned char*>(text.data()),
                                        static_cast<int>(text.size()));
    if (decoded < 0) {
        return std::nullopt;
    }
    // EVP_DecodeBlock counts the padding as zero bytes.
    const std::size_t padding = text.ends_with("==") ? 2 : text.ends_with('=') ? 1 : 0;
    bytes.resize(static_cast<std::size_t>(decoded) - padding);
    return bytes;
}

template <typename Number> std::optional<Number> number(std::string_view text) {
    Number value{};
    const auto [end, problem] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || text.size() > 12 || problem != std::errc() || end != text.data() + text.size() ||
        text.front() == '0') {
        return std::nullopt;
    }
    return value;
}

struct Decoded {
    ScryptParameters parameters;
    std::vector<unsigned char> salt;
    std::vector<unsigned char> hash;
};

std::optional<Decoded> decode(std::string_view encoded) {
    std::array<std::string_view, 6> parts;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto dollar = encoded.find('$');
        if ((dollar == std::string_view::npos) != (i + 1 == parts.size())) {
            return std::nullopt;
        }
        parts[i] = encoded.substr(0, dollar);
        encoded = dollar == std::string_view::npos ? std::string_view() : encoded.substr(dollar + 1);
    }
    if (parts[0] != kScheme) {
        return std::nullopt;
    }
    const auto n = number<std::uint64_t>(parts[1]);
    const auto r = number<std::uint32_t>(parts[2]);
    const auto p = number<std::uint32_t>(parts[3]);
    auto salt = from_base64(parts[4]);
    auto hash = from_base64(parts[5]);
    if (!n || !r || !p || !salt || !hash || salt->size() < 8 || hash->size() < 16 || hash->size() > 64) {
        return std::nullopt;
    }
    Decoded decoded{ScryptParameters{*n, *r, *p}, std::move(*salt), std::move(*hash)};
    if (!sane(decoded.parameters)) {
        return std::nullopt;
    }
    return decoded;
}

} // namespace

std::string hash_password(std::string_view password, ScryptParameters parameters) {
    if (!sane(parameters)) {
        fail("scrypt (parameters out of bounds)");
    }
    std::array<unsigned char, kSaltBytes> salt{};
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        fail("the random generator");
    }
    std::array<unsigned char, kHashBytes> hash{};
    if (!derive(password, salt.data(), salt.size(), parameters, hash.data(), hash.size())) {
        fail("scrypt");
    }
    std::string encoded = std::string(kScheme) + "$" + std::to_string(parameters.n) + "$" +
                          std::to_string(parameters.r) + "$" + std::to_string(parameters.p) + "$" +
                          base64(salt.data(), salt.size()) + "$" + base64(hash.data(), hash.size());
    OPENSSL_cleanse(hash.data(), hash.size());
    return encoded;
}

bool verify_password(std::string_view password, std::string_view encoded) {
    const auto decoded = decode(encoded);
    if (!decoded) {
        return false;
    }
    std::vector<unsigned char> derived(decoded->hash.size());
    if (!derive(password, decoded->salt.data(), decoded->salt.size(), decoded->parameters, derived.data(),
                derived.size())) {
        return false;
    }
    const bool same = CRYPTO_memcmp(derived.data(), decoded->hash.data(), derived.size()) == 0;
    OPENSSL_cleanse(derived.data(), derived.size());
    return same;
}

} // namespace telecentre::backend
