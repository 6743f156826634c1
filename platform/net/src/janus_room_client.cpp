// client_tls.hpp includes <utility> before Asio (DESIGN.md §5): it comes first.
#include "client_tls.hpp"
// Then this file's own header.
#include "telecentre/platform/janus_room_client.hpp"

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <random>
#include <stop_token>
#include <thread>
#include <unordered_map>
#include <variant>

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

constexpr std::string_view kPlugin = "janus.plugin.videoroom";
constexpr std::size_t kOutgoingLimit = 1024;
constexpr std::size_t kQueuedCandidatesLimit = 256;
constexpr auto kSweepPeriod = std::chrono::milliseconds(250);

using PlainSocket = websocket::stream<beast::tcp_stream>;
using TlsSocket = websocket::stream<BackendTlsStream>;

// What an answer to a request completes.
enum class Waiting {
    answer, // create, attach, destroy: success or error
    ack,    // keepalive, trickle: ack or error
    plugin, // a VideoRoom request: ack, then an event with the same transaction
};

struct Pending {
    std::string request;
    JanusHandleRole role = JanusHandleRole::publisher;
    Waiting waiting = Waiting::answer;
    bool acked = false;
    Clock::time_point deadline;
    std::function<void(const JanusMessage&)> on_success;
};

enum class Phase { connecting, open, leaving, finished };
enum class Subscription { none, attaching, attached, joining, joined };

std::string event_name(const VideoRoomEvent& event) {
    if (const auto* other = std::get_if<VideoRoomOther>(&event)) {
        return other->name;
    }
    return "#" + std::to_string(event.index());
}

std::string without_a_prefix(std::string candidate) {
    if (candidate.starts_with("a=")) {
        candidate.erase(0, 2);
    }
    return candidate;
}

} // namespace

struct JanusRoomClient::Impl {
    JanusRoomConfig config;
    JanusUrl url;
    JanusRoomCallbacks callbacks;
    asio::io_context io;
    ssl::context tls{ssl::context::tls_client};
    asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
    tcp::resolver resolver{io};
    asio::steady_timer keepalive_timer{io};
    asio::steady_timer sweep_timer{io};
    asio::steady_timer close_timer{io};
    std::variant<std::monostate, std::unique_ptr<PlainSocket>, std::unique_ptr<TlsSocket>> socket;
    beast::flat_buffer buffer;
    std::deque<std::string> outgoing;
    bool writing = false;
    Phase phase = Phase::connecting;
    std::unordered_map<std::string, Pending> pending;
    // Plugin requests whose event came before their ack: Janus's plugin thread can answer before
    // the core acknowledges, so a late ack for one of these is expected, not foreign.
    std::deque<std::string> answered_before_ack;
    std::mt19937_64 random{std::random_device{}()};

    std::uint64_t session = 0;
    std::uint64_t publisher_handle = 0;
    std::uint64_t subscriber_handle = 0;
    bool joined = false;
    bool published = false;
    bool room_destroyed = false;
    std::uint64_t own_id = 0;
    std::uint64_t private_id = 0;
    std::optional<std::string> offer_waiting; // publish() before the join completed
    Subscription subscription = Subscription::none;
    std::vector<JanusStreamRequest> subscribe_waiting;
    std::vector<JanusStreamRequest> unsubscribe_waiting;
    std::vector<JanusCandidate> candidates_waiting[2];

    std::atomic<bool> silenced{false}; // leave() was called: no more callbacks
    mutable std::mutex stats_mutex;
    JanusRoomStats counters;
    std::jthread thread; // last: joined before the members above are destroyed

    // ------------------------------------------------------------------------------- plumbing

    template <typename Function, typename... Arguments> void emit(const Function& callback, Arguments&&... arguments) {
        if (silenced.load() || !callback) {
            return;
        }
        try {
            callback(std::forward<Arguments>(arguments)...);
        } catch (...) {
            // A failing observer must not take the signalling down.
        }
    }

