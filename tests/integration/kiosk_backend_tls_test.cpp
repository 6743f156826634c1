// The kiosk's HTTPS client against the real backend program over TLS on 127.0.0.1: it talks to
// a backend whose certificate chains to the configured CA, and refuses one that does not.

#include "child_process.hpp"
#include "telecentre/core/idempotency_key.hpp"
#include "telecentre/platform/https_backend_client.hpp"
#include "telecentre/platform/tls/certificate_authority.hpp"
#include "telecentre/wire/local_time.hpp"
#include "temp_dir.hpp"

#include <filesystem>
#include <gtest/gtest.h>

using namespace telecentre;
using namespace std::chrono_literals;
using telecentre::testing::ChildProcess;
using telecentre::testing::first_line;
using telecentre::testing::wait_until;

namespace {

class KioskBackendTls : public ::testing::Test {
protected:
    void TearDown() override { m_backend.reset(); }

    void start_backend(std::vector<std::string> extra = {}) {
        std::vector<std::string> argv{TELECENTRE_BACKEND_EXE, "--data-dir",  (m_dir / "backend").string(), "--listen",
                                      "127.0.0.1:0",          "--port-file", (m_dir / "port").string(),    "--demo"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        m_backend = std::make_unique<ChildProcess>(argv, std::vector<std::string>{}, (m_dir / "backend.log").string());
        ASSERT_TRUE(wait_until([&] { return !first_line(m_dir / "port").empty(); }, 30s)) << "backend did not start";
        m_port = first_line(m_dir / "port");
    }

    std::expected<platform::HttpsBackendClient, std::string> client(const std::filesystem::path& ca_file) {
        auto https = platform::HttpsClient::create({"127.0.0.1", m_port, ca_file.string(), 3s, 5s});
        if (!https) {
            return std::unexpected(https.error());
        }
        return platform::HttpsBackendClient{std::move(*https), first_line(m_dir / "backend/devices/murat.token")};
    }

    static wire::CheckinRequest tap(const std::string& uid) {
        return {"murat", uid, wire::Direction::automatic,
                std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()), false};
    }

    telecentre::testing::TempDir m_folder{"tls", telecentre::testing::KeepFolder::when_the_test_failed};
    std::filesystem::path m_dir = m_folder.path();
    std::string m_port;
    std::unique_ptr<ChildProcess> m_backend;
};

} // namespace

TEST_F(KioskBackendTls, ChecksInAndOutThroughTheRealBackend) {
    start_backend();
    auto backend = client(m_dir / "backend/tls/ca.pem");
    ASSERT_TRUE(backend) << backend.error();
    auto first = backend->checkin(core::make_idempotency_key(), tap("04A1B2C3D4E5F6"));
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(first->outcome, wire::CheckinOutcome::checked_in);
    ASSERT_TRUE(first->member);
    EXPECT_EQ(first->member->first_name, "Élodie");
    // The same connection is kept alive for the next request.
    auto second = backend->checkin(core::make_idempotency_key(), tap("04A1B2C3D4E5F6"));
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(second->outcome, wire::CheckinOutcome::checked_out);
}

TEST_F(KioskBackendTls, AReplayedKeyGetsTheFirstAnswer) {
    start_backend();
    auto backend = client(m_dir / "backend/tls/ca.pem");
    ASSERT_TRUE(backend);
    const auto key = core::make_idempotency_key();
    const auto request = tap("04112233445566");
    auto first = backend->checkin(key, request);
    auto again = backend->checkin(key, request);
    ASSERT_TRUE(first && again);
    EXPECT_EQ(first->event_id, again->event_id);
    EXPECT_EQ(again->outcome, wire::CheckinOutcome::checked_in) << "a replay must not toggle the presence";
}

TEST_F(KioskBackendTls, OfflineCacheComesFullThenOnlyChanges) {
    start_backend();
    auto backend = client(m_dir / "backend/tls/ca.pem");
    ASSERT_TRUE(backend);
    auto full = backend->offline_cache("murat", 0);
    ASSERT_TRUE(full) << full.error().message;
    EXPECT_TRUE(full->full);
    EXPECT_FALSE(full->badges.empty());
    EXPECT_GT(full->version, 0);
    auto changes = backend->offline_cache("murat", full->version);
    ASSERT_TRUE(changes) << changes.error().message;
    EXPECT_FALSE(changes->full);
    EXPECT_TRUE(changes->badges.empty());
    EXPECT_TRUE(changes->members.empty());
}

TEST_F(KioskBackendTls, AnotherSitesDataIsRefused) {
    start_backend();
    auto backend = client(m_dir / "backend/tls/ca.pem");
    ASSERT_TRUE(backend);
    auto request = tap("04A1B2C3D4E5F6");
    request.site = "ydes";
    auto refused = backend->checkin(core::make_idempotency_key(), request);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::BackendFailure::rejected);
    EXPECT_EQ(refused.error().status, 403);
    EXPECT_FALSE(refused.error().transient());
}

TEST_F(KioskBackendTls, ABackendCertifiedByAnotherCaIsRefused) {
    // The backend presents a certificate from a CA the kiosk was not told to trust.
    auto rogue_ca = platform::tls::generate_certificate_authority({"rogue CA"});
    ASSERT_TRUE(rogue_ca);
    auto rogue_server = platform::tls::issue_server_certificate(*rogue_ca);
    ASSERT_TRUE(rogue_server);
    ASSERT_TRUE(platform::tls::write_identity(*rogue_server, m_dir / "rogue.pem", m_dir / "rogue-key.pem"));
    start_backend({"--tls-cert", (m_dir / "rogue.pem").string(), "--tls-key", (m_dir / "rogue-key.pem").string()});
    // The kiosk trusts the development CA the backend created on its first run, not the rogue one.
    ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(m_dir / "backend/devices/murat.token"); }, 10s));
    auto trusted = platform::tls::ensure_development_pki(m_dir / "kiosk-trust");
    ASSERT_TRUE(trusted);
    auto backend = client(trusted->ca_file);
    ASSERT_TRUE(backend);
    auto refused = backend->checkin(core::make_idempotency_key(), tap("04A1B2C3D4E5F6"));
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().kind, core::BackendFailure::tls) << refused.error().message;
}

TEST_F(KioskBackendTls, ABackendThatIsDownIsReportedAsUnreachable) {
    start_backend();
    m_backend->stop();
    auto backend = client(m_dir / "backend/tls/ca.pem");
    ASSERT_TRUE(backend);
    auto down = backend->checkin(core::make_idempotency_key(), tap("04A1B2C3D4E5F6"));
    ASSERT_FALSE(down);
    EXPECT_EQ(down.error().kind, core::BackendFailure::unreachable);
    EXPECT_TRUE(down.error().transient());
}
