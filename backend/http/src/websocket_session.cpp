// One WebSocket over TLS, after an accepted upgrade: the 101 answer, a read loop handing each
// message to the peer, a bounded outgoing queue any thread may add to, pings, and a closing
// handshake bounded in time. Everything but send_text() and close() runs on the strand.
#include "server_impl.hpp"
// (server_impl.hpp comes first: it includes <utility> before Asio)

#include <cstdio>
#include <deque>
#include <string_view>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#pragma GCC diagnostic pop

namespace telecentre::backend {
namespace {

namespace websocket = beast::websocket;
using Clock = std::chrono::steady_clock;

std::string seconds_text(std::chrono::milliseconds duration) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f s", static_cast<double>(duration.count()) / 1000.0);
    return text;
}

class WebSocketSession final : public Connection,
                               public WebSocketConnection,
                               public std::enable_shared_from_this<WebSocketSession> {
public:
    WebSocketSession(TlsStream&& stream, WebSocketAcceptance acceptance, RequestLogEntry upgrade_log,
                     HttpsServer::Impl& server)
        : m_ws(std::move(stream)), m_strand(m_ws.get_executor()), m_server(server),
          m_upgrade_log(std::move(upgrade_log)), m_options(server.options().websocket),
          m_peer(std::move(acceptance.peer)), m_first_message(std::move(acceptance.first_message)),
          m_ping_timer(m_strand), m_deadline_timer(m_strand) {}

    ~WebSocketSession() override {
        // Only reached with the peer unnotified when the io_context dropped our handlers
        // unrun (a server destroyed while a connection was stuck).
        notify_closed({1006, "the server shut down"});
        m_server.connection_ended(this);
    }
    WebSocketSession(const WebSocketSession&) = delete;
    WebSocketSession& operator=(const WebSocketSession&) = delete;

    void start(http::request<http::string_body> request) {
        asio::dispatch(m_strand,
                       [self = shared_from_this(), request = std::move(request)]() mutable { self->accept(request); });
    }

    void request_stop() override {
        asio::post(m_strand, [self = shared_from_this()] { self->start_close(1001, "the server is stopping"); });
    }

    SendOutcome send_text(SharedText text) override {
        std::unique_lock lock(m_queue_mutex);
        if (!m_sending) {
            return SendOutcome::closed;
        }
        // One message larger than the byte bound still goes through an empty queue: the bound
        // is there to stop a backlog, not to forbid big messages.
        const auto size = text->size();
        if (m_queue.size() >= m_options.queue_messages ||
            (!m_queue.empty() && m_queued_bytes + size > m_options.queue_bytes)) {
            m_sending = false;
            lock.unlock();
            close(1013, "outgoing queue full: the client reads too slowly");
            return SendOutcome::overflow;
        }
        m_queue.push_back(std::move(text));
        m_queued_bytes += size;
        if (!m_write_scheduled) {
            m_write_scheduled = true;
            lock.unlock();
            asio::post(m_strand, [self = shared_from_this()] { self->write_next(); });
        }
        return SendOutcome::queued;
    }

    void close(std::uint16_t code, std::string reason) override {
        asio::post(m_strand,
                   [self = shared_from_this(), code, reason = std::move(reason)] { self->start_close(code, reason); });
    }

private:
    enum class Phase { accepting, open, closing, closed };
    enum class Deadline { handshake, first_message, closing };

    void accept(const http::request<http::string_body>& request) {
        // stop() may have listed the connections just before this one registered.
        if (m_server.stopping()) {
            return teardown({1001, "the server is stopping"});
        }
        // Our own timers bound every step, so the stream's are off.
        beast::get_lowest_layer(m_ws).expires_never();
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = websocket::stream_base::none();
        timeouts.idle_timeout = websocket::stream_base::none();
        timeouts.keep_alive_pings = false;
        m_ws.set_option(timeouts);
        m_ws.set_option(websocket::stream_base::decorator(
            [](websocket::response_type& response) { response.set(http::field::server, "telecentre-backend"); }));
        m_ws.read_message_max(m_options.message_limit);
        m_ws.control_callback([this](websocket::frame_type kind, beast::string_view) {
            if (kind == websocket::frame_type::pong) {
                on_pong();
            }
        });
        m_ws.text(true);
        arm_deadline(std::chrono::duration_cast<std::chrono::milliseconds>(m_server.options().read_timeout),
                     Deadline::handshake);
        m_accept_started = Clock::now();
        m_ws.async_accept(request, beast::bind_front_handler(&WebSocketSession::on_accept, shared_from_this()));
    }

    void on_accept(beast::error_code error) {
        if (m_phase != Phase::accepting) {
            return;
        }
        // Beast answers an invalid upgrade (no key, another version) with 400 or 426 itself.
        m_upgrade_log.status = error ? 400 : 101;
        m_upgrade_log.duration +=
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - m_accept_started);
        m_server.log(m_upgrade_log);
        if (error) {
            return teardown({1006, "upgrade failed: " + error.message()});
        }
        m_phase = Phase::open;
        m_deadline_timer.cancel();
        if (m_first_message) {
            arm_deadline(m_first_message->timeout, Deadline::first_message);
        }
        arm_ping(m_options.ping_interval);
        m_opened = true;
        call_peer([&] { m_peer->on_open(shared_from_this()); });
        if (m_phase == Phase::open) {
            read_next();
        }
    }