    void log(const std::string& message) { emit(callbacks.on_log, message); }

    void count(const std::function<void(JanusRoomStats&)>& change) {
        std::lock_guard lock{stats_mutex};
        change(counters);
    }

    template <typename Function> void with_socket(const Function& function) {
        if (auto* plain = std::get_if<std::unique_ptr<PlainSocket>>(&socket); plain != nullptr && *plain) {
            function(**plain);
        } else if (auto* secure = std::get_if<std::unique_ptr<TlsSocket>>(&socket); secure != nullptr && *secure) {
            function(**secure);
        }
    }

    void close_socket() {
        with_socket([](auto& ws) {
            beast::error_code ignored;
            auto& lowest = beast::get_lowest_layer(ws);
            lowest.socket().shutdown(tcp::socket::shutdown_both, ignored);
            lowest.close();
        });
    }

    // Everything stops; io.run() returns once the cancelled operations have completed.
    void finish() {
        phase = Phase::finished;
        keepalive_timer.cancel();
        sweep_timer.cancel();
        close_timer.cancel();
        resolver.cancel();
        close_socket();
        pending.clear();
        outgoing.clear();
        work.reset();
    }

    void lose(const std::string& reason) {
        if (phase == Phase::finished) {
            return;
        }
        const bool report = phase != Phase::leaving;
        finish();
        if (report) {
            emit(callbacks.on_lost, reason);
        }
    }

    std::string transaction() {
        static constexpr char kHex[] = "0123456789abcdef";
        std::string id(16, '0');
        auto bits = random();
        for (auto& digit : id) {
            digit = kHex[bits & 0xF];
            bits >>= 4;
        }
        return id;
    }

    JanusEnvelope envelope(std::uint64_t handle) { return JanusEnvelope{transaction(), config.token, session, handle}; }

    std::uint64_t handle_of(JanusHandleRole role) const {
        return role == JanusHandleRole::publisher ? publisher_handle : subscriber_handle;
    }

    // Sends one request and remembers what its answer completes.
    void request(const std::string& name, JanusHandleRole role, Waiting waiting, const JanusEnvelope& sent,
                 std::string text, std::function<void(const JanusMessage&)> on_success = {}) {
        pending[sent.transaction] =
            Pending{name, role, waiting, false, Clock::now() + config.request_timeout, std::move(on_success)};
        write(std::move(text));
    }

    void write(std::string text) {
        if (phase == Phase::finished) {
            return;
        }
        if (outgoing.size() >= kOutgoingLimit) {
            return lose("too many requests waiting to be sent to Janus");
        }
        outgoing.push_back(std::move(text));
        if (!writing) {
            write_next();
        }
    }

    void write_next() {
        if (outgoing.empty() || phase == Phase::finished) {
            writing = false;
            return;
        }
        writing = true;
        with_socket([this](auto& ws) {
            ws.async_write(asio::buffer(outgoing.front()), [this](beast::error_code error, std::size_t) {
                if (phase == Phase::finished) {
                    return;
                }
                outgoing.pop_front();
                if (error) {
                    return lose("sending to Janus failed: " + error.message());
                }
                write_next();
            });
        });
    }

    // ----------------------------------------------------------------------------- connection

    void run(const std::stop_token& stop) {
        std::stop_callback on_stop(stop, [this] { asio::post(io, [this] { shut_down(); }); });
        asio::post(io, [this] { connect(); });
        for (;;) {
            try {
                io.run();
                return;
            } catch (...) {
                // Handlers are guarded; this is Asio running out of memory or the like. Keep
                // the thread: leave() relies on it to finish.
            }
        }
    }

    void connect() {
        if (phase != Phase::connecting) {
            return;
        }
        resolver.async_resolve(url.host, url.port,
                               [this](beast::error_code error, const tcp::resolver::results_type& endpoints) {
                                   if (phase != Phase::connecting) {
                                       return;
                                   }
                                   if (error) {
                                       return lose("cannot resolve " + url.host + ": " + error.message());
                                   }
                                   on_resolved(endpoints);
                               });
    }

