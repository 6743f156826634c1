// One HTTPS connection: TLS handshake, keep-alive requests, size limits, and the hand-over of an
// accepted upgrade request to a WebSocket session.
#include "server_impl.hpp"
// (server_impl.hpp comes first: it includes <utility> before Asio)

#include <array>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket/rfc6455.hpp>
#pragma GCC diagnostic pop

namespace telecentre::backend {
namespace {

const beast::error_category& http_error_category() { return beast::error_code(http::error::end_of_stream).category(); }

// One TLS connection. Every handler runs on the connection's strand, so its members need no lock.
class HttpSession final : public Connection, public std::enable_shared_from_this<HttpSession> {
public:
    HttpSession(tcp::socket&& socket, HttpsServer::Impl& server)
        : m_stream(std::move(socket), server.ssl()), m_strand(m_stream.get_executor()), m_server(server) {}
    ~HttpSession() override { m_server.connection_ended(this); }
    HttpSession(const HttpSession&) = delete;
    HttpSession& operator=(const HttpSession&) = delete;

    void run() {
        asio::dispatch(m_strand, beast::bind_front_handler(&HttpSession::start_handshake, shared_from_this()));
    }

    // From stop(): an idle or handshaking connection closes now; one that is answering closes
    // right after its answer is written.
    void request_stop() override {
        asio::post(m_strand, [self = shared_from_this()] {
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
                                 beast::bind_front_handler(&HttpSession::on_handshake, shared_from_this()));
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
                         beast::bind_front_handler(&HttpSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code error, std::size_t) {
        if (m_phase == Phase::closed) {
            return;
        }
        if (error == http::error::end_of_stream) {
            return start_shutdown();
        }
        if (error == http::error::body_limit) {
            return answer_error(transport_error(413, "payload_too_large",
                                                "the request body is larger than " +
                                                    std::to_string(m_server.options().body_limit / 1024) + " KiB"));
        }
        if (error == http::error::header_limit) {
            return answer_error(transport_error(431, "headers_too_large", "the request headers are too large"));
        }
        if (error && error.category() == http_error_category()) {
            return answer_error(transport_error(400, "bad_request", "the request is not valid HTTP/1.1"));
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

        if (m_server.accepts_upgrades() && beast::websocket::is_upgrade(message)) {
            return handle_upgrade(request, started);
        }
        HttpResponse response = m_server.handle(request);
        m_server.log(RequestLogEntry{
            request.method, response.log_path.empty() ? std::string(request.path()) : response.log_path,
            response.status,
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started),
            response.device_id});
        const bool again = keep_alive && !m_server.stopping();
        write(response, version, again ? AfterWrite::read_next : AfterWrite::shut_down);
    }

    // An accepted upgrade leaves this session: the TLS stream and the request move to a
    // WebSocket session, and this object ends once its last handler returns.
    void handle_upgrade(const HttpRequest& request, std::chrono::steady_clock::time_point started) {
        std::expected<WebSocketAcceptance, HttpResponse> accepted =
            std::unexpected(transport_error(503, "stopping", "the server is stopping; try again"));
        if (!m_server.stopping()) {
            accepted = m_server.upgrade(request);
        }
        const auto elapsed =
            std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - started);
        RequestLogEntry entry{request.method, std::string(request.path()), 0, elapsed, {}};
        if (!accepted) {
            entry.status = accepted.error().status;
            entry.device_id = accepted.error().device_id;
            m_server.log(entry);
            return write(accepted.error(), 11, AfterWrite::shut_down);
        }
        m_phase = Phase::closed; // a stop() from now on is the WebSocket session's to handle
        entry.device_id = accepted->device_id;
        start_websocket_session(std::move(m_stream), m_parser->release(), std::move(*accepted), std::move(entry),
                                m_server);
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
                          beast::bind_front_handler(&HttpSession::on_write, shared_from_this(), after));
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

    TlsStream m_stream;
    // Kept apart from the stream, which moves to a WebSocket session on an upgrade.
    beast::tcp_stream::executor_type m_strand;
    HttpsServer::Impl& m_server;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    http::response<http::string_body> m_response;
    std::array<char, 16 * 1024> m_scratch{};
    Phase m_phase = Phase::handshake;
};

} // namespace

void start_http_session(tcp::socket socket, HttpsServer::Impl& server) {
    auto session = std::make_shared<HttpSession>(std::move(socket), server);
    server.connection_started(session);
    session->run();
}

} // namespace telecentre::backend
