#pragma once
// The kiosk's end of the live channel (wss://host/v1/live, docs/backend.md): one WebSocket over
// TLS to the backend, verified exactly like HttpsClient (same CA file, same host name check) and
// authenticated with the device token. It hands over every text message received, reconnects by
// itself with exponential backoff and jitter when the link drops, and reports its state.
// Beast and OpenSSL types stay in the .cpp.
//
// Threading: the client runs on its own thread; both callbacks are called there, one at a time,
// and should return quickly: while one runs nothing is read, and a backend whose messages are
// not read drops the connection. send() and stop() may be called from any other thread.

#include <chrono>
#include <cstddef>
#include <expected>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telecentre::platform {

enum class LiveAuthMode {
    header,        // Authorization: Bearer <token> on the upgrade request (kiosks)
    first_message, // /v1/live?auth=message, then {"type":"auth","token":...} (what a browser does)
};

enum class LiveState { connecting, connected, disconnected };

struct LiveStatus {
    LiveState state = LiveState::connecting;
    // disconnected only:
    std::string reason;                    // why, in words, for the kiosk's log
    int http_status = 0;                   // the backend refused the upgrade with this (401...)
    int close_code = 0;                    // the backend closed with this code
    std::chrono::milliseconds retry_in{0}; // when the next attempt starts
};

struct LiveClientConfig {
    std::string host; // name or address; checked against the certificate's subjectAltName
    std::string port = "443";
    std::string ca_file; // PEM bundle of the CA(s) the backend's certificate must chain to
    std::string target = "/v1/live";
    std::string device_token;
    LiveAuthMode auth = LiveAuthMode::header;
    std::chrono::milliseconds connect_timeout{3000}; // TCP connect, TLS handshake, upgrade: each
    // Nothing received for this long (the client pings after half of it) means the link is dead.
    std::chrono::milliseconds idle_timeout{60'000};
    std::chrono::milliseconds min_backoff{500};
    std::chrono::milliseconds max_backoff{30'000};
    std::size_t message_limit = 4 * 1024 * 1024; // larger incoming messages drop the connection
    // More headers on the upgrade request: a staff console's session cookie and its Origin, for
    // tools and tests that stand in for the browser console.
    std::vector<std::pair<std::string, std::string>> extra_headers;
};

class LiveClient {
public:
    using MessageCallback = std::function<void(std::string_view text)>;
    // connecting, then connected once the backend's hello has arrived (it is delivered to the
    // message callback too), disconnected with the reason and the wait before the next attempt.
    using StateCallback = std::function<void(const LiveStatus& status)>;

    // Checks the configuration and the CA file, then starts connecting on the client's thread.
    [[nodiscard]] static std::expected<std::unique_ptr<LiveClient>, std::string>
    start(LiveClientConfig config, MessageCallback on_message, StateCallback on_state);
    ~LiveClient(); // stops
    LiveClient(const LiveClient&) = delete;
    LiveClient& operator=(const LiveClient&) = delete;

    // Closes the connection (1001) and joins the thread; waits for a callback that is running.
    void stop();
    // Queues a text message for the backend. False when not connected: nothing is kept for a
    // later connection.
    bool send(std::string text);

    struct Impl;

private:
    explicit LiveClient(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// The wait before reconnection attempt `attempt` (0 for the first after a drop): a ceiling that
// doubles from 2 x min_backoff up to max_backoff, and a random point in its upper half, so that
// the kiosks of a network do not all come back at the same instant. `unit` is in [0, 1).
[[nodiscard]] std::chrono::milliseconds reconnect_delay(int attempt, std::chrono::milliseconds min_backoff,
                                                        std::chrono::milliseconds max_backoff, double unit);

} // namespace telecentre::platform