    void read_next() {
        m_ws.async_read(m_read_buffer, beast::bind_front_handler(&WebSocketSession::on_read, shared_from_this()));
    }

    void on_read(beast::error_code error, std::size_t) {
        if (m_phase == Phase::closed) {
            return;
        }
        if (error == websocket::error::closed) {
            if (m_phase == Phase::closing) {
                return teardown(m_close_info);
            }
            const auto& reason = m_ws.reason();
            std::string text = "closed by the client";
            if (!reason.reason.empty()) {
                text += ": " + std::string(reason.reason.substr(0, 123));
            }
            return teardown({reason.code, std::move(text)});
        }
        if (error == websocket::error::message_too_big) {
            // Beast has already sent the 1009 close frame.
            return teardown({1009, "closed by the server: a message over " +
                                       std::to_string(m_options.message_limit / 1024) + " KiB"});
        }
        if (error) {
            return teardown(m_phase == Phase::closing ? m_close_info
                                                      : WebSocketClosed{1006, "connection lost: " + error.message()});
        }
        if (m_first_message) {
            m_first_message.reset();
            m_deadline_timer.cancel();
        }
        const auto data = m_read_buffer.cdata();
        const std::string_view payload(static_cast<const char*>(data.data()), data.size());
        const auto kind = m_ws.got_text() ? MessageKind::text : MessageKind::binary;
        call_peer([&] { m_peer->on_message(kind, payload); });
        m_read_buffer.consume(m_read_buffer.size());
        // While closing, Beast's close operation reads until the client's close frame.
        if (m_phase == Phase::open) {
            read_next();
        }
    }

    void write_next() {
        SharedText next;
        {
            std::lock_guard lock(m_queue_mutex);
            if (m_queue.empty() || m_phase != Phase::open) {
                m_write_scheduled = false;
                return;
            }
            next = m_queue.front();
        }
        m_ws.async_write(asio::buffer(*next), [self = shared_from_this(), next](beast::error_code error, std::size_t) {
            self->on_write(error, next);
        });
    }

    void on_write(beast::error_code error, const SharedText& written) {
        {
            std::lock_guard lock(m_queue_mutex);
            if (!m_queue.empty() && m_queue.front() == written) {
                m_queued_bytes -= written->size();
                m_queue.pop_front();
            }
        }
        if (error && m_phase == Phase::open) {
            return teardown({1006, "connection lost: " + error.message()});
        }
        write_next();
    }

    // A ping every ping_interval; no pong within pong_timeout drops the connection. A ping
    // stuck behind writes the client does not read counts as unanswered.
    void arm_ping(std::chrono::milliseconds delay) {
        m_ping_timer.expires_after(delay);
        m_ping_timer.async_wait([self = shared_from_this(), generation = ++m_ping_generation](beast::error_code error) {
            if (!error && generation == self->m_ping_generation) {
                self->on_ping_timer();
            }
        });
    }

    void on_ping_timer() {
        if (m_phase != Phase::open) {
            return;
        }
        if (m_awaiting_pong) {
            return teardown({1006, "no pong within " + seconds_text(m_options.pong_timeout)});
        }
        m_awaiting_pong = true;
        m_ping_sent = Clock::now();
        if (!m_ping_in_flight) {
            m_ping_in_flight = true;
            m_ws.async_ping({}, [self = shared_from_this()](beast::error_code) { self->m_ping_in_flight = false; });
        }
        arm_ping(m_options.pong_timeout);
    }