    void on_resolved(const tcp::resolver::results_type& endpoints) {
        if (url.transport == JanusTransport::tls) {
            auto secure = std::make_unique<TlsSocket>(io, tls);
            if (auto named = expect_backend_name(secure->next_layer(), url.host); !named) {
                return lose(named.error());
            }
            socket = std::move(secure);
        } else {
            socket = std::make_unique<PlainSocket>(io);
        }
        with_socket([this, &endpoints](auto& ws) {
            auto& lowest = beast::get_lowest_layer(ws);
            lowest.expires_after(config.connect_timeout);
            lowest.async_connect(endpoints, [this](beast::error_code error, const tcp::endpoint&) {
                if (phase != Phase::connecting) {
                    return;
                }
                if (error) {
                    return lose("cannot connect to Janus at " + url.host + ":" + url.port + ": " + error.message());
                }
                on_connected();
            });
        });
    }

    void on_connected() {
        if (auto* secure = std::get_if<std::unique_ptr<TlsSocket>>(&socket); secure != nullptr && *secure) {
            beast::get_lowest_layer(**secure).expires_after(config.connect_timeout);
            (*secure)->next_layer().async_handshake(ssl::stream_base::client, [this](beast::error_code error) {
                if (phase != Phase::connecting) {
                    return;
                }
                if (error) {
                    return lose(error == beast::error::timeout ? "the TLS handshake with Janus timed out"
                                                               : "Janus's certificate was refused: " + error.message());
                }
                upgrade();
            });
            return;
        }
        upgrade();
    }

    void upgrade() {
        with_socket([this](auto& ws) {
            beast::get_lowest_layer(ws).expires_never();
            websocket::stream_base::timeout timeouts{};
            timeouts.handshake_timeout = config.connect_timeout;
            timeouts.idle_timeout = websocket::stream_base::none();
            timeouts.keep_alive_pings = false;
            ws.set_option(timeouts);
            ws.set_option(websocket::stream_base::decorator([](websocket::request_type& request) {
                request.set(beast::http::field::user_agent, "telecentre-room-terminal");
                request.set(beast::http::field::sec_websocket_protocol, "janus-protocol");
            }));
            ws.read_message_max(config.message_limit);
            ws.text(true);
            const bool default_port = url.port == (url.transport == JanusTransport::tls ? "443" : "80");
            const auto host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
            ws.async_handshake(default_port ? host : host + ":" + url.port, url.target,
                               [this](beast::error_code error) {
                                   if (phase != Phase::connecting) {
                                       return;
                                   }
                                   if (error) {
                                       return lose("the WebSocket upgrade to Janus failed: " + error.message());
                                   }
                                   phase = Phase::open;
                                   read_next();
                                   sweep();
                                   create_session();
                               });
        });
    }

    void read_next() {
        with_socket([this](auto& ws) {
            ws.async_read(buffer, [this](beast::error_code error, std::size_t) {
                if (phase == Phase::finished) {
                    return;
                }
                if (error) {
                    return lose(error == websocket::error::closed ? "Janus closed the WebSocket"
                                : error == websocket::error::message_too_big
                                    ? "Janus sent a message over the size limit"
                                    : "the WebSocket to Janus was lost: " + error.message());
                }
                const auto data = buffer.cdata();
                const std::string text(static_cast<const char*>(data.data()), data.size());
                buffer.consume(buffer.size());
                on_message(text);
                if (phase != Phase::finished) {
                    read_next();
                }
            });
        });
    }

