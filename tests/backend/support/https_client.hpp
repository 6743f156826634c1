#pragma once
// A small synchronous HTTPS/1.1 client for the backend tests: verifies the server against a
// given CA and the address 127.0.0.1, keeps the connection alive between requests, and can be
// restricted to one TLS version. Every wait is bounded (10 s), so a broken server fails a test
// instead of hanging it. Beast stays in the .cpp.

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telecentre::backend::test {

enum class TlsVersion { tls1_1, tls1_2, tls1_3 };

struct HttpReply {
    int status = 0;
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers; // names in lower case

    [[nodiscard]] std::optional<std::string> header(std::string_view lower_case_name) const;
};

using Headers = std::vector<std::pair<std::string, std::string>>;

class HttpsClient {
public:
    struct Options {
        std::string ca_pem;                     // the only CA trusted
        std::optional<TlsVersion> only_version; // offer just this version
    };

    HttpsClient(std::uint16_t port, Options options);
    ~HttpsClient();
    HttpsClient(const HttpsClient&) = delete;
    HttpsClient& operator=(const HttpsClient&) = delete;

    // TCP connect and TLS handshake; the error text carries OpenSSL's reason.
    [[nodiscard]] std::expected<void, std::string> connect();
    // Connects first if needed; reconnects after the server closed the connection.
    [[nodiscard]] std::expected<HttpReply, std::string> request(std::string_view method, std::string_view target,
                                                                const std::string& body = {},
                                                                const Headers& headers = {});

    [[nodiscard]] std::string negotiated_version() const; // e.g. "TLSv1.3"
    [[nodiscard]] int connections_opened() const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Sends `bytes` over plain TCP and returns whatever comes back before the server closes.
[[nodiscard]] std::expected<std::string, std::string> exchange_plain_tcp(std::uint16_t port, std::string_view bytes);

} // namespace telecentre::backend::test
