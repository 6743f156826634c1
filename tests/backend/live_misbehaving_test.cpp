// Clients of the live channel that misbehave: malformed, oversized or unknown messages, a client
// that stops reading, one that never answers pings. The server answers or closes, never blocks
// its publishers, and keeps serving the others.
#include "live_fixture.hpp"
#include "telecentre/wire/live_codec.hpp"

namespace telecentre::backend::test {
namespace {

using platform::LiveState;
using namespace std::chrono_literals;

class LiveMisbehaving : public LiveTest {
protected:
    static std::string error_code_of(const WebSocketEvent& event) {
        auto error = wire::decode_live_error(event.payload);
        return error ? error->code : "not an error: " + event.payload;
    }
};

TEST_F(LiveMisbehaving, BadMessagesGetAnErrorAndTheConnectionStays) {
    auto client = raw_session(m_murat_token);
    const std::vector<std::pair<std::string, std::string>> cases{
        {"not json", "malformed_json"},
        {R"({"type":"ping")", "malformed_json"},
        {"[1,2,3]", "invalid_message"},
        {R"({"kind":"ping"})", "invalid_message"},
        {R"({"type":42})", "invalid_message"},
        {R"({"type":"launch_missiles"})", "unknown_type"},
        {wire::encode_live_auth(m_murat_token), "already_authenticated"},
    };
    for (const auto& [sent, expected] : cases) {
        ASSERT_TRUE(client->send_text(sent));
        const auto answer = client->read();
        ASSERT_EQ(answer.kind, WebSocketEvent::Kind::text) << sent;
        EXPECT_EQ(error_code_of(answer), expected) << sent;
    }
    ASSERT_TRUE(client->send_binary("\x01\x02"));
    EXPECT_EQ(error_code_of(client->read()), "invalid_message");
    ASSERT_TRUE(client->send_text(wire::encode_live_ping()));
    EXPECT_EQ(client->read().payload, wire::encode_live_pong());
    EXPECT_EQ(hub().publish("murat", numbered(7)).queued, 1U);
    EXPECT_EQ(client->read().payload, numbered(7));
}

TEST_F(LiveMisbehaving, AnOversizedMessageClosesWith1009AndTheServerGoesOn) {
    auto client = raw_session(m_murat_token);
    // Exactly at the limit is still read (and refused as unknown); one byte more closes.
    const std::string prefix = R"({"type":"big","padding":")";
    auto at_limit = prefix + std::string(64 * 1024 - prefix.size() - 2, 'x') + "\"}";
    ASSERT_EQ(at_limit.size(), 64U * 1024U);
    ASSERT_TRUE(client->send_text(at_limit));
    EXPECT_EQ(error_code_of(client->read()), "unknown_type");
    ASSERT_TRUE(client->send_text(at_limit + " "));
    const auto event = client->read();
    ASSERT_EQ(event.kind, WebSocketEvent::Kind::closed) << event.payload;
    EXPECT_EQ(event.close_code, 1009);
    ASSERT_TRUE(wait_until([&] { return hub().session_count() == 0; }, kWait));