    void on_pong() {
        if (!m_awaiting_pong || m_phase != Phase::open) {
            return;
        }
        m_awaiting_pong = false;
        const auto since_ping = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - m_ping_sent);
        arm_ping(std::max(std::chrono::milliseconds(0), m_options.ping_interval - since_ping));
    }

    void arm_deadline(std::chrono::milliseconds delay, Deadline what) {
        m_deadline = what;
        m_deadline_timer.expires_after(delay);
        m_deadline_timer.async_wait(
            [self = shared_from_this(), generation = ++m_deadline_generation](beast::error_code error) {
                if (!error && generation == self->m_deadline_generation) {
                    self->on_deadline();
                }
            });
    }

    void on_deadline() {
        switch (m_deadline) {
        case Deadline::handshake: return teardown({1006, "the upgrade did not complete in time"});
        case Deadline::first_message:
            if (m_first_message && m_phase == Phase::open) {
                start_close(1008, m_first_message->close_reason);
            }
            return;
        case Deadline::closing:
            return teardown({m_close_info.code, m_close_info.reason + " (the client did not answer the close)"});
        }
    }

    void start_close(std::uint16_t code, const std::string& reason) {
        if (m_phase == Phase::accepting) {
            return teardown({code, "closed by the server: " + reason});
        }
        if (m_phase != Phase::open) {
            return;
        }
        m_phase = Phase::closing;
        {
            std::lock_guard lock(m_queue_mutex);
            m_sending = false;
        }
        m_close_info = {code, "closed by the server: " + reason};
        m_ping_timer.cancel();
        arm_deadline(m_options.close_timeout, Deadline::closing);
        // RFC 6455 allows 123 bytes of reason in a close frame.
        const websocket::close_reason frame(
            static_cast<websocket::close_code>(code),
            beast::string_view(reason.data(), std::min<std::size_t>(reason.size(), 123)));
        m_ws.async_close(frame, [self = shared_from_this()](beast::error_code) { self->teardown(self->m_close_info); });
    }

    void teardown(const WebSocketClosed& closed) {
        if (m_phase == Phase::closed) {
            return;
        }
        m_phase = Phase::closed;
        {
            std::lock_guard lock(m_queue_mutex);
            m_sending = false;
            m_queue.clear();
            m_queued_bytes = 0;
        }
        m_ping_timer.cancel();
        m_deadline_timer.cancel();
        // Closing the socket completes every pending operation, a write stuck on a client that
        // does not read included; their handlers then release this object.
        beast::error_code ignored;
        auto& lowest = beast::get_lowest_layer(m_ws);
        lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest.close();
        notify_closed(closed);
    }

    void notify_closed(const WebSocketClosed& closed) noexcept {
        auto peer = std::move(m_peer);
        if (!peer || !m_opened) {
            return;
        }
        try {
            peer->on_closed(closed);
        } catch (...) {
            std::fprintf(stderr, "telecentre-backend: a WebSocket peer failed while closing\n");
        }
    }

    // A peer that throws has a bug; the connection closes rather than the server thread dying.
    template <typename Call> void call_peer(Call&& call) noexcept {
        if (!m_peer) {
            return;
        }
        try {
            call();
        } catch (const std::exception& failure) {
            std::fprintf(stderr, "telecentre-backend: WebSocket peer failed: %s\n", failure.what());
            start_close(1011, "internal error");
        } catch (...) {
            std::fprintf(stderr, "telecentre-backend: WebSocket peer failed\n");
            start_close(1011, "internal error");
        }
    }

    websocket::stream<TlsStream> m_ws;
    beast::tcp_stream::executor_type m_strand;
    HttpsServer::Impl& m_server;
    RequestLogEntry m_upgrade_log;
    Clock::time_point m_accept_started;
    const WebSocketOptions m_options;
    std::shared_ptr<WebSocketPeer> m_peer;
    std::optional<WebSocketAcceptance::FirstMessageDeadline> m_first_message;
    asio::steady_timer m_ping_timer;
    asio::steady_timer m_deadline_timer;
    beast::flat_buffer m_read_buffer;
    Phase m_phase = Phase::accepting;
    bool m_opened = false;
    Deadline m_deadline = Deadline::handshake;
    std::uint64_t m_deadline_generation = 0;
    std::uint64_t m_ping_generation = 0;
    bool m_awaiting_pong = false;
    bool m_ping_in_flight = false;
    Clock::time_point m_ping_sent;
    WebSocketClosed m_close_info;

    // The outgoing queue is the one part shared with other threads (send_text).
    std::mutex m_queue_mutex;
    std::deque<SharedText> m_queue;
    std::size_t m_queued_bytes = 0;
    bool m_write_scheduled = false;
    bool m_sending = true;
};

} // namespace

void start_websocket_session(TlsStream stream, http::request<http::string_body> request, WebSocketAcceptance acceptance,
                             RequestLogEntry upgrade_log, HttpsServer::Impl& server) {
    auto session =
        std::make_shared<WebSocketSession>(std::move(stream), std::move(acceptance), std::move(upgrade_log), server);
    server.connection_started(session);
    session->start(std::move(request));
}

} // namespace telecentre::backend
