#pragma once
// A small synchronous WebSocket client for the live channel's tests, able to misbehave: send
// anything, stop reading, never answer pings (it answers only while reading). Verifies the test
// CA and the address 127.0.0.1 like HttpsClient; every wait is bounded, so a broken server fails
// a test instead of hanging it. Beast stays in the .cpp.

#include "https_client.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <string_view>

namespace telecentre::backend::test {

struct UpgradeFailure {
    int status = 0; // the HTTP answer when the server refused the upgrade, 0 for other failures
    std::string body;
    std::string error;
};

struct WebSocketEvent {
    enum class Kind { text, binary, closed, failed };
    Kind kind = Kind::failed;
    std::string payload;          // text, binary: the message; failed: the error
    std::uint16_t close_code = 0; // closed
    std::string close_reason;     // closed
};

class WebSocketClient {
public:
    WebSocketClient(std::uint16_t port, std::string ca_pem);
    ~WebSocketClient();
    WebSocketClient(const WebSocketClient&) = delete;
    WebSocketClient& operator=(const WebSocketClient&) = delete;

    // TCP, TLS, then the upgrade request to `target` with `headers`.
    [[nodiscard]] std::expected<void, UpgradeFailure> connect(std::string_view target, const Headers& headers = {});
    [[nodiscard]] std::expected<void, std::string> send_text(std::string_view text);
    [[nodiscard]] std::expected<void, std::string> send_binary(std::string_view bytes);
    // The next message, or how the connection ended. A timeout gives `failed` and the
    // connection is unusable afterwards.
    [[nodiscard]] WebSocketEvent read(std::chrono::milliseconds timeout = std::chrono::seconds(10));

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace telecentre::backend::test
