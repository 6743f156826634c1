#include "live_fixture.hpp"

#include "telecentre/backend/devices.hpp"

namespace telecentre::backend::test {

platform::LiveClient::MessageCallback LiveRecorder::messages() {
    return [this](std::string_view text) {
        std::unique_lock lock(m_mutex);
        m_received.emplace_back(text);
        if (m_hold_after > 0 && m_received.size() >= m_hold_after) {
            m_holding = true;
            m_released.wait(lock, [this] { return !m_holding; });
        }
    };
}

platform::LiveClient::StateCallback LiveRecorder::states() {
    return [this](const platform::LiveStatus& status) {
        std::lock_guard lock(m_mutex);
        m_statuses.push_back(status);
    };
}

std::vector<std::string> LiveRecorder::received() const {
    std::lock_guard lock(m_mutex);
    return m_received;
}

std::size_t LiveRecorder::count() const {
    std::lock_guard lock(m_mutex);
    return m_received.size();
}

std::vector<platform::LiveStatus> LiveRecorder::statuses() const {
    std::lock_guard lock(m_mutex);
    return m_statuses;
}

std::size_t LiveRecorder::times(platform::LiveState state) const {
    std::lock_guard lock(m_mutex);
    return static_cast<std::size_t>(std::count_if(m_statuses.begin(), m_statuses.end(),
                                                  [state](const auto& status) { return status.state == state; }));
}

void LiveRecorder::hold_after(std::size_t messages) {
    std::lock_guard lock(m_mutex);
    m_hold_after = messages;
}

void LiveRecorder::release() {
    {
        std::lock_guard lock(m_mutex);
        m_hold_after = 0;
        m_holding = false;
    }
    m_released.notify_all();
}

platform::LiveClientConfig LiveTest::live_config(const std::string& token) const {
    platform::LiveClientConfig config;
    config.host = "127.0.0.1";
    config.port = std::to_string(m_server->port());
    config.ca_file = m_ca_file.string();
    config.device_token = token;
    return config;
}

std::unique_ptr<platform::LiveClient> LiveTest::live_client(const std::string& token, LiveRecorder& recorder,
                                                            platform::LiveAuthMode mode) const {
    auto config = live_config(token);
    config.auth = mode;
    auto client = platform::LiveClient::start(std::move(config), recorder.messages(), recorder.states());
    EXPECT_TRUE(client) << client.error();
    return client ? std::move(*client) : nullptr;
}

std::unique_ptr<WebSocketClient> LiveTest::raw_client() const {
    return std::make_unique<WebSocketClient>(m_server->port(), m_ca.certificate_pem);
}

std::unique_ptr<WebSocketClient> LiveTest::raw_session(const std::string& token) const {
    auto client = raw_client();
    auto connected = client->connect("/v1/live", auth(token));
    EXPECT_TRUE(connected) << connected.error().error;
    const auto hello = client->read();
    EXPECT_EQ(hello.kind, WebSocketEvent::Kind::text) << hello.payload;
    EXPECT_NE(hello.payload.find(R"("type":"hello")"), std::string::npos) << hello.payload;
    return client;
}

std::pair<std::string, std::string> LiveTest::provision(const std::string& site, const std::string& name) {
    auto device = provision_device(store(), site, name, now_seconds());
    EXPECT_TRUE(device) << device.error().message;
    return device ? std::pair{device->device.id, device->token} : std::pair<std::string, std::string>{};
}

std::vector<LiveLogEntry> LiveTest::closes_of(const std::string& device_id) const {
    std::vector<LiveLogEntry> closes;
    for (const auto& entry : live_logged()) {
        if (entry.event == LiveLogEntry::Event::closed && entry.device_id == device_id) {
            closes.push_back(entry);
        }
    }
    return closes;
}

std::string numbered(int n, std::size_t padding) {
    return R"({"type":"test","n":)" + std::to_string(n) + R"(,"padding":")" + std::string(padding, 'x') + "\"}";
}

} // namespace telecentre::backend::test
