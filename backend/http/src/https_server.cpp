// The server itself: TLS context, listening socket, threads, and the list of open connections
// that stop() closes. The connections are in http_session.cpp and websocket_session.cpp.
#include "server_impl.hpp"
// (server_impl.hpp comes first: it includes <utility> before Asio)
#include "telecentre/wire/codec.hpp"

#include <cstdio>
#include <openssl/ssl.h>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/post.hpp>
#pragma GCC diagnostic pop

namespace telecentre::backend {

HttpResponse transport_error(int status, const char* code, std::string message) {
    HttpResponse response;
    response.status = status;
    response.body = wire::encode(wire::ApiError{code, std::move(message)});
    return response;
}

std::expected<void, std::string> HttpsServer::Impl::configure_tls() {
    SSL_CTX* context = m_ssl.native_handle();
    m_ssl.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                      asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1 |
                      asio::ssl::context::single_dh_use);
    // TLS 1.2 is the floor; OpenSSL negotiates 1.3 whenever the client has it. The 1.2 suites
    // are forward-secret AEAD only.
    if (SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1 ||
        SSL_CTX_set_cipher_list(context, "ECDHE+AESGCM:ECDHE+CHACHA20") != 1) {
        return std::unexpected("cannot restrict the TLS versions and ciphers");
    }
    SSL_CTX_set_options(context, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
    beast::error_code error;
    m_ssl.use_certificate_chain(asio::buffer(m_options.certificate_chain_pem), error);
    if (error) {
        return std::unexpected("cannot load the TLS certificate: " + error.message());
    }
    m_ssl.use_private_key(asio::buffer(m_options.private_key_pem), asio::ssl::context::pem, error);
    if (error) {
        return std::unexpected("cannot load the TLS private key: " + error.message());
    }
    if (SSL_CTX_check_private_key(context) != 1) {
        return std::unexpected("the TLS private key does not match the certificate");
    }
    return {};
}

std::expected<void, std::string> HttpsServer::Impl::start() {
    if (m_started) {
        return std::unexpected("the server is already started");
    }
    if (auto tls = configure_tls(); !tls) {
        return tls;
    }
    beast::error_code error;
    const auto address = asio::ip::make_address(m_options.address, error);
    if (error) {
        return std::unexpected("not an IP address: " + m_options.address);
    }
    m_acceptor.emplace(asio::make_strand(m_io));
    const tcp::endpoint endpoint{address, m_options.port};
    m_acceptor->open(endpoint.protocol(), error);
    if (!error) {
        m_acceptor->set_option(asio::socket_base::reuse_address(true), error);
    }
    if (!error) {
        m_acceptor->bind(endpoint, error);
    }
    if (!error) {
        m_acceptor->listen(asio::socket_base::max_listen_connections, error);
    }
    if (error) {
        return std::unexpected("cannot listen on " + m_options.address + ":" + std::to_string(m_options.port) + ": " +
                               error.message());
    }
    m_port = m_acceptor->local_endpoint().port();
    m_accepting = true;
    m_started = true;
    accept_next();
    for (int i = 0; i < std::max(1, m_options.threads); ++i) {
        m_threads.emplace_back([this] { run_thread(); });
    }
    return {};
}

void HttpsServer::Impl::accept_next() {
    m_acceptor->async_accept(asio::make_strand(m_io), beast::bind_front_handler(&Impl::on_accept, this));
}

void HttpsServer::Impl::on_accept(beast::error_code error, tcp::socket socket) {
    if (error == asio::error::operation_aborted || m_stopping.load() || !m_acceptor->is_open()) {
        std::lock_guard lock(m_mutex);
        m_accepting = false;
        m_idle.notify_all();
        return;
    }
    if (!error) {
        start_http_session(std::move(socket), *this);
    }
    accept_next();
}

void HttpsServer::Impl::run_thread() {
    for (;;) {
        try {
            m_io.run();
            return;
        } catch (const std::exception& failure) {
            std::fprintf(stderr, "telecentre-backend: unexpected error in a server thread: %s\n", failure.what());
        }
    }
}

HttpResponse HttpsServer::Impl::handle(const HttpRequest& request) noexcept {
    try {
        return m_handler(request);
    } catch (const std::exception& failure) {
        std::fprintf(stderr, "telecentre-backend: request handler failed: %s\n", failure.what());
    } catch (...) {
        std::fprintf(stderr, "telecentre-backend: request handler failed\n");
    }
    return transport_error(500, "internal", "the server failed to answer; try again");
}

std::expected<WebSocketAcceptance, HttpResponse> HttpsServer::Impl::upgrade(const HttpRequest& request) noexcept {
    try {
        auto accepted = m_upgrade(request);
        if (accepted && !accepted->peer) {
            return std::unexpected(transport_error(500, "internal", "the server failed to answer; try again"));
        }
        return accepted;
    } catch (const std::exception& failure) {
        std::fprintf(stderr, "telecentre-backend: upgrade handler failed: %s\n", failure.what());
    } catch (...) {
        std::fprintf(stderr, "telecentre-backend: upgrade handler failed\n");
    }
    return std::unexpected(transport_error(500, "internal", "the server failed to answer; try again"));
}

void HttpsServer::Impl::log(const RequestLogEntry& entry) noexcept {
    if (!m_logger) {
        return;
    }
    try {
        m_logger(entry);
    } catch (...) {
        // A failing log sink must not take a request down with it.
    }
}

void HttpsServer::Impl::connection_started(const std::shared_ptr<Connection>& connection) {
    std::lock_guard lock(m_mutex);
    m_connections.emplace(connection.get(), connection);
}

void HttpsServer::Impl::connection_ended(Connection* connection) {
    std::lock_guard lock(m_mutex);
    m_connections.erase(connection);
    m_idle.notify_all();
}

void HttpsServer::Impl::stop() {
    if (!m_started) {
        return;
    }
    m_stopping = true;
    asio::post(m_acceptor->get_executor(), [this] {
        beast::error_code ignored;
        m_acceptor->close(ignored);
    });
    std::vector<std::shared_ptr<Connection>> open;
    {
        std::lock_guard lock(m_mutex);
        for (auto& [raw, weak] : m_connections) {
            if (auto connection = weak.lock()) {
                open.push_back(std::move(connection));
            }
        }
    }
    for (auto& connection : open) {
        connection->request_stop();
    }
    open.clear(); // outside the lock: a last reference ends a connection, which takes the lock
    {
        std::unique_lock lock(m_mutex);
        // Requests in progress finish their store transaction and answer, WebSockets finish
        // their closing handshake (bounded by close_timeout); a handler stuck longer than this
        // is abandoned rather than hanging the shutdown.
        m_idle.wait_for(lock, std::chrono::seconds(10), [this] { return m_connections.empty() && !m_accepting; });
    }
    m_io.stop();
    for (auto& thread : m_threads) {
        thread.join();
    }
    m_threads.clear();
    m_started = false;
}

HttpsServer::HttpsServer(HttpsServerOptions options, RequestHandler handler, RequestLogger logger,
                         UpgradeHandler upgrade)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(logger), std::move(upgrade))) {}

HttpsServer::~HttpsServer() { m_impl->stop(); }

std::expected<void, std::string> HttpsServer::start() { return m_impl->start(); }

std::uint16_t HttpsServer::port() const { return m_impl->port(); }

void HttpsServer::stop() { m_impl->stop(); }

} // namespace telecentre::backend
