// The kiosk's LiveClient against the real server: it comes back by itself after the backend
// restarts, every client sees the close when the server stops, and stop() is prompt.
#include "live_fixture.hpp"
#include "telecentre/wire/live_codec.hpp"

#include <algorithm>
#include <fstream>

namespace telecentre::backend::test {
namespace {

using platform::LiveState;
using namespace std::chrono_literals;

class LiveClientTest : public LiveTest {};

TEST_F(LiveClientTest, ReconnectsByItselfAfterTheBackendRestarts) {
    LiveRecorder kiosk;
    auto client = live_client(m_murat_token, kiosk);
    ASSERT_TRUE(wait_until([&] { return kiosk.times(LiveState::connected) == 1; }, kWait));

    restart_server();
    ASSERT_TRUE(m_server);
    ASSERT_TRUE(wait_until([&] { return kiosk.times(LiveState::connected) == 2; }, 60s))
        << "still not back; last state: " << kiosk.statuses().back().reason;
    EXPECT_EQ(hub().publish("murat", numbered(42)).queued, 1U);
    ASSERT_TRUE(wait_until([&] { return kiosk.received().back() == numbered(42); }, kWait));

    // connecting, connected, then the drop (the server going away) before connected again.
    const auto statuses = kiosk.statuses();
    const auto drop = std::find_if(statuses.begin(), statuses.end(),
                                   [](const auto& status) { return status.state == LiveState::disconnected; });
    ASSERT_NE(drop, statuses.end());
    EXPECT_EQ(drop->close_code, 1001) << drop->reason;
    EXPECT_GE(drop->retry_in, 500ms);
    EXPECT_LE(drop->retry_in, 30s);
    const auto back =
        std::find_if(drop, statuses.end(), [](const auto& status) { return status.state == LiveState::connected; });
    EXPECT_NE(back, statuses.end());
    // Two hellos, nothing lost or repeated around them.
    const auto received = kiosk.received();
    ASSERT_EQ(received.size(), 3U);
    EXPECT_TRUE(wire::decode_live_hello(received[0]));
    EXPECT_TRUE(wire::decode_live_hello(received[1]));
}

// A quiet channel (no message for several idle times, only the backend's pings) stays up: the
// demo's kiosks used to drop and reconnect every minute (Beast does not count received pings).
TEST_F(LiveClientTest, AQuietChannelStaysUpLongerThanTheIdleTime) {
    LiveRecorder kiosk;
    auto config = live_config(m_murat_token);
    config.idle_timeout = 400ms;
    auto client = platform::LiveClient::start(std::move(config), kiosk.messages(), kiosk.states());
    ASSERT_TRUE(client) << client.error();
    ASSERT_TRUE(wait_until([&] { return kiosk.times(LiveState::connected) == 1; }, kWait));
    // Five idle times of silence: a drop would show as a second connection or a disconnection.
    const bool dropped = wait_until([&] { return kiosk.times(LiveState::disconnected) > 0; }, 2s);
    EXPECT_FALSE(dropped) << kiosk.statuses().back().reason;
    EXPECT_EQ(kiosk.times(LiveState::connected), 1U);
    EXPECT_EQ(hub().publish("murat", numbered(7)).queued, 1U) << "the same session still delivers";
    ASSERT_TRUE(wait_until([&] { return kiosk.received().back() == numbered(7); }, kWait));
}

TEST_F(LiveClientTest, StoppingTheServerClosesTwentySessionsPromptly) {
    constexpr int kKiosks = 20;
    std::vector<std::unique_ptr<LiveRecorder>> recorders;
    std::vector<std::unique_ptr<platform::LiveClient>> clients;
    for (int i = 0; i < kKiosks; ++i) {
        recorders.push_back(std::make_unique<LiveRecorder>());
        clients.push_back(live_client(i % 2 == 0 ? m_murat_token : m_a2ex_token, *recorders.back()));
    }
    ASSERT_TRUE(wait_until([&] { return hub().session_count() == kKiosks; }, kWait));
    for (const auto& recorder : recorders) {
        ASSERT_TRUE(wait_until([&] { return recorder->times(LiveState::connected) == 1; }, kWait));
    }

    const auto started = std::chrono::steady_clock::now();
    m_server->stop();
    const auto stopping = std::chrono::steady_clock::now() - started;
    EXPECT_LT(stopping, 5s);

    for (const auto& recorder : recorders) {
        ASSERT_TRUE(wait_until([&] { return recorder->times(LiveState::disconnected) >= 1; }, kWait));
        const auto statuses = recorder->statuses();
        const auto drop = std::find_if(statuses.begin(), statuses.end(),
                                       [](const auto& status) { return status.state == LiveState::disconnected; });
        EXPECT_EQ(drop->close_code, 1001) << drop->reason;
    }
    EXPECT_EQ(hub().session_count(), 0U);
    std::size_t closes = 0;
    for (const auto& entry : live_logged()) {
        closes += entry.event == LiveLogEntry::Event::closed && entry.close_code == 1001 ? 1 : 0;
    }
    EXPECT_EQ(closes, static_cast<std::size_t>(kKiosks));
}

TEST_F(LiveClientTest, StopIsPromptWhetherConnectedOrWaitingToRetry) {
    LiveRecorder connected;
    auto online = live_client(m_murat_token, connected);
    ASSERT_TRUE(wait_until([&] { return connected.times(LiveState::connected) == 1; }, kWait));

    // A kiosk whose backend is gone: it waits between attempts, up to 30 s.
    auto config = live_config(m_murat_token);
    config.port = "1"; // nothing listens there
    LiveRecorder offline;
    auto waiting = platform::LiveClient::start(config, offline.messages(), offline.states());
    ASSERT_TRUE(waiting) << waiting.error();
    ASSERT_TRUE(wait_until([&] { return offline.times(LiveState::disconnected) >= 2; }, kWait));

    for (auto* client : {online.get(), waiting->get()}) {
        const auto started = std::chrono::steady_clock::now();
        client->stop();
        EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
    }
    ASSERT_TRUE(wait_until([&] { return closes_of(m_murat_device).size() == 1; }, kWait));
    EXPECT_EQ(closes_of(m_murat_device).at(0).close_code, 1001) << "the kiosk said it was going away";
}

TEST_F(LiveClientTest, SendsTextOnceConnected) {
    LiveRecorder kiosk;
    auto client = live_client(m_murat_token, kiosk);
    ASSERT_TRUE(wait_until([&] { return kiosk.times(LiveState::connected) == 1; }, kWait));
    ASSERT_TRUE(client->send(wire::encode_live_ping()));
    ASSERT_TRUE(wait_until([&] { return kiosk.count() == 2; }, kWait));
    EXPECT_EQ(kiosk.received().at(1), wire::encode_live_pong());
}

TEST_F(LiveClientTest, RefusesABackendItsCaDidNotSign) {
    auto other = platform::tls::generate_certificate_authority({"some other CA", std::chrono::days{2}});
    ASSERT_TRUE(other) << other.error();
    const auto other_file = m_dir.path() / "other-ca.pem";
    std::ofstream(other_file) << other->certificate_pem;
    auto config = live_config(m_murat_token);
    config.ca_file = other_file.string();
    LiveRecorder kiosk;
    auto client = platform::LiveClient::start(config, kiosk.messages(), kiosk.states());
    ASSERT_TRUE(client) << client.error();
    ASSERT_TRUE(wait_until([&] { return kiosk.times(LiveState::disconnected) >= 1; }, kWait));
    EXPECT_NE(kiosk.statuses().at(1).reason.find("certificate"), std::string::npos) << kiosk.statuses().at(1).reason;
    EXPECT_EQ(hub().session_count(), 0U);
}

TEST(LiveBackoff, DoublesFromHalfASecondToThirtySecondsWithJitter) {
    using std::chrono::milliseconds;
    const milliseconds min{500};
    const milliseconds max{30'000};
    EXPECT_EQ(platform::reconnect_delay(0, min, max, 0.0), milliseconds(500));
    EXPECT_EQ(platform::reconnect_delay(0, min, max, 0.999), milliseconds(999));
    EXPECT_EQ(platform::reconnect_delay(1, min, max, 0.0), milliseconds(1000));
    EXPECT_EQ(platform::reconnect_delay(3, min, max, 0.5), milliseconds(6000));
    for (int attempt = 0; attempt < 40; ++attempt) {
        for (double unit : {0.0, 0.5, 0.999999, 1.0}) {
            const auto delay = platform::reconnect_delay(attempt, min, max, unit);
            EXPECT_GE(delay, min);
            EXPECT_LE(delay, max);
        }
    }
    EXPECT_EQ(platform::reconnect_delay(30, min, max, 0.0), milliseconds(15'000));
}

} // namespace
} // namespace telecentre::backend::test