    // Requests past their deadline mean a dead link; an acknowledged plugin request whose event
    // never came is only forgotten.
    void sweep() {
        sweep_timer.expires_after(kSweepPeriod);
        sweep_timer.async_wait([this](beast::error_code error) {
            if (error || phase == Phase::finished) {
                return;
            }
            const auto now = Clock::now();
            for (auto entry = pending.begin(); entry != pending.end();) {
                if (entry->second.deadline > now) {
                    ++entry;
                } else if (entry->second.acked) {
                    entry = pending.erase(entry);
                } else {
                    return lose("Janus did not answer \"" + entry->second.request + "\" in time");
                }
            }
            sweep();
        });
    }

    // --------------------------------------------------------------------------- the session

    void create_session() {
        const auto sent = envelope(0);
        request("create", JanusHandleRole::publisher, Waiting::answer, sent, encode_janus_create(sent),
                [this](const JanusMessage& answer) {
                    if (!answer.data_id) {
                        return lose("Janus's answer to \"create\" has no session id");
                    }
                    session = *answer.data_id;
                    count([this](JanusRoomStats& stats) { stats.session_id = session; });
                    keepalive();
                    attach(JanusHandleRole::publisher);
                });
    }

    void keepalive() {
        keepalive_timer.expires_after(config.keepalive_interval);
        keepalive_timer.async_wait([this](beast::error_code error) {
            if (error || phase != Phase::open) {
                return;
            }
            const auto sent = envelope(0);
            request("keepalive", JanusHandleRole::publisher, Waiting::ack, sent, encode_janus_keepalive(sent));
            count([](JanusRoomStats& stats) { ++stats.keepalives_sent; });
            keepalive();
        });
    }

    void attach(JanusHandleRole role) {
        const auto sent = envelope(0);
        request("attach", role, Waiting::answer, sent, encode_janus_attach(sent, kPlugin),
                [this, role](const JanusMessage& answer) {
                    if (!answer.data_id) {
                        return lose("Janus's answer to \"attach\" has no handle id");
                    }
                    if (role == JanusHandleRole::publisher) {
                        publisher_handle = *answer.data_id;
                        send_join_publisher();
                    } else {
                        subscriber_handle = *answer.data_id;
                        subscription = Subscription::attached;
                        send_join_subscriber();
                    }
                    flush_candidates(role);
                });
    }

    void send_join_publisher() {
        const auto sent = envelope(publisher_handle);
        request("join", JanusHandleRole::publisher, Waiting::plugin, sent,
                encode_join_publisher(sent, config.room, config.pin, config.display));
    }

    void send_publish(const std::string& offer) {
        const auto sent = envelope(publisher_handle);
        const auto step = published ? JanusPublishStep::again : JanusPublishStep::first;
        request(published ? "configure" : "publish", JanusHandleRole::publisher, Waiting::plugin, sent,
                encode_publish(sent, step, config.display, offer));
        published = true;
    }

    void send_join_subscriber() {
        if (subscribe_waiting.empty()) {
            return; // attached; the join waits for streams to ask for
        }
        const auto sent = envelope(subscriber_handle);
        request("subscribe", JanusHandleRole::subscriber, Waiting::plugin, sent,
                encode_join_subscriber(sent, config.room, config.pin, private_id, subscribe_waiting));
        subscribe_waiting.clear();
        subscription = Subscription::joining;
    }

    void send_update() {
        if (subscribe_waiting.empty() && unsubscribe_waiting.empty()) {
            return;
        }
        const auto sent = envelope(subscriber_handle);
        request("update", JanusHandleRole::subscriber, Waiting::plugin, sent,
                encode_update_subscription(sent, subscribe_waiting, unsubscribe_waiting));
        subscribe_waiting.clear();
        unsubscribe_waiting.clear();
    }

    void send_candidate(JanusHandleRole role, const JanusCandidate& candidate) {
        const auto handle = handle_of(role);
        if (handle == 0) {
            if (candidates_waiting[static_cast<std::size_t>(role)].size() < kQueuedCandidatesLimit) {
                candidates_waiting[static_cast<std::size_t>(role)].push_back(candidate);
            }
            return;
        }
        const auto sent = envelope(handle);
        request("trickle", role, Waiting::ack, sent, encode_janus_trickle(sent, candidate));
    }

