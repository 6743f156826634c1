#pragma once
// A blocking HTTPS/1.1 client for one backend: verifies the server against the configured CA and
// host name (always; there is no switch to turn it off), keeps the connection alive between
// requests, and bounds every step with a timeout. Beast and OpenSSL types stay in the .cpp.
// Threading: one instance per thread; calls block that thread only.

#include <chrono>
#include <expected>
#include <memory>
#include <string>
#include <vector>

namespace telecentre::platform {

struct HttpsClientConfig {
    std::string host; // name or address; checked against the certificate's subjectAltName
    std::string port = "443";
    std::string ca_file; // PEM bundle of the CA(s) the backend's certificate must chain to
    std::chrono::milliseconds connect_timeout{3000};
    std::chrono::milliseconds request_timeout{5000};
};

struct HttpResponse {
    int status = 0;
    std::string body;
};

enum class NetFailure { resolve, connect, tls, timeout, io };

struct NetError {
    NetFailure kind = NetFailure::io;
    std::string message;
    // True when the request may have reached the server (its answer was lost on the way back).
    bool maybe_applied = false;
};

struct HttpHeader {
    std::string name;
    std::string value;
};

class HttpsClient {
public:
    [[nodiscard]] static std::expected<HttpsClient, std::string> create(HttpsClientConfig config);
    HttpsClient(HttpsClient&&) noexcept;
    HttpsClient& operator=(HttpsClient&&) noexcept;
    ~HttpsClient();

    [[nodiscard]] std::expected<HttpResponse, NetError> request(const std::string& method, const std::string& target,
                                                                const std::vector<HttpHeader>& headers,
                                                                const std::string& body = {});
    // Closes the kept-alive connection (the next request reconnects).
    void disconnect();

private:
    struct Impl;
    explicit HttpsClient(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::platform
