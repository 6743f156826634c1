#pragma once
// Inside backend/live: the hub's state, shared with its sessions, and one session.

#include "telecentre/backend/live_hub.hpp"

#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace telecentre::backend {

class LiveSession;

struct LiveHub::State {
    LiveOptions options;
    LiveLogger logger;

    mutable std::mutex mutex;
    std::unordered_map<std::string, std::vector<std::shared_ptr<LiveSession>>> by_site; // kiosks
    std::unordered_map<ConnectionId, std::shared_ptr<LiveSession>> by_connection;       // everyone
    std::unordered_map<ConnectionId, std::shared_ptr<LiveSession>> staff;               // consoles
    std::size_t count = 0;
    ConnectionId last_connection = 0;
    std::unordered_map<std::string, LiveMessageHandler> handlers;
    std::vector<LiveSessionListener> open_listeners;
    std::vector<LiveSessionListener> close_listeners;

    // Registers the session and gives its identity a connection id.
    void add(const std::shared_ptr<LiveSession>& session, LiveIdentity& identity);
    void remove(const LiveSession* session, const LiveIdentity& identity);
    void tell(const std::vector<LiveSessionListener>& listeners, const LiveIdentity& identity) const noexcept;
    [[nodiscard]] LiveMessageHandler handler(const std::string& type) const;
    void log(const LiveLogEntry& entry) const noexcept;
};

// One live connection: authentication by header or first message, the hello, the channel's
// own message types, and delivery of what is published. WebSocketPeer calls arrive on the
// connection's strand; deliver() comes from publishers' threads.
class LiveSession final : public WebSocketPeer, public std::enable_shared_from_this<LiveSession> {
public:
    LiveSession(std::shared_ptr<LiveHub::State> hub, std::optional<LiveIdentity> identity,
                LiveAuthenticator authenticate);

    void on_open(const std::shared_ptr<WebSocketConnection>& connection) override;
    void on_message(MessageKind kind, std::string_view payload) override;
    void on_closed(const WebSocketClosed& closed) override;

    SendOutcome deliver(const SharedText& text) const;

private:
    void authenticate(MessageKind kind, std::string_view payload);
    void handle(MessageKind kind, std::string_view payload);
    void greet();
    void send(std::string text) const;
    void close(std::uint16_t code, std::string reason) const;

    std::shared_ptr<LiveHub::State> m_hub;
    std::optional<LiveIdentity> m_identity;
    LiveAuthenticator m_authenticate;
    // Written in on_open, before the session is registered: publishers read it after that.
    std::weak_ptr<WebSocketConnection> m_connection;
    std::chrono::steady_clock::time_point m_opened_at;
    bool m_registered = false;
};

} // namespace telecentre::backend