    void flush_candidates(JanusHandleRole role) {
        auto waiting = std::move(candidates_waiting[static_cast<std::size_t>(role)]);
        candidates_waiting[static_cast<std::size_t>(role)].clear();
        for (const auto& candidate : waiting) {
            send_candidate(role, candidate);
        }
    }

    // ---------------------------------------------------------------------- public requests

    void publish(std::string offer) {
        if (phase != Phase::open) {
            return;
        }
        if (!joined) {
            offer_waiting = std::move(offer);
            return;
        }
        send_publish(offer);
    }

    void subscribe(std::vector<JanusStreamRequest> streams) {
        if (phase != Phase::open || streams.empty()) {
            return;
        }
        subscribe_waiting.insert(subscribe_waiting.end(), streams.begin(), streams.end());
        if (!joined) {
            return; // the subscription needs our private id: it starts once joined
        }
        switch (subscription) {
        case Subscription::none:
            subscription = Subscription::attaching;
            attach(JanusHandleRole::subscriber);
            break;
        case Subscription::attached: send_join_subscriber(); break;
        case Subscription::joined: send_update(); break;
        case Subscription::attaching:
        case Subscription::joining: break; // sent once the handle has joined
        }
    }

    void unsubscribe(std::vector<JanusStreamRequest> streams) {
        if (phase != Phase::open || streams.empty()) {
            return;
        }
        if (subscription != Subscription::joined && subscription != Subscription::joining) {
            // Nothing was asked of Janus yet: drop those feeds from what will be.
            std::erase_if(subscribe_waiting, [&streams](const JanusStreamRequest& waiting) {
                return std::ranges::any_of(streams, [&waiting](const JanusStreamRequest& gone) {
                    return gone.feed == waiting.feed && (gone.mid.empty() || gone.mid == waiting.mid);
                });
            });
            return;
        }
        unsubscribe_waiting.insert(unsubscribe_waiting.end(), streams.begin(), streams.end());
        if (subscription == Subscription::joined) {
            send_update();
        }
    }

    void start(std::string answer) {
        if (phase != Phase::open || subscriber_handle == 0) {
            return;
        }
        const auto sent = envelope(subscriber_handle);
        request("start", JanusHandleRole::subscriber, Waiting::plugin, sent, encode_start(sent, answer));
    }

    // ------------------------------------------------------------------------------ leaving

    // The polite goodbye: leave the room, destroy the session, close the WebSocket; each bounded.
    void shut_down() {
        silenced = true;
        if (phase == Phase::finished) {
            return;
        }
        if (phase != Phase::open || session == 0) {
            return finish();
        }
        phase = Phase::leaving;
        keepalive_timer.cancel();
        if (publisher_handle != 0) {
            const auto sent = envelope(publisher_handle);
            write(encode_leave(sent));
        }
        const auto sent = envelope(0);
        request("destroy", JanusHandleRole::publisher, Waiting::answer, sent, encode_janus_destroy(sent),
                [this](const JanusMessage&) { close_politely(); });
        close_timer.expires_after(config.request_timeout);
        close_timer.async_wait([this](beast::error_code error) {
            if (!error) {
                finish();
            }
        });
    }

    void close_politely() {
        with_socket([this](auto& ws) {
            ws.async_close(websocket::close_code::normal, [this](beast::error_code) { finish(); });
        });
    }

    // ------------------------------------------------------------------------------ receiving

    void on_message(const std::string& text);
    void on_plugin_event(const JanusMessage& message, JanusHandleRole role, const std::string& request_name);
    void on_core_event(const JanusMessage& message, JanusHandleRole role);
    void ignore(const std::string& why) {
        count([](JanusRoomStats& stats) { ++stats.messages_ignored; });
        log("ignored a message from Janus: " + why);
    }
};

