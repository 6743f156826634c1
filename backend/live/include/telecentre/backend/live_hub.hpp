#pragma once
// The live channel's hub: the open WebSocket sessions of authenticated kiosks, grouped by site,
// and of staff consoles; publishing JSON text messages to a site's kiosks, and sending to one
// connection by its id (call signalling). No transport here:
// sessions reach the hub through the HTTPS server's WebSocketPeer interface (websocket.hpp), and
// the API decides who may open one (docs/backend.md, "Live channel").
//
// Threading: every member function may be called from any thread. publish(), publish_all() and
// publish_staff() never wait for a client: a session that cannot keep up is closed instead (1013).

#include "telecentre/backend/websocket.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace telecentre::backend {

using ConnectionId = std::uint64_t;

enum class LivePeer { device, staff };

struct LiveIdentity {
    std::string device_id; // device: the kiosk; staff: empty
    std::string site_id;   // device: its site; staff: the animateur's site, or empty
    LivePeer peer = LivePeer::device;
    std::string staff_id;        // staff only
    std::string display_name;    // staff only: the name shown to visitors
    std::string staff_role;      // staff only: admin, animateur or reception
    ConnectionId connection = 0; // given by the hub once authenticated; unique for its lifetime

    [[nodiscard]] static LiveIdentity device(std::string device_id, std::string site_id) {
        return {std::move(device_id), std::move(site_id), LivePeer::device, {}, {}, {}, 0};
    }
    [[nodiscard]] static LiveIdentity staff(std::string staff_id, std::string display_name, std::string site_id = {}) {
        return {{}, std::move(site_id), LivePeer::staff, std::move(staff_id), std::move(display_name), "reception", 0};
    }
};

struct LiveAuthFailure {
    std::uint16_t close_code = 1008; // 1011 when the credentials could not be checked
    std::string reason;              // sent in the close frame: at most 123 bytes, no secret
};

// Checks the token of an {"type":"auth"} message, the same way as a bearer header.
using LiveAuthenticator = std::function<std::expected<LiveIdentity, LiveAuthFailure>(std::string_view token)>;

// Handles one message type the channel does not handle itself (call signalling). Called
// on the sender's connection thread with the whole message; an error is answered to the sender
// as {"type":"error","code":"refused","message":...}.
using LiveMessageHandler =
    std::function<std::expected<void, std::string>(const LiveIdentity& from, std::string_view message)>;
// Told of each authenticated session once it is registered (after its hello), and once it is gone.
using LiveSessionListener = std::function<void(const LiveIdentity& session)>;

// One line of the live log per session opened and closed. Carries no token and no message.
struct LiveLogEntry {
    enum class Event { opened, closed };
    Event event = Event::opened;
    std::string device_id; // empty for a connection that never authenticated
    std::string site_id;
    std::chrono::milliseconds duration{0}; // closed: since the upgrade
    std::uint16_t close_code = 0;          // closed: sent or received; 1006 when the link was lost
    std::string reason;                    // closed: who closed and why
};
using LiveLogger = std::function<void(const LiveLogEntry&)>;

// "<UTC time> live open device=<id> site=<site>" and
// "<UTC time> live close device=<id> site=<site> <s>s code=<code> reason="<why>"" on stderr.
void log_live_to_stderr(const LiveLogEntry& entry);

struct LiveOptions {
    // How long a connection that authenticates with its first message has to send it.
    std::chrono::milliseconds auth_timeout{5000};
};

// How many sessions a publish reached: queued for sending, or dropped because the session's
// queue was full (it is being closed) or it was closing already.
struct PublishResult {
    std::size_t queued = 0;
    std::size_t dropped = 0;
};

class LiveHub {
public:
    explicit LiveHub(LiveOptions options = {}, LiveLogger logger = {});
    ~LiveHub();
    LiveHub(const LiveHub&) = delete;
    LiveHub& operator=(const LiveHub&) = delete;

    // `json_text` is one JSON object with a "type" field; it is sent as is, in publish order,
    // to every authenticated kiosk of the site (of every site for publish_all); never to staff.
    PublishResult publish(std::string_view site_id, std::string json_text);
    PublishResult publish_all(std::string json_text);
    // The same, to every authenticated staff console (whatever its role or site): news for all
    // of them, such as the callback requests changing.
    PublishResult publish_staff(std::string json_text);
    // To one authenticated session; closed when it is gone (or closing).
    SendOutcome send_to(ConnectionId connection, std::string json_text);

    [[nodiscard]] std::size_t session_count() const;
    [[nodiscard]] std::size_t session_count(std::string_view site_id) const;

    // The extension point for later message types. The channel's own types (auth, ping, hello,
    // pong, error) cannot be taken over.
    [[nodiscard]] std::expected<void, std::string> add_message_handler(std::string type, LiveMessageHandler handler);
    // Listeners are called on the session's connection thread; add them before the server starts.
    void add_open_listener(LiveSessionListener listener);
    void add_close_listener(LiveSessionListener listener);

    // For the API's upgrade handler: a session for a device (or staff member) its request already
    // identified, or one that must send {"type":"auth","token":...} within auth_timeout.
    [[nodiscard]] WebSocketAcceptance accept(LiveIdentity identity);
    [[nodiscard]] WebSocketAcceptance accept_with_auth_message(LiveAuthenticator authenticate);

    struct State;

private:
    std::shared_ptr<State> m_state; // shared with the sessions, which may outlive the hub briefly
};

} // namespace telecentre::backend
