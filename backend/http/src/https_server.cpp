// Boost.Beast lives in this file only: it costs seconds and half a gigabyte per translation unit.
// Boost 1.74's Asio uses std::exchange without including <utility>, so <utility> comes first.
#include <utility>
// (the comment line keeps clang-format from sorting <utility> after the others)
#include "telecentre/backend/https_server.hpp"
#include "telecentre/wire/codec.hpp"

#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <openssl/ssl.h>
#include <optional>
#include <thread>
#include <unordered_map>
#include <vector>

// GCC 12 at -O2 reports a "potential null pointer dereference" inside Asio's scheduler
// (thread_info on the compensating-work path), which Asio guards by construction; the warning
// stays on for our own code.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#pragma GCC diagnostic pop

namespace telecentre::backend {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

class Session;

class HttpsServer::Impl {
public:
    Impl(HttpsServerOptions options, RequestHandler handler, RequestLogger logger)
        : m_options(std::move(options)), m_handler(std::move(handler)), m_logger(std::move(logger)) {}

    std::expected<void, std::string> start();
    void stop();
    [[nodiscard]] std::uint16_t port() const { return m_port; }

    // Used by sessions, on their own strands.
    [[nodiscard]] const HttpsServerOptions& options() const { return m_options; }
    [[nodiscard]] asio::ssl::context& ssl() { return m_ssl; }
    [[nodiscard]] bool stopping() const { return m_stopping.load(); }
    HttpResponse handle(const HttpRequest& request) noexcept;
    void log(const RequestLogEntry& entry) noexcept;
    void session_ended(Session* session);

private:
    std::expected<void, std::string> configure_tls();
    void accept_next();
    void on_accept(beast::error_code error, tcp::socket socket);
    void run_thread();

    HttpsServerOptions m_options;
    RequestHandler m_handler;
    RequestLogger m_logger;
    asio::ssl::context m_ssl{asio::ssl::context::tls_server};
    // Sessions unregister themselves from their destructors, which may run while m_io is being
    // destroyed: everything they touch is declared before m_io so it outlives it.
    std::mutex m_mutex;
    std::condition_variable m_idle;
    std::unordered_map<Session*, std::weak_ptr<Session>> m_sessions;
    bool m_accepting = false;
    std::atomic<bool> m_stopping{false};
    bool m_started = false;
    asio::io_context m_io;
    std::optional<tcp::acceptor> m_acceptor;
    std::vector<std::thread> m_threads;
    std::uint16_t m_port = 0;
};

namespace {

HttpResponse error_response(int status, const char* code, std::string message) {
    HttpResponse response;
    response.status = status;
    response.body = wire::encode(wire::ApiError{code, std::move(message)});
    return response;
}

const beast::error_category& http_error_category() { return beast::error_code(http::error::end_of_stream).category(); }

} // namespace

// One TLS connection. Every handler runs on the connection's strand, so its members need no lock.
class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket&& socket, HttpsServer::Impl& server)
        : m_stream(std::move(socket), server.ssl()), m_server(server) {}
    ~Session() { m_server.session_ended(this); }
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    void run() {
        asio::dispatch(m_stream.get_executor(),
                       beast::bind_front_handler(&Session::start_handshake, shared_from_this()));
    }

    // From stop(): an idle or handshaking connection closes now; one that is answering closes
    // right after its answer is written.
    void request_stop() {
        asio::post(m_stream.get_executor(), [self = shared_from_this()] {
            if (self->m_phase != Phase::writing) {
                self->close_now();
            }
        });
    }