void JanusRoomClient::Impl::on_message(const std::string& text) {
    count([](JanusRoomStats& stats) { ++stats.messages_received; });
    const auto message = decode_janus_message(text);
    if (message.kind == JanusKind::malformed) {
        return ignore(message.problem);
    }
    if (message.session_id != 0 && session != 0 && message.session_id != session) {
        return ignore("a message for another session");
    }
    std::string request_name;
    if (!message.transaction.empty()) {
        const auto entry = pending.find(message.transaction);
        if (entry == pending.end()) {
            if (message.kind == JanusKind::ack &&
                std::ranges::find(answered_before_ack, message.transaction) != answered_before_ack.end()) {
                return;
            }
            if (message.kind != JanusKind::event) {
                return ignore("an answer to no request of ours (\"" + message.janus + "\")");
            }
            // An event carrying the transaction of a request already forgotten: still an event.
        } else {
            auto& waiting = entry->second;
            request_name = waiting.request;
            const auto role = waiting.role;
            switch (message.kind) {
            case JanusKind::ack:
                if (waiting.request == "keepalive") {
                    count([](JanusRoomStats& stats) { ++stats.keepalives_acked; });
                }
                if (waiting.waiting == Waiting::plugin) {
                    // The event with the same transaction follows, maybe much later ("update"
                    // postponed while a negotiation runs): the link is fine meanwhile.
                    waiting.acked = true;
                    waiting.deadline = Clock::now() + 6 * config.request_timeout;
                } else {
                    pending.erase(entry);
                }
                return;
            case JanusKind::error: {
                pending.erase(entry);
                emit(callbacks.on_error,
                     JanusRequestError{request_name, role, message.error_code, message.error_reason});
                // Without a session or a handle the client can do nothing more.
                if (request_name == "create" || request_name == "attach") {
                    lose("Janus refused \"" + request_name + "\": " + std::to_string(message.error_code) + " " +
                         message.error_reason);
                } else if (request_name == "destroy") {
                    close_politely();
                }
                return;
            }
            case JanusKind::success: {
                auto on_success = std::move(waiting.on_success);
                pending.erase(entry);
                if (on_success) {
                    on_success(message);
                }
                return;
            }
            default:
                if (!waiting.acked) {
                    answered_before_ack.push_back(message.transaction);
                    if (answered_before_ack.size() > 32) {
                        answered_before_ack.pop_front();
                    }
                }
                pending.erase(entry);
                break;
            }
        }
    }
    JanusHandleRole role = JanusHandleRole::publisher;
    if (message.kind == JanusKind::timeout) {
        return lose("Janus ended the session (timeout)");
    }
    if (message.sender != 0 && message.sender == publisher_handle) {
        role = JanusHandleRole::publisher;
    } else if (message.sender != 0 && message.sender == subscriber_handle) {
        role = JanusHandleRole::subscriber;
    } else {
        return ignore("\"" + message.janus + "\" from a handle that is not ours");
    }
    if (message.kind == JanusKind::event) {
        if (message.plugin != kPlugin) {
            return ignore("an event from another plugin");
        }
        return on_plugin_event(message, role, request_name);
    }
    on_core_event(message, role);
}

