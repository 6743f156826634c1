// client_tls.hpp includes <utility> before Asio (DESIGN.md §5): it comes first.
#include "client_tls.hpp"
// Then this file's own header.
#include "telecentre/platform/live_client.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/live_codec.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <random>
#include <stop_token>
#include <thread>

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wnull-dereference"
#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>
#pragma GCC diagnostic pop

namespace telecentre::platform {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace ssl = asio::ssl;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// A connection that stayed up this long was a working link: the next drop starts the backoff
// from the beginning. A backend that accepts and closes at once keeps backing off instead.
constexpr auto kStableAfter = std::chrono::seconds(10);
constexpr std::size_t kOutgoingLimit = 256;
constexpr auto kCloseTimeout = std::chrono::seconds(1);

// One connection attempt and, once upgraded, the connection. Every handler holds it, so its
// stream outlives the operations started on it; a handler whose link is no longer the current
// one has nothing left to do.
struct Link {
    Link(asio::io_context& io, ssl::context& tls) : ws(io, tls) {}
    websocket::stream<BackendTlsStream> ws;
    beast::flat_buffer buffer;
    websocket::response_type upgrade;
    std::deque<std::string> outgoing;
    bool writing = false;
    bool upgraded = false;
    bool greeted = false;
    Clock::time_point greeted_at;
};

LiveStatus status_of(LiveState state, std::string reason = {}) {
    LiveStatus status;
    status.state = state;
    status.reason = std::move(reason);
    return status;
}

void close_socket(Link& link) {
    beast::error_code ignored;
    auto& lowest = beast::get_lowest_layer(link.ws);
    lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
    lowest.close();
}

} // namespace

struct LiveClient::Impl {
    LiveClientConfig config;
    MessageCallback on_message;
    StateCallback on_state;
    asio::io_context io;
    ssl::context tls{ssl::context::tls_client};
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    tcp::resolver resolver{io};
    asio::steady_timer timer{io}; // the wait before a retry, then the bound on the final close
    std::shared_ptr<Link> link;
    int attempt = 0;
    bool stopping = false;
    std::atomic<bool> connected{false};
    std::mt19937 random{std::random_device{}()};
    std::jthread thread; // last: joined before the members above are destroyed

    void run(const std::stop_token& stop) {
        std::stop_callback on_stop(stop, [this] { asio::post(io, [this] { shut_down(); }); });
        asio::post(io, [this] { connect(); });
        for (;;) {
            try {
                io.run();
                return;
            } catch (...) {
                // Callbacks are guarded; this is Asio running out of memory or the like. Keep
                // the thread: stop() relies on it to finish.
            }
        }
    }

    void report(LiveStatus status) {
        try {
            on_state(status);
        } catch (...) {
            // A failing observer must not take the channel down.
        }
    }

    void connect() {
        if (stopping) {
            return;
        }
        report(status_of(LiveState::connecting));
        resolver.async_resolve(config.host, config.port,
                               [this](beast::error_code error, const tcp::resolver::results_type& endpoints) {
                                   on_resolved(error, endpoints);
                               });
    }

    void on_resolved(beast::error_code error, const tcp::resolver::results_type& endpoints) {
        if (stopping) {
            return;
        }
        if (error) {
            return retry(status_of(LiveState::disconnected, "cannot resolve " + config.host + ": " + error.message()));
        }
        auto next = std::make_shared<Link>(io, tls);
        if (auto named = expect_backend_name(next->ws.next_layer(), config.host); !named) {
            return retry(status_of(LiveState::disconnected, named.error()));
        }
        link = next;
        auto& lowest = beast::get_lowest_layer(next->ws);
        lowest.expires_after(config.connect_timeout);
        lowest.async_connect(endpoints, [this, next](beast::error_code failed, const tcp::endpoint&) {
            if (next != link || stopping) {
                return;
            }
            if (failed) {
                return retry(status_of(LiveState::disconnected, "cannot connect to " + config.host + ":" + config.port +
                                                                    ": " + failed.message()));
            }
            beast::get_lowest_layer(next->ws).expires_after(config.connect_timeout);
            next->ws.next_layer().async_handshake(
                ssl::stream_base::client, [this, next](beast::error_code tls_error) { on_tls(next, tls_error); });
        });
    }

