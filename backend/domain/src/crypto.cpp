#include "telecentre/backend/crypto.hpp"

#include <cstdio>
#include <cstdlib>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <vector>

namespace telecentre::backend {
namespace {

std::string to_hex(const unsigned char* bytes, std::size_t size) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(size * 2);
    for (std::size_t i = 0; i < size; ++i) {
        hex.push_back(kDigits[bytes[i] >> 4]);
        hex.push_back(kDigits[bytes[i] & 0x0F]);
    }
    return hex;
}

} // namespace

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(bytes.data(), bytes.size(), digest, &size, EVP_sha256(), nullptr) != 1) {
        std::fputs("telecentre-backend: SHA-256 failed\n", stderr);
        std::abort();
    }
    return to_hex(digest, size);
}

std::string random_hex(std::size_t byte_count) {
    std::vector<unsigned char> bytes(byte_count);
    if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1) {
        std::fputs("telecentre-backend: the random generator failed\n", stderr);
        std::abort();
    }
    return to_hex(bytes.data(), bytes.size());
}

} // namespace telecentre::backend
