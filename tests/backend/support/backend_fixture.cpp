#include "backend_fixture.hpp"

#include "telecentre/backend/devices.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/local_time.hpp"

#include <fstream>

namespace telecentre::backend::test {

using namespace std::chrono;

wire::TimePoint now_seconds() { return floor<seconds>(system_clock::now()); }

wire::TimePoint paris(local_days day, int hour, int minute) {
    return wire::from_paris(wire::LocalTime{day} + hours{hour} + minutes{minute});
}

local_days recent_tuesday() {
    local_days day = wire::paris_day(now_seconds()) - days{7};
    while (weekday{day} != Tuesday) {
        day -= days{1};
    }
    return day;
}

void BackendTest::SetUp() {
    auto ca = platform::tls::generate_certificate_authority({"telecentre test CA", days{2}});
    ASSERT_TRUE(ca) << ca.error();
    m_ca = *ca;
    auto identity = platform::tls::issue_server_certificate(m_ca);
    ASSERT_TRUE(identity) << identity.error();
    auto written =
        platform::tls::write_identity(*identity, m_dir.path() / "server.pem", m_dir.path() / "server-key.pem");
    ASSERT_TRUE(written) << written.error();
    m_ca_file = m_dir.path() / "ca.pem";
    std::ofstream(m_ca_file) << m_ca.certificate_pem;

    open_server(0);
    ASSERT_TRUE(m_server);

    auto murat = provision_device(store(), "murat", "test kiosk Murat", now_seconds());
    ASSERT_TRUE(murat) << murat.error().message;
    m_murat_token = murat->token;
    m_murat_device = murat->device.id;
    auto a2ex = provision_device(store(), "aurillac-a2ex", "test kiosk A2EX", now_seconds());
    ASSERT_TRUE(a2ex) << a2ex.error().message;
    m_a2ex_token = a2ex->token;
    m_a2ex_device = a2ex->device.id;
}

ServerConfig BackendTest::server_config(std::uint16_t port) {
    ServerConfig config;
    config.data_dir = m_dir.path() / "data";
    config.address = "127.0.0.1";
    config.port = port;
    config.tls = TlsFiles{m_dir.path() / "server.pem", m_dir.path() / "server-key.pem"};
    config.request_log = [this](const RequestLogEntry& entry) {
        std::lock_guard lock(m_log_mutex);
        m_log.push_back(entry);
    };
    config.live_log = [this](const LiveLogEntry& entry) {
        std::lock_guard lock(m_log_mutex);
        m_live_log.push_back(entry);
    };
    config.clock = [this] { return server_now(); };
    config.no_show_sweep_interval = seconds{0};  // tests release no-shows themselves
    config.callback_purge_interval = seconds{0}; // and purge callback requests themselves
    configure(config);
    return config;
}

void BackendTest::open_server(std::uint16_t port) {
    auto server = Server::open(server_config(port));
    ASSERT_TRUE(server) << server.error();
    m_server = std::move(*server);
    auto started = m_server->start();
    ASSERT_TRUE(started) << started.error();
}

void BackendTest::restart_server() {
    const auto port = m_server->port();
    m_server->stop();
    m_server.reset();
    open_server(port);
}

void BackendTest::TearDown() {
    if (m_server) {
        m_server->stop();
    }
}

std::unique_ptr<HttpsClient> BackendTest::client(std::optional<TlsVersion> only_version) const {
    return std::make_unique<HttpsClient>(m_server->port(), HttpsClient::Options{m_ca.certificate_pem, only_version});
}

Headers BackendTest::auth(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

std::string BackendTest::checkin_body(const std::string& site, const std::string& badge_uid, wire::TimePoint at,
                                      wire::Direction direction) {
    return wire::encode(wire::CheckinRequest{site, badge_uid, direction, at, false});
}

HttpReply BackendTest::post_checkin(const std::string& token, const std::string& key, const std::string& body) {
    auto headers = auth(token);
    headers.emplace_back("Idempotency-Key", key);
    headers.emplace_back("Content-Type", "application/json");
    auto reply = client()->request("POST", "/v1/checkins", body, headers);
    EXPECT_TRUE(reply) << reply.error();
    return reply ? *reply : HttpReply{};
}

wire::CheckinResponse BackendTest::checkin(const std::string& token, const std::string& site,
                                           const std::string& badge_uid, wire::TimePoint at,
                                           wire::Direction direction) {
    const auto reply =
        post_checkin(token, "key-" + std::to_string(++m_next_key), checkin_body(site, badge_uid, at, direction));
    EXPECT_EQ(reply.status, 200) << reply.body;
    auto decoded = wire::decode_checkin_response(reply.body);
    EXPECT_TRUE(decoded) << decoded.error() << " in " << reply.body;
    return decoded ? *decoded : wire::CheckinResponse{};
}

wire::TimePoint BackendTest::server_now() const {
    const auto fake = m_fake_now.load();
    return fake == 0 ? now_seconds() : wire::TimePoint{seconds{fake}};
}

std::vector<RequestLogEntry> BackendTest::logged() const {
    std::lock_guard lock(m_log_mutex);
    return m_log;
}

std::vector<LiveLogEntry> BackendTest::live_logged() const {
    std::lock_guard lock(m_log_mutex);
    return m_live_log;
}

} // namespace telecentre::backend::test
