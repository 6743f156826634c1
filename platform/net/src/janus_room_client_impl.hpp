#pragma once
// Inside platform/net: the state of a JanusRoomClient, shared by janus_room_client.cpp (the
// connection, the requests and the public side) and janus_room_client_events.cpp (what Janus
// says). Everything here runs on the client's thread, except what the public side posts to it
// and the counters (under their mutex).
//
// client_tls.hpp includes <utility> before Asio (DESIGN.md §5): it comes first.
#include "client_tls.hpp"
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

struct JanusRoomClient::Impl {
    using Clock = std::chrono::steady_clock;
    using PlainSocket = websocket::stream<beast::tcp_stream>;
    using TlsSocket = websocket::stream<BackendTlsStream>;
    static constexpr std::string_view kPlugin = "janus.plugin.videoroom";

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

    void close_socket();

    // Everything stops; io.run() returns once the cancelled operations have completed.
    void finish();

    void lose(const std::string& reason);

    std::string transaction();

    JanusEnvelope envelope(std::uint64_t handle) { return JanusEnvelope{transaction(), config.token, session, handle}; }

    std::uint64_t handle_of(JanusHandleRole role) const;

    // Sends one request and remembers what its answer completes.
    void request(const std::string& name, JanusHandleRole role, Waiting waiting, const JanusEnvelope& sent,
                 std::string text, std::function<void(const JanusMessage&)> on_success = {}) {
        pending[sent.transaction] =
            Pending{name, role, waiting, false, Clock::now() + config.request_timeout, std::move(on_success)};
        write(std::move(text));
    }

    void write(std::string text);

    void write_next();

    // ----------------------------------------------------------------------------- connection

    void run(const std::stop_token& stop);

    void connect();

    void on_resolved(const tcp::resolver::results_type& endpoints);

    void on_connected();

    void upgrade();

    void read_next();

    // Requests past their deadline mean a dead link; an acknowledged plugin request whose event
    // never came is only forgotten.
    void sweep();

    // --------------------------------------------------------------------------- the session

    void create_session();

    void keepalive();

    void attach(JanusHandleRole role);

    void send_join_publisher();

    void send_publish(const std::string& offer);

    void send_join_subscriber();

    void send_update();

    void send_candidate(JanusHandleRole role, const JanusCandidate& candidate);

    void flush_candidates(JanusHandleRole role);

    // ---------------------------------------------------------------------- public requests

    void publish(std::string offer);

    void subscribe(std::vector<JanusStreamRequest> streams);

    void unsubscribe(std::vector<JanusStreamRequest> streams);

    void start(std::string answer);

    // ------------------------------------------------------------------------------ leaving

    // The polite goodbye: leave the room, destroy the session, close the WebSocket; each bounded.
    void shut_down();

    void close_politely();

    // ------------------------------------------------------------------------------ receiving

    void on_message(const std::string& text);
    void on_plugin_event(const JanusMessage& message, JanusHandleRole role, const std::string& request_name);
    void on_core_event(const JanusMessage& message, JanusHandleRole role);
    void ignore(const std::string& why) {
        count([](JanusRoomStats& stats) { ++stats.messages_ignored; });
        log("ignored a message from Janus: " + why);
    }
};

} // namespace telecentre::platform
