#pragma once
// An HTTPS/1.1 server on Boost.Beast over OpenSSL: TLS 1.2 minimum (1.3 preferred), keep-alive,
// a read timeout, limits on header and body size, WebSocket upgrades and a clean stop. It knows
// nothing of the API: each request is handed to a RequestHandler, each upgrade request to an
// UpgradeHandler that accepts it with a WebSocketPeer or refuses it with an HTTP answer.
//
// Threading: start() and stop() from one controlling thread. The handler is called on the
// server's own threads, several at once, and must be thread-safe; it may block briefly (a
// store transaction) but holds up one of the few threads while it does. WebSocket peers are
// called on the same threads (websocket.hpp).

#include "telecentre/backend/http_types.hpp"
#include "telecentre/backend/websocket.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>

namespace telecentre::backend {

struct HttpsServerOptions {
    std::string address = "127.0.0.1";
    std::uint16_t port = 0; // 0: an ephemeral port, read it back with port()
    std::string certificate_chain_pem;
    std::string private_key_pem;
    int threads = 2;
    std::chrono::seconds read_timeout{30}; // also how long an idle keep-alive connection stays
    std::size_t body_limit = 64 * 1024;    // larger bodies get 413
    std::size_t header_limit = 8 * 1024;   // larger headers get 431
    WebSocketOptions websocket;
};

using RequestHandler = std::function<HttpResponse(const HttpRequest&)>;
using RequestLogger = std::function<void(const RequestLogEntry&)>;

class HttpsServer {
public:
    // Without an upgrade handler, upgrade requests go to the request handler like any other.
    HttpsServer(HttpsServerOptions options, RequestHandler handler, RequestLogger logger, UpgradeHandler upgrade = {});
    ~HttpsServer(); // stops
    HttpsServer(const HttpsServer&) = delete;
    HttpsServer& operator=(const HttpsServer&) = delete;

    // Loads the certificate, binds, listens and starts the threads; returns once accepting.
    [[nodiscard]] std::expected<void, std::string> start();
    [[nodiscard]] std::uint16_t port() const;
    // Stops accepting, lets requests being handled finish, closes idle connections and
    // WebSockets (1001, going away), joins.
    void stop();

    class Impl;

private:
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::backend