private:
    enum class Phase { handshake, reading, writing, closing, closed };
    enum class AfterWrite { read_next, shut_down, drain };

    void start_handshake() {
        if (m_server.stopping()) {
            return close_now();
        }
        m_phase = Phase::handshake;
        beast::get_lowest_layer(m_stream).expires_after(m_server.options().read_timeout);
        m_stream.async_handshake(asio::ssl::stream_base::server,
                                 beast::bind_front_handler(&Session::on_handshake, shared_from_this()));
    }

    void on_handshake(beast::error_code error) {
        // Plain HTTP, TLS 1.1 and unknown ciphers all end here: close without a word.
        if (error) {
            return close_now();
        }
        start_read();
    }

    void start_read() {
        if (m_server.stopping()) {
            return close_now();
        }
        m_phase = Phase::reading;
        m_parser.emplace();
        m_parser->body_limit(static_cast<std::uint64_t>(m_server.options().body_limit));
        m_parser->header_limit(static_cast<std::uint32_t>(m_server.options().header_limit));
        beast::get_lowest_layer(m_stream).expires_after(m_server.options().read_timeout);
        http::async_read(m_stream, m_buffer, *m_parser,
                         beast::bind_front_handler(&Session::on_read, shared_from_this()));
    }

    void on_read(beast::error_code error, std::size_t) {
        if (m_phase == Phase::closed) {
            return;
        }
        if (error == http::error::end_of_stream) {
            return start_shutdown();
        }
        if (error == http::error::body_limit) {
            return answer_error(error_response(413, "payload_too_large",
                                               "the request body is larger than " +
                                                   std::to_string(m_server.options().body_limit / 1024) + " KiB"));
        }
        if (error == http::error::header_limit) {
            return answer_error(error_response(431, "headers_too_large", "the request headers are too large"));
        }
        if (error && error.category() == http_error_category()) {
            return answer_error(error_response(400, "bad_request", "the request is not valid HTTP/1.1"));
        }
        if (error) {
            return close_now(); // timeout, reset, TLS failure
        }
        handle_request();
    }

    void handle_request() {
        const auto started = std::chrono::steady_clock::now();
        auto& message = m_parser->get();
        HttpRequest request;
        request.method = std::string(message.method_string());
        request.target = std::string(message.target());
        for (const auto& field : message) {
            std::string name(field.name_string());
            for (char& c : name) {
                c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
            }
            request.headers.emplace_back(std::move(name), std::string(field.value()));
        }
        request.body = std::move(message.body());
        const bool keep_alive = message.keep_alive();
        const unsigned version = message.version();

        HttpResponse response = m_server.handle(request);
        m_server.log(RequestLogEntry{
            request.method, response.log_path.empty() ? std::string(request.path()) : response.log_path,
            response.status,
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started),
            response.device_id});
        const bool again = keep_alive && !m_server.stopping();
        write(response, version, again ? AfterWrite::read_next : AfterWrite::shut_down);
    }

    // An answer to a request that could not be read completely: the client may still be sending
    // its body, so after answering, read and discard for a while rather than reset the
    // connection under the answer.
    void answer_error(const HttpResponse& response) {
        RequestLogEntry entry{"-", "-", response.status, {}, {}};
        if (m_parser && m_parser->is_header_done()) {
            entry.method = std::string(m_parser->get().method_string());
            const auto target = m_parser->get().target();
            entry.path = std::string(target.substr(0, target.find('?')));
        }
        m_server.log(entry);
        write(response, 11, AfterWrite::drain);
    }

    void write(const HttpResponse& response, unsigned version, AfterWrite after) {
        m_phase = Phase::writing;
        m_response = {};
        m_response.version(version);
        m_response.result(static_cast<unsigned>(response.status));
        m_response.set(http::field::server, "telecentre-backend");
        m_response.set(http::field::content_type, response.content_type);
        m_response.set(http::field::cache_control, "no-store");
        for (const auto& [name, value] : response.headers) {
            m_response.set(name, value);
        }
        m_response.body() = response.body;
        m_response.keep_alive(after == AfterWrite::read_next);
        m_response.prepare_payload();
        beast::get_lowest_layer(m_stream).expires_after(m_server.options().read_timeout);
        http::async_write(m_stream, m_response,
                          beast::bind_front_handler(&Session::on_write, shared_from_this(), after));
    }

    void on_write(AfterWrite after, beast::error_code error, std::size_t) {
        if (error || m_server.stopping()) {
            return close_now();
        }
        switch (after) {
        case AfterWrite::read_next: return start_read();
        case AfterWrite::shut_down: return start_shutdown();
        case AfterWrite::drain: return drain(0, {}, 0);
        }
    }

    void drain(std::size_t total, beast::error_code error, std::size_t bytes) {
        total += bytes;
        if (error || total > 1024 * 1024) {
            return close_now();
        }
        m_phase = Phase::closing;
        beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(5));
        m_stream.async_read_some(
            asio::buffer(m_scratch),
            [self = shared_from_this(), total](beast::error_code e, std::size_t n) { self->drain(total, e, n); });
    }

    void start_shutdown() {
        m_phase = Phase::closing;
        beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(2));
        m_stream.async_shutdown([self = shared_from_this()](beast::error_code) { self->close_now(); });
    }

    void close_now() {
        if (m_phase == Phase::closed) {
            return;
        }
        m_phase = Phase::closed;
        beast::error_code ignored;
        auto& socket = beast::get_lowest_layer(m_stream).socket();
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(m_stream).close();
    }

    beast::ssl_stream<beast::tcp_stream> m_stream;
    HttpsServer::Impl& m_server;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    http::response<http::string_body> m_response;
    std::array<char, 16 * 1024> m_scratch{};
    Phase m_phase = Phase::handshake;
};

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
        auto session = std::make_shared<Session>(std::move(socket), *this);
        {
            std::lock_guard lock(m_mutex);
            m_sessions.emplace(session.get(), session);
        }
        session->run();
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
    return error_response(500, "internal", "the server failed to answer; try again");
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

void HttpsServer::Impl::session_ended(Session* session) {
    std::lock_guard lock(m_mutex);
    m_sessions.erase(session);
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
    std::vector<std::shared_ptr<Session>> live;
    {
        std::lock_guard lock(m_mutex);
        for (auto& [raw, weak] : m_sessions) {
            if (auto session = weak.lock()) {
                live.push_back(std::move(session));
            }
        }
    }
    for (auto& session : live) {
        session->request_stop();
    }
    live.clear(); // outside the lock: a last reference ends a session, which takes the lock
    {
        std::unique_lock lock(m_mutex);
        // Requests in progress finish their store transaction and answer; a handler stuck longer
        // than this is abandoned rather than hanging the shutdown.
        m_idle.wait_for(lock, std::chrono::seconds(10), [this] { return m_sessions.empty() && !m_accepting; });
    }
    m_io.stop();
    for (auto& thread : m_threads) {
        thread.join();
    }
    m_threads.clear();
    m_started = false;
}

HttpsServer::HttpsServer(HttpsServerOptions options, RequestHandler handler, RequestLogger logger)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(logger))) {}

HttpsServer::~HttpsServer() { m_impl->stop(); }

std::expected<void, std::string> HttpsServer::start() { return m_impl->start(); }

std::uint16_t HttpsServer::port() const { return m_impl->port(); }

void HttpsServer::stop() { m_impl->stop(); }

} // namespace telecentre::backend