void JanusRoomClient::Impl::on_plugin_event(const JanusMessage& message, JanusHandleRole role,
                                            const std::string& request_name) {
    const auto& event = message.videoroom;
    if (const auto* error = std::get_if<VideoRoomError>(&event)) {
        if (role == JanusHandleRole::subscriber && subscription == Subscription::joining) {
            subscription = Subscription::attached; // the next subscribe() joins again
        }
        const auto name = request_name.empty() ? std::string("event") : request_name;
        return emit(callbacks.on_error, JanusRequestError{name, role, error->code, error->reason});
    }
    if (const auto* destroyed = std::get_if<VideoRoomDestroyed>(&event)) {
        if (!room_destroyed && (destroyed->room == 0 || destroyed->room == config.room)) {
            room_destroyed = true;
            emit(callbacks.on_room_destroyed);
        }
        return;
    }
    if (role == JanusHandleRole::subscriber) {
        if (const auto* subscription_event = std::get_if<VideoRoomSubscription>(&event)) {
            if (subscription_event->first) {
                subscription = Subscription::joined;
            }
            if (message.jsep && message.jsep->type == "offer") {
                emit(callbacks.on_subscriber_offer,
                     JanusSubscriberOffer{subscription_event->first, message.jsep->sdp, subscription_event->streams});
            }
            if (subscription_event->first) {
                send_update(); // what was asked while joining
            }
            return;
        }
        if (message.jsep && message.jsep->type == "offer") {
            // An offer Janus sends by itself (a feed gone), whatever the event says with it.
            return emit(callbacks.on_subscriber_offer, JanusSubscriberOffer{false, message.jsep->sdp, {}});
        }
        if (!std::holds_alternative<VideoRoomStarted>(event) && !std::holds_alternative<VideoRoomUpdating>(event)) {
            log("the subscriber's event \"" + event_name(event) + "\" needs nothing");
        }
        return;
    }
    if (const auto* joined_event = std::get_if<VideoRoomJoined>(&event)) {
        joined = true;
        own_id = joined_event->id;
        private_id = joined_event->private_id;
        JanusJoined report{own_id, private_id, {}};
        for (const auto& publisher : joined_event->publishers) {
            if (!publisher.dummy && publisher.id != own_id) {
                report.publishers.push_back(publisher);
            }
        }
        emit(callbacks.on_joined, report);
        if (offer_waiting) {
            auto offer = std::move(*offer_waiting);
            offer_waiting.reset();
            send_publish(offer);
        }
        if (!subscribe_waiting.empty() && subscription == Subscription::none) {
            subscription = Subscription::attaching;
            attach(JanusHandleRole::subscriber);
        }
        return;
    }
    if (message.jsep && message.jsep->type == "answer") {
        emit(callbacks.on_publisher_answer, message.jsep->sdp);
    }
    if (const auto* publishers = std::get_if<VideoRoomPublishers>(&event)) {
        std::vector<JanusPublisher> others;
        for (const auto& publisher : publishers->publishers) {
            if (!publisher.dummy && publisher.id != own_id) {
                others.push_back(publisher);
            }
        }
        if (!others.empty()) {
            emit(callbacks.on_publishers, others);
        }
    } else if (const auto* gone = std::get_if<VideoRoomGone>(&event)) {
        if (gone->id != own_id) {
            emit(callbacks.on_publisher_gone, gone->id, gone->how);
        }
    } else if (const auto* joining = std::get_if<VideoRoomJoining>(&event)) {
        emit(callbacks.on_joining, joining->id, joining->display);
    } else if (const auto* talking = std::get_if<VideoRoomTalking>(&event)) {
        emit(callbacks.on_talking, talking->id, talking->state);
    }
}

void JanusRoomClient::Impl::on_core_event(const JanusMessage& message, JanusHandleRole role) {
    JanusMediaEvent event;
    switch (message.kind) {
    case JanusKind::trickle:
        count([](JanusRoomStats& stats) { ++stats.remote_candidates; });
        return emit(callbacks.on_remote_candidate, role, message.candidate);
    case JanusKind::webrtcup: event.kind = JanusMediaEventKind::webrtcup; break;
    case JanusKind::media: event.kind = JanusMediaEventKind::media; break;
    case JanusKind::slowlink: event.kind = JanusMediaEventKind::slowlink; break;
    case JanusKind::hangup: event.kind = JanusMediaEventKind::hangup; break;
    case JanusKind::detached:
        event.kind = JanusMediaEventKind::detached;
        if (role == JanusHandleRole::subscriber) {
            subscriber_handle = 0;
            subscription = Subscription::none;
        }
        break;
    default: return ignore("\"" + message.janus + "\" is not handled");
    }
    event.media_type = message.media_type;
    event.mid = message.mid;
    event.receiving = message.receiving;
    event.uplink = message.uplink;
    event.lost = message.lost;
    event.reason = message.reason;
    emit(callbacks.on_media, role, event);
}