    auto next = raw_session(m_murat_token);
    EXPECT_EQ(hub().publish("murat", numbered(1)).queued, 1U);
    EXPECT_EQ(next->read().payload, numbered(1));
    auto health = BackendTest::client()->request("GET", "/healthz");
    ASSERT_TRUE(health) << health.error();
    EXPECT_EQ(health->status, 200);
}

TEST_F(LiveMisbehaving, AClientThatStopsReadingIsDroppedWithoutBlockingPublishers) {
    // A kiosk of Murat whose thread hangs right after the hello, and a healthy one.
    auto [stuck_device, stuck_token] = provision("murat", "stuck kiosk");
    LiveRecorder stuck;
    stuck.hold_after(1);
    LiveRecorder healthy;
    auto stuck_kiosk = live_client(stuck_token, stuck);
    // Unblocks the stuck kiosk's thread before the client is stopped, whatever happens below.
    const std::unique_ptr<LiveRecorder, void (*)(LiveRecorder*)> unblock(&stuck, [](LiveRecorder* r) { r->release(); });
    auto healthy_kiosk = live_client(m_murat_token, healthy);
    ASSERT_TRUE(wait_until([&] { return stuck.count() == 1 && healthy.times(LiveState::connected) == 1; }, kWait));

    // 10,000 messages of 2 KiB (20 MiB) are far more than the socket buffers and the 1 MiB
    // queue hold. The healthy kiosk is given the time to read every hundred (a burst of
    // 20 MiB would overflow its queue too); the time spent inside publish() is measured.
    constexpr int kMessages = 10'000;
    std::chrono::steady_clock::duration publishing{};
    std::chrono::steady_clock::duration slowest{};
    std::size_t dropped = 0;
    for (int n = 0; n < kMessages; ++n) {
        const auto started = std::chrono::steady_clock::now();
        const auto result = hub().publish("murat", numbered(n, 2048));
        const auto took = std::chrono::steady_clock::now() - started;
        publishing += took;
        slowest = std::max(slowest, took);
        dropped += result.dropped;
        if (n % 100 == 99) {
            ASSERT_TRUE(wait_until([&] { return healthy.count() == static_cast<std::size_t>(n) + 2; }, kWait))
                << "the healthy kiosk got " << healthy.count() - 1 << " of " << n + 1;
        }
    }
    EXPECT_LT(publishing, 5s) << "publishers must not wait for a slow client";
    EXPECT_LT(slowest, 1s);
    EXPECT_GT(dropped, 0U) << "the stuck kiosk's queue overflowed";

    ASSERT_TRUE(wait_until([&] { return closes_of(stuck_device).size() == 1; }, kWait));
    const auto closed = closes_of(stuck_device).at(0);
    EXPECT_EQ(closed.close_code, 1013) << closed.reason;
    EXPECT_NE(closed.reason.find("outgoing queue full"), std::string::npos) << closed.reason;
    EXPECT_EQ(hub().session_count("murat"), 1U);

    const auto received = healthy.received();
    ASSERT_EQ(received.size(), static_cast<std::size_t>(kMessages) + 1);
    for (int n = 0; n < kMessages; ++n) {
        ASSERT_EQ(received[static_cast<std::size_t>(n) + 1], numbered(n, 2048));
    }
    // Once unblocked, the stuck kiosk finds its connection gone and reconnects by itself.
    stuck.release();
    ASSERT_TRUE(wait_until([&] { return stuck.times(LiveState::connected) == 2; }, 60s));
    EXPECT_EQ(hub().session_count("murat"), 2U);
}

class LiveShortPings : public LiveTest {
protected:
    void configure(ServerConfig& config) override {
        config.websocket.ping_interval = 300ms;
        config.websocket.pong_timeout = 300ms;
    }
};

TEST_F(LiveShortPings, AClientThatDoesNotAnswerPingsIsDropped) {
    // The raw client answers pings only while it reads; this one never reads again.
    auto silent = raw_session(m_a2ex_token);
    LiveRecorder healthy;
    auto kiosk = live_client(m_murat_token, healthy);
    ASSERT_TRUE(wait_until([&] { return healthy.times(LiveState::connected) == 1; }, kWait));

    ASSERT_TRUE(wait_until([&] { return closes_of(m_a2ex_device).size() == 1; }, kWait));
    const auto closed = closes_of(m_a2ex_device).at(0);
    EXPECT_EQ(closed.close_code, 1006);
    EXPECT_NE(closed.reason.find("no pong"), std::string::npos) << closed.reason;
    EXPECT_GE(closed.duration, 550ms) << "one ping interval, then the pong timeout";

    // The kiosk that reads answers every ping and stays, several intervals later.
    EXPECT_EQ(hub().session_count("murat"), 1U);
    EXPECT_EQ(hub().publish("murat", numbered(1)).queued, 1U);
    ASSERT_TRUE(wait_until([&] { return healthy.count() == 2; }, kWait));
    EXPECT_EQ(healthy.times(LiveState::disconnected), 0U);
}

} // namespace
} // namespace telecentre::backend::test
