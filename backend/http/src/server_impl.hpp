#pragma once
// Inside backend/http only: the server's shared state and the two kinds of connection it runs
// (HTTP in http_session.cpp, WebSocket in websocket_session.cpp). Boost.Beast stays in this
// folder; nothing outside it includes this header.
//
// Boost 1.74's Asio uses std::exchange without including <utility>, so <utility> comes first.
#include <utility>
// (the comment line keeps clang-format from sorting <utility> after the others)
#include "telecentre/backend/https_server.hpp"

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

// GCC 12 at -O2 reports a "potential null pointer dereference" inside Asio's scheduler
// (thread_info on the compensating-work path), which Asio guards by construction; the warning
// stays on for our own code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/ssl.hpp>
#pragma GCC diagnostic pop

namespace telecentre::backend {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// A connection the server keeps track of, so that stop() can close it.
class Connection {
public:
    virtual ~Connection() = default;
    // Called from stop()'s thread: the connection closes itself on its own strand.
    virtual void request_stop() = 0;
};

class HttpsServer::Impl {
public:
    Impl(HttpsServerOptions options, RequestHandler handler, RequestLogger logger, UpgradeHandler upgrade)
        : m_options(std::move(options)), m_handler(std::move(handler)), m_logger(std::move(logger)),
          m_upgrade(std::move(upgrade)) {}

    std::expected<void, std::string> start();
    void stop();
    [[nodiscard]] std::uint16_t port() const { return m_port; }

    // Used by connections, on their own strands.
    [[nodiscard]] const HttpsServerOptions& options() const { return m_options; }
    [[nodiscard]] asio::ssl::context& ssl() { return m_ssl; }
    [[nodiscard]] bool stopping() const { return m_stopping.load(); }
    [[nodiscard]] bool accepts_upgrades() const { return static_cast<bool>(m_upgrade); }
    HttpResponse handle(const HttpRequest& request) noexcept;
    std::expected<WebSocketAcceptance, HttpResponse> upgrade(const HttpRequest& request) noexcept;
    void log(const RequestLogEntry& entry) noexcept;
    void connection_started(const std::shared_ptr<Connection>& connection);
    void connection_ended(Connection* connection);

private:
    std::expected<void, std::string> configure_tls();
    void accept_next();
    void on_accept(beast::error_code error, tcp::socket socket);
    void run_thread();

    HttpsServerOptions m_options;
    RequestHandler m_handler;
    RequestLogger m_logger;
    UpgradeHandler m_upgrade;
    asio::ssl::context m_ssl{asio::ssl::context::tls_server};
    // Connections unregister themselves from their destructors, which may run while m_io is
    // being destroyed: everything they touch is declared before m_io so it outlives it.
    std::mutex m_mutex;
    std::condition_variable m_idle;
    std::unordered_map<Connection*, std::weak_ptr<Connection>> m_connections;
    bool m_accepting = false;
    std::atomic<bool> m_stopping{false};
    bool m_started = false;
    asio::io_context m_io;
    std::optional<tcp::acceptor> m_acceptor;
    std::vector<std::thread> m_threads;
    std::uint16_t m_port = 0;
};

// The JSON error answer of the API's shape, for answers the transport gives itself.
[[nodiscard]] HttpResponse transport_error(int status, const char* code, std::string message);

// Serves HTTP/1.1 on an accepted socket, TLS handshake first (http_session.cpp).
void start_http_session(tcp::socket socket, HttpsServer::Impl& server);

// Takes over a connection whose upgrade request was accepted: answers 101, logs the request
// (101, or 400 when Beast found the upgrade invalid) and runs the WebSocket until it closes
// (websocket_session.cpp).
void start_websocket_session(TlsStream stream, http::request<http::string_body> request, WebSocketAcceptance acceptance,
                             RequestLogEntry upgrade_log, HttpsServer::Impl& server);

} // namespace telecentre::backend