// ------------------------------------------------------------------------------- the public side

std::expected<std::unique_ptr<JanusRoomClient>, std::string> JanusRoomClient::connect(JanusRoomConfig config,
                                                                                      JanusRoomCallbacks callbacks) {
    auto url = parse_janus_url(config.url);
    if (!url) {
        return std::unexpected(url.error());
    }
    if (config.room == 0) {
        return std::unexpected("the Janus room number is missing");
    }
    if (config.keepalive_interval <= std::chrono::milliseconds(0) ||
        config.request_timeout <= std::chrono::milliseconds(0) ||
        config.connect_timeout <= std::chrono::milliseconds(0)) {
        return std::unexpected("the Janus client's intervals and timeouts must be positive");
    }
    auto impl = std::make_unique<Impl>();
    if (url->transport == JanusTransport::tls) {
        if (auto configured = configure_backend_tls(impl->tls, config.ca_file); !configured) {
            return std::unexpected(configured.error());
        }
    }
    impl->url = std::move(*url);
    impl->config = std::move(config);
    impl->callbacks = std::move(callbacks);
    auto* raw = impl.get();
    impl->thread = std::jthread([raw](const std::stop_token& stop) { raw->run(stop); });
    return std::unique_ptr<JanusRoomClient>(new JanusRoomClient(std::move(impl)));
}

JanusRoomClient::JanusRoomClient(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

JanusRoomClient::~JanusRoomClient() { leave(); }

void JanusRoomClient::leave() {
    auto& thread = m_impl->thread;
    if (!thread.joinable()) {
        return;
    }
    m_impl->silenced = true;
    thread.request_stop();
    // From one of our own callbacks: the thread ends once the goodbye is done.
    if (thread.get_id() != std::this_thread::get_id()) {
        thread.join();
    }
}

void JanusRoomClient::publish(std::string offer_sdp) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, offer = std::move(offer_sdp)]() mutable { impl->publish(std::move(offer)); });
}

void JanusRoomClient::subscribe(std::vector<JanusStreamRequest> streams) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, list = std::move(streams)]() mutable { impl->subscribe(std::move(list)); });
}

void JanusRoomClient::unsubscribe(std::vector<JanusStreamRequest> streams) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, list = std::move(streams)]() mutable { impl->unsubscribe(std::move(list)); });
}

void JanusRoomClient::start(std::string answer_sdp) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, answer = std::move(answer_sdp)]() mutable { impl->start(std::move(answer)); });
}

void JanusRoomClient::trickle(JanusHandleRole role, unsigned mline_index, std::string mid, std::string candidate) {
    JanusCandidate item;
    item.mline_index = mline_index;
    item.mid = std::move(mid);
    item.candidate = without_a_prefix(std::move(candidate));
    if (item.candidate.empty()) {
        return trickle_completed(role);
    }
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, role, item = std::move(item)] {
        if (impl->phase == Phase::open) {
            impl->send_candidate(role, item);
        }
    });
}

void JanusRoomClient::trickle_completed(JanusHandleRole role) {
    auto* impl = m_impl.get();
    asio::post(impl->io, [impl, role] {
        if (impl->phase == Phase::open) {
            JanusCandidate completed;
            completed.completed = true;
            impl->send_candidate(role, completed);
        }
    });
}

JanusRoomStats JanusRoomClient::stats() const {
    std::lock_guard lock{m_impl->stats_mutex};
    return m_impl->counters;
}

} // namespace telecentre::platform