    void on_tls(const std::shared_ptr<Link>& current, beast::error_code error) {
        if (current != link || stopping) {
            return;
        }
        if (error) {
            return retry(
                status_of(LiveState::disconnected, error == beast::error::timeout
                                                       ? "the TLS handshake timed out"
                                                       : "the backend's certificate was refused: " + error.message()));
        }
        // From here Beast's WebSocket timeouts bound the upgrade, the close and a silent link.
        beast::get_lowest_layer(current->ws).expires_never();
        websocket::stream_base::timeout timeouts{};
        timeouts.handshake_timeout = config.connect_timeout;
        timeouts.idle_timeout = config.idle_timeout;
        // Beast does not count the backend's pings as activity (only data, and the answer to its
        // own ping): without pings of its own the link dropped every idle_timeout even though the
        // backend pinged every 20 s. With them, a ping goes out after half the idle time without
        // data, and no answer by the end of it means the link is dead.
        timeouts.keep_alive_pings = true;
        current->ws.set_option(timeouts);
        const bool header = config.auth == LiveAuthMode::header && !config.device_token.empty();
        current->ws.set_option(websocket::stream_base::decorator([this, header](websocket::request_type& request) {
            request.set(beast::http::field::user_agent, "telecentre-kiosk");
            if (header) {
                request.set(beast::http::field::authorization, "Bearer " + config.device_token);
            }
            for (const auto& [name, value] : config.extra_headers) {
                request.set(name, value);
            }
        }));
        current->ws.read_message_max(config.message_limit);
        current->ws.text(true);
        auto target = config.target;
        if (config.auth == LiveAuthMode::first_message) {
            target += (target.find('?') == std::string::npos ? "?" : "&") + std::string("auth=message");
        }
        const auto host = config.port == "443" ? config.host : config.host + ":" + config.port;
        current->ws.async_handshake(current->upgrade, host, target,
                                    [this, current](beast::error_code failed) { on_upgraded(current, failed); });
    }

    void on_upgraded(const std::shared_ptr<Link>& current, beast::error_code error) {
        if (current != link || stopping) {
            return;
        }
        if (error == websocket::error::upgrade_declined) {
            auto status = status_of(LiveState::disconnected);
            status.http_status = static_cast<int>(current->upgrade.result_int());
            status.reason = "the backend refused the connection: HTTP " + std::to_string(status.http_status);
            if (auto refusal = wire::decode_api_error(current->upgrade.body())) {
                status.reason += " " + refusal->code + ": " + refusal->message;
            }
            return retry(std::move(status));
        }
        if (error) {
            return retry(status_of(LiveState::disconnected, "the WebSocket upgrade failed: " + error.message()));
        }
        current->upgraded = true;
        if (config.auth == LiveAuthMode::first_message) {
            queue(current, wire::encode_live_auth(config.device_token));
        }
        read_next(current);
    }

    void read_next(const std::shared_ptr<Link>& current) {
        current->ws.async_read(current->buffer,
                               [this, current](beast::error_code error, std::size_t) { on_read(current, error); });
    }

    void on_read(const std::shared_ptr<Link>& current, beast::error_code error) {
        if (current != link || stopping) {
            return;
        }
        if (error == websocket::error::closed) {
            const auto& reason = current->ws.reason();
            auto status = status_of(LiveState::disconnected);
            status.close_code = reason.code;
            status.reason = "the backend closed the connection (" + std::to_string(reason.code) + ")";
            if (!reason.reason.empty()) {
                status.reason += ": " + std::string(reason.reason.data(), reason.reason.size());
            }
            return retry(std::move(status));
        }
        if (error) {
            return retry(status_of(LiveState::disconnected, error == beast::error::timeout
                                                                ? "nothing received from the backend in time"
                                                                : "connection lost: " + error.message()));
        }
        const auto data = current->buffer.cdata();
        const std::string_view text(static_cast<const char*>(data.data()), data.size());
        if (!current->greeted && wire::decode_live_hello(text)) {
            current->greeted = true;
            current->greeted_at = Clock::now();
            connected = true;
            report(status_of(LiveState::connected));
        }
        try {
            on_message(text);
        } catch (...) {
            // The message is lost for this observer; the channel goes on.
        }
        current->buffer.consume(current->buffer.size());
        read_next(current);
    }

    void queue(const std::shared_ptr<Link>& current, std::string text) {
        if (current != link || stopping || current->outgoing.size() >= kOutgoingLimit) {
            return;
        }
        current->outgoing.push_back(std::move(text));
        if (!current->writing) {
            write_next(current);
        }
    }

