#pragma once
// The live channel's tests: the real backend (BackendTest) with kiosks connected through the
// real LiveClient, whose messages and states a LiveRecorder keeps, or through the raw
// WebSocketClient when a test needs a client that misbehaves.

#include "backend_fixture.hpp"
#include "telecentre/platform/live_client.hpp"
#include "wait_until.hpp"
#include "websocket_client.hpp"

#include <condition_variable>
#include <mutex>

namespace telecentre::backend::test {

using telecentre::testing::wait_until;

// What one LiveClient received. Thread-safe: the client's thread records, the test reads.
class LiveRecorder {
public:
    [[nodiscard]] platform::LiveClient::MessageCallback messages();
    [[nodiscard]] platform::LiveClient::StateCallback states();

    [[nodiscard]] std::vector<std::string> received() const;
    [[nodiscard]] std::size_t count() const;
    [[nodiscard]] std::vector<platform::LiveStatus> statuses() const;
    [[nodiscard]] std::size_t times(platform::LiveState state) const;

    // The message callback blocks once `messages` have arrived, until release(): the client
    // stops reading, as a kiosk whose thread hangs would.
    void hold_after(std::size_t messages);
    void release();

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_released;
    std::vector<std::string> m_received;
    std::vector<platform::LiveStatus> m_statuses;
    std::size_t m_hold_after = 0;
    bool m_holding = false;
};

class LiveTest : public BackendTest {
protected:
    [[nodiscard]] platform::LiveClientConfig live_config(const std::string& token) const;
    // Starts a LiveClient; the recorder must outlive it.
    [[nodiscard]] std::unique_ptr<platform::LiveClient>
    live_client(const std::string& token, LiveRecorder& recorder,
                platform::LiveAuthMode mode = platform::LiveAuthMode::header) const;
    [[nodiscard]] std::unique_ptr<WebSocketClient> raw_client() const;
    // A raw client authenticated by header, its hello read.
    [[nodiscard]] std::unique_ptr<WebSocketClient> raw_session(const std::string& token) const;
    // One more device (id, token), for tests that need another kiosk at a site.
    [[nodiscard]] std::pair<std::string, std::string> provision(const std::string& site, const std::string& name);

    [[nodiscard]] LiveHub& hub() { return m_server->live(); }
    // The close entries of the live log for `device_id` ("" for unauthenticated connections).
    [[nodiscard]] std::vector<LiveLogEntry> closes_of(const std::string& device_id) const;

    static constexpr auto kWait = std::chrono::seconds(20);
};

[[nodiscard]] std::string numbered(int n, std::size_t padding = 0);

} // namespace telecentre::backend::test
