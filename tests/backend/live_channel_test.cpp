// The live channel (GET /v1/live as a WebSocket): authentication by header or first message,
// the hello, delivery by site and in order, and the session log.
#include "live_fixture.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/live_codec.hpp"

#include <nlohmann/json.hpp>
#include <sqlite3.h>

namespace telecentre::backend::test {
namespace {

using platform::LiveAuthMode;
using platform::LiveState;
using namespace std::chrono_literals;

class LiveChannel : public LiveTest {
protected:
    void expect_refused_with_401(const Headers& headers, const std::string& target = "/v1/live") {
        auto client = raw_client();
        auto connected = client->connect(target, headers);
        ASSERT_FALSE(connected);
        EXPECT_EQ(connected.error().status, 401) << connected.error().error;
        auto error = wire::decode_api_error(connected.error().body);
        ASSERT_TRUE(error) << connected.error().body;
        EXPECT_EQ(error->code, "unauthenticated");
        EXPECT_EQ(hub().session_count(), 0U);
    }

    void revoke(const std::string& device_id) {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open((m_dir.path() / "data" / "telecentre.db").c_str(), &db), SQLITE_OK);
        sqlite3_busy_timeout(db, 5000);
        const auto sql = "UPDATE devices SET revoked_at = '2026-01-01T00:00:00Z' WHERE id = '" + device_id + "'";
        EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        EXPECT_EQ(sqlite3_changes(db), 1);
        sqlite3_close(db);
    }
};

TEST_F(LiveChannel, PublishReachesOnlyTheSiteInOrderForABurstOf1000) {
    LiveRecorder murat;
    LiveRecorder a2ex;
    auto murat_kiosk = live_client(m_murat_token, murat);
    auto a2ex_kiosk = live_client(m_a2ex_token, a2ex);
    ASSERT_TRUE(wait_until([&] { return murat.times(LiveState::connected) == 1; }, kWait));
    ASSERT_TRUE(wait_until([&] { return a2ex.times(LiveState::connected) == 1; }, kWait));

    auto hello = wire::decode_live_hello(murat.received().at(0));
    ASSERT_TRUE(hello) << hello.error();
    EXPECT_EQ(hello->site, "murat");
    EXPECT_EQ(hello->device, m_murat_device);
    EXPECT_EQ(hub().session_count("murat"), 1U);
    EXPECT_EQ(hub().session_count("aurillac-a2ex"), 1U);

    for (int n = 0; n < 1000; ++n) {
        const auto published = hub().publish("murat", numbered(n));
        ASSERT_EQ(published.queued, 1U) << "message " << n;
    }
    // A last message to A2EX: once it has arrived, anything wrongly sent there before it has too.
    EXPECT_EQ(hub().publish("aurillac-a2ex", R"({"type":"test","n":"a2ex"})").queued, 1U);
    ASSERT_TRUE(wait_until([&] { return murat.count() == 1001 && a2ex.count() == 2; }, kWait))
        << murat.count() << " at Murat, " << a2ex.count() << " at A2EX";

    const auto received = murat.received();
    for (int n = 0; n < 1000; ++n) {
        ASSERT_EQ(received.at(static_cast<std::size_t>(n) + 1), numbered(n));
    }
    EXPECT_EQ(a2ex.received().at(1), R"({"type":"test","n":"a2ex"})");

    EXPECT_EQ(hub().publish_all(R"({"type":"test","n":"all"})").queued, 2U);
    ASSERT_TRUE(wait_until([&] { return murat.count() == 1002 && a2ex.count() == 3; }, kWait));
    EXPECT_EQ(hub().publish("ydes", R"({"type":"test"})").queued, 0U) << "no kiosk there";
}

TEST_F(LiveChannel, UpgradeWithoutTokenIsRefusedWith401) { expect_refused_with_401({}); }

TEST_F(LiveChannel, UpgradeWithAnUnknownTokenIsRefusedWith401) {
    expect_refused_with_401(auth("tck_" + std::string(64, '0')));
    expect_refused_with_401({{"Authorization", "Basic dXNlcjpwYXNz"}});
}

TEST_F(LiveChannel, UpgradeOfARevokedDeviceIsRefusedWith401) {
    auto [device, token] = provision("murat", "revoked kiosk");
    revoke(device);
    expect_refused_with_401(auth(token));
}

TEST_F(LiveChannel, TheKioskClientReportsTheRefusal) {
    LiveRecorder refused;
    auto kiosk = live_client("tck_" + std::string(64, 'f'), refused);
    ASSERT_TRUE(wait_until([&] { return refused.times(LiveState::disconnected) >= 1; }, kWait));
    const auto status = refused.statuses().at(1);
    EXPECT_EQ(status.http_status, 401) << status.reason;
    EXPECT_NE(status.reason.find("unauthenticated"), std::string::npos) << status.reason;
    EXPECT_GE(status.retry_in, 500ms);
    EXPECT_EQ(refused.count(), 0U);
}

TEST_F(LiveChannel, ATokenInTheFirstMessageAuthenticates) {
    LiveRecorder browser;
    auto client = live_client(m_murat_token, browser, LiveAuthMode::first_message);
    ASSERT_TRUE(wait_until([&] { return browser.times(LiveState::connected) == 1; }, kWait));
    auto hello = wire::decode_live_hello(browser.received().at(0));
    ASSERT_TRUE(hello);
    EXPECT_EQ(hello->device, m_murat_device);
    EXPECT_EQ(hub().publish("murat", numbered(1)).queued, 1U);
    ASSERT_TRUE(wait_until([&] { return browser.count() == 2; }, kWait));
}

TEST_F(LiveChannel, AWrongTokenInTheFirstMessageIsClosedWithoutAMessage) {
    auto client = raw_client();
    ASSERT_TRUE(client->connect("/v1/live?auth=message"));
    ASSERT_TRUE(client->send_text(wire::encode_live_auth("tck_" + std::string(64, '1'))));
    const auto event = client->read();
    ASSERT_EQ(event.kind, WebSocketEvent::Kind::closed) << event.payload;
    EXPECT_EQ(event.close_code, 1008);
    EXPECT_EQ(hub().session_count(), 0U);
    ASSERT_TRUE(wait_until([&] { return closes_of("").size() == 1; }, kWait));
    EXPECT_EQ(closes_of("").at(0).close_code, 1008);
}

TEST_F(LiveChannel, AnythingButAuthFirstIsClosedAsAPolicyViolation) {
    for (const std::string first : {R"({"type":"ping"})", "not json", R"({"type":"auth"})"}) {
        auto client = raw_client();
        ASSERT_TRUE(client->connect("/v1/live?auth=message"));
        ASSERT_TRUE(client->send_text(first));
        const auto event = client->read();
        ASSERT_EQ(event.kind, WebSocketEvent::Kind::closed) << first << ": " << event.payload;
        EXPECT_EQ(event.close_code, 1008) << first;
    }
    auto binary = raw_client();
    ASSERT_TRUE(binary->connect("/v1/live?auth=message"));
    ASSERT_TRUE(binary->send_binary(m_murat_token));
    EXPECT_EQ(binary->read().close_code, 1008);
    EXPECT_EQ(hub().session_count(), 0U);
}

TEST_F(LiveChannel, SilenceInsteadOfAuthIsClosedAfterFiveSeconds) {
    auto client = raw_client();
    ASSERT_TRUE(client->connect("/v1/live?auth=message"));
    const auto started = std::chrono::steady_clock::now();
    const auto event = client->read(15s);
    const auto waited = std::chrono::steady_clock::now() - started;
    ASSERT_EQ(event.kind, WebSocketEvent::Kind::closed) << event.payload;
    EXPECT_EQ(event.close_code, 1008);
    EXPECT_EQ(event.close_reason, "authentication timed out");
    EXPECT_GE(waited, 4500ms);
    EXPECT_LT(waited, 10s);
}

TEST_F(LiveChannel, PlainGetIsAskedToUpgrade) {
    auto reply = client()->request("GET", "/v1/live", {}, auth(m_murat_token));
    ASSERT_TRUE(reply) << reply.error();
    EXPECT_EQ(reply->status, 426);
    EXPECT_EQ(reply->header("upgrade"), "websocket");
    auto other = raw_client()->connect("/v1/elsewhere", auth(m_murat_token));
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().status, 404);
}