    void write_next(const std::shared_ptr<Link>& current) {
        if (current->outgoing.empty()) {
            current->writing = false;
            return;
        }
        current->writing = true;
        current->ws.async_write(
            asio::buffer(current->outgoing.front()), [this, current](beast::error_code error, std::size_t) {
                if (current != link || stopping) {
                    return;
                }
                current->outgoing.pop_front();
                if (error) {
                    return retry(status_of(LiveState::disconnected, "sending failed: " + error.message()));
                }
                write_next(current);
            });
    }

    void retry(LiveStatus status) {
        if (stopping) {
            return;
        }
        connected = false;
        if (link) {
            if (link->greeted && Clock::now() - link->greeted_at >= kStableAfter) {
                attempt = 0;
            }
            close_socket(*link);
            link.reset();
        }
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        status.state = LiveState::disconnected;
        status.retry_in = reconnect_delay(attempt, config.min_backoff, config.max_backoff, unit(random));
        attempt = std::min(attempt + 1, 30);
        report(status);
        timer.expires_after(status.retry_in);
        timer.async_wait([this](beast::error_code error) {
            if (!error && !stopping) {
                connect();
            }
        });
    }

    // On the client's thread, from stop(): a polite close when connected, bounded in time, then
    // nothing is left for io.run() and the thread ends.
    void shut_down() {
        if (stopping) {
            return;
        }
        stopping = true;
        connected = false;
        work.reset();
        resolver.cancel();
        timer.cancel();
        auto current = std::move(link);
        if (!current) {
            return;
        }
        if (!current->upgraded) {
            return close_socket(*current);
        }
        timer.expires_after(kCloseTimeout);
        timer.async_wait([current](beast::error_code error) {
            if (!error) {
                close_socket(*current);
            }
        });
        current->ws.async_close(websocket::close_reason(websocket::close_code::going_away, "the kiosk is stopping"),
                                [this, current](beast::error_code) {
                                    timer.cancel();
                                    close_socket(*current);
                                });
    }
};

std::expected<std::unique_ptr<LiveClient>, std::string>
LiveClient::start(LiveClientConfig config, MessageCallback on_message, StateCallback on_state) {
    if (config.host.empty() || config.port.empty()) {
        return std::unexpected("the live channel needs the backend's host and port");
    }
    if (config.min_backoff <= std::chrono::milliseconds(0) || config.max_backoff < config.min_backoff) {
        return std::unexpected("the reconnection backoff must be positive, its maximum above its minimum");
    }
    auto impl = std::make_unique<Impl>();
    impl->config = std::move(config);
    impl->on_message = on_message ? std::move(on_message) : [](std::string_view) {};
    impl->on_state = on_state ? std::move(on_state) : [](const LiveStatus&) {};
    if (auto configured = configure_backend_tls(impl->tls, impl->config.ca_file); !configured) {
        return std::unexpected(configured.error());
    }
    auto* raw = impl.get();
    impl->thread = std::jthread([raw](const std::stop_token& stop) { raw->run(stop); });
    return std::unique_ptr<LiveClient>(new LiveClient(std::move(impl)));
}

LiveClient::LiveClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

LiveClient::~LiveClient() { stop(); }

void LiveClient::stop() {
    auto& thread = m_impl->thread;
    if (!thread.joinable()) {
        return;
    }
    thread.request_stop();
    // From one of our own callbacks: the thread ends once the callback returns.
    if (thread.get_id() != std::this_thread::get_id()) {
        thread.join();
    }
}

bool LiveClient::send(std::string text) {
    if (!m_impl->connected.load()) {
        return false;
    }
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, text = std::move(text)]() mutable {
        if (impl->connected.load()) {
            impl->queue(impl->link, std::move(text));
        }
    });
    return true;
}

std::chrono::milliseconds reconnect_delay(int attempt, std::chrono::milliseconds min_backoff,
                                          std::chrono::milliseconds max_backoff, double unit) {
    auto ceiling = min_backoff * 2;
    for (int i = 0; i < attempt && ceiling < max_backoff; ++i) {
        ceiling *= 2;
    }
    ceiling = std::min(ceiling, max_backoff);
    const double part = std::clamp(unit, 0.0, 1.0);
    const auto half = ceiling / 2;
    return half + std::chrono::milliseconds(static_cast<std::int64_t>(static_cast<double>(half.count()) * part));
}

} // namespace telecentre::platform
