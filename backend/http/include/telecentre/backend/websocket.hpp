#pragma once
// WebSocket connections as the layers above the transport see them, without Boost.Beast: the
// server hands each accepted upgrade to a WebSocketPeer, which talks back through a
// WebSocketConnection. Close codes are RFC 6455's numbers (wire::LiveCloseCode names ours).

#include "telecentre/backend/http_types.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace telecentre::backend {

// One message shared by every connection it is sent to: publishing to a site copies it once.
using SharedText = std::shared_ptr<const std::string>;

enum class SendOutcome {
    queued,
    overflow, // the outgoing queue is full: the connection is being closed (1013)
    closed,   // the connection is closing or closed; the message is dropped
};

enum class MessageKind { text, binary };

struct WebSocketClosed {
    std::uint16_t code = 1006; // the close code sent or received; 1006 when the link was lost
    std::string reason;        // for the log: who closed and why
};

// The server side of one open WebSocket. Thread-safe: any thread may send or close, and neither
// call blocks nor calls back into the peer before returning.
class WebSocketConnection {
public:
    virtual ~WebSocketConnection() = default;
    // Queues a text message. The queue is bounded (WebSocketOptions); a send that would exceed
    // it closes the connection with 1013 instead of waiting for a slow reader.
    virtual SendOutcome send_text(SharedText text) = 0;
    // Starts the closing handshake; the connection is torn down if the client does not answer
    // within WebSocketOptions::close_timeout.
    virtual void close(std::uint16_t code, std::string reason) = 0;
};

// What runs one connection: the server calls it on the connection's strand, one call at a time,
// on_open first and on_closed exactly once last.
class WebSocketPeer {
public:
    virtual ~WebSocketPeer() = default;
    // The connection is kept alive by the server while it is open; keep a weak_ptr to it.
    virtual void on_open(const std::shared_ptr<WebSocketConnection>& connection) = 0;
    virtual void on_message(MessageKind kind, std::string_view payload) = 0;
    virtual void on_closed(const WebSocketClosed& closed) = 0;
};

// The answer to an upgrade request the server accepts.
struct WebSocketAcceptance {
    std::shared_ptr<WebSocketPeer> peer;
    std::string device_id; // for the request log; empty when the client authenticates later
    // When set, a connection whose first message has not arrived in time is closed with 1008.
    struct FirstMessageDeadline {
        std::chrono::milliseconds timeout{5000};
        std::string close_reason;
    };
    std::optional<FirstMessageDeadline> first_message;
};

// Decides an upgrade request: accept it with a peer, or refuse it with an HTTP answer (401...).
// Called on a server thread, like a RequestHandler.
using UpgradeHandler = std::function<std::expected<WebSocketAcceptance, HttpResponse>(const HttpRequest&)>;

struct WebSocketOptions {
    std::size_t message_limit = 64 * 1024; // incoming; larger ones close the connection (1009)
    std::size_t queue_messages = 4096;     // outgoing messages waiting for a slow reader
    std::size_t queue_bytes = 1024 * 1024; // and their total size
    std::chrono::milliseconds ping_interval{20'000};
    std::chrono::milliseconds pong_timeout{20'000}; // no pong by then: the connection is dropped
    std::chrono::milliseconds close_timeout{2'000}; // for the closing handshake, then tear down
};

} // namespace telecentre::backend