TEST_F(LiveChannel, SessionsAreLoggedOpenAndClosedWithoutTheToken) {
    {
        LiveRecorder murat;
        auto kiosk = live_client(m_murat_token, murat);
        ASSERT_TRUE(wait_until([&] { return murat.times(LiveState::connected) == 1; }, kWait));
        kiosk->stop();
    }
    ASSERT_TRUE(wait_until([&] { return closes_of(m_murat_device).size() == 1; }, kWait));
    const auto log = live_logged();
    ASSERT_EQ(log.size(), 2U);
    EXPECT_EQ(log[0].event, LiveLogEntry::Event::opened);
    EXPECT_EQ(log[0].device_id, m_murat_device);
    EXPECT_EQ(log[0].site_id, "murat");
    EXPECT_EQ(log[1].event, LiveLogEntry::Event::closed);
    EXPECT_EQ(log[1].site_id, "murat");
    EXPECT_EQ(log[1].close_code, 1001) << log[1].reason;
    EXPECT_NE(log[1].reason.find("client"), std::string::npos) << log[1].reason;
    for (const auto& entry : log) {
        EXPECT_EQ(entry.reason.find(m_murat_token), std::string::npos);
    }
    bool upgrade_logged = false;
    for (const auto& request : logged()) {
        upgrade_logged |= request.path == "/v1/live" && request.status == 101 && request.device_id == m_murat_device;
    }
    EXPECT_TRUE(upgrade_logged);
    EXPECT_EQ(hub().session_count(), 0U);
}

TEST_F(LiveChannel, TheExtensionPointTakesNewTypesButNotTheChannelsOwn) {
    EXPECT_FALSE(hub().add_message_handler(
        "ping", [](const LiveIdentity&, std::string_view) { return std::expected<void, std::string>{}; }));
    std::mutex mutex;
    std::vector<std::string> offers;
    ASSERT_TRUE(hub().add_message_handler(
        "call.offer", [&](const LiveIdentity& from, std::string_view message) -> std::expected<void, std::string> {
            std::lock_guard lock(mutex);
            offers.push_back(from.device_id + " " + std::string(message));
            if (message.find("refuse") != std::string_view::npos) {
                return std::unexpected("no one to call");
            }
            return {};
        }));
    auto client = raw_session(m_murat_token);
    ASSERT_TRUE(client->send_text(R"({"type":"call.offer","sdp":"v=0"})"));
    ASSERT_TRUE(client->send_text(R"({"type":"call.offer","refuse":true})"));
    const auto refused = wire::decode_live_error(client->read().payload);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->code, "refused");
    EXPECT_EQ(refused->message, "no one to call");
    std::lock_guard lock(mutex);
    ASSERT_EQ(offers.size(), 2U);
    EXPECT_EQ(offers[0], m_murat_device + R"( {"type":"call.offer","sdp":"v=0"})");
}

} // namespace
} // namespace telecentre::backend::test
