#pragma once
// A real backend per test: its own data folder, a fresh test CA and server certificate made by
// platform/tls, the server on 127.0.0.1 with an ephemeral port, and one kiosk token for Murat
// and one for Aurillac A2EX. Requests go over real TLS through HttpsClient. A test fixture may
// adjust the server's configuration (configure()) and restart it on the same port.

#include "https_client.hpp"
#include "telecentre/backend/server.hpp"
#include "telecentre/platform/tls/certificate_authority.hpp"
#include "telecentre/wire/types.hpp"
#include "temp_dir.hpp"

#include <atomic>
#include <gtest/gtest.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace telecentre::backend::test {

using telecentre::testing::TempDir;

// Demo badges seeded by migration 0003 (see docs/backend.md).
inline constexpr const char* kElodieActiveMurat = "04A1B2C3D4E5F6";
inline constexpr const char* kElodieRevoked = "04A1B2C3D4E5F0";
inline constexpr const char* kJulienFreeMurat = "04112233445566";
inline constexpr const char* kThomasExpiredMurat = "04E1E2E3E4E5E6";
inline constexpr const char* kNadiaSuspendedA2ex = "04505050505050";
inline constexpr const char* kElodieId = "m-elodie-vermenouze";

class BackendTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    [[nodiscard]] std::unique_ptr<HttpsClient> client(std::optional<TlsVersion> only_version = std::nullopt) const;

    [[nodiscard]] static Headers auth(const std::string& token);
    [[nodiscard]] static std::string checkin_body(const std::string& site, const std::string& badge_uid,
                                                  wire::TimePoint at,
                                                  wire::Direction direction = wire::Direction::automatic);
    // POST /v1/checkins with the token and key; fails the test if the request cannot be made.
    [[nodiscard]] HttpReply post_checkin(const std::string& token, const std::string& key, const std::string& body);
    // POST a check-in that must answer 200, decoded.
    [[nodiscard]] wire::CheckinResponse checkin(const std::string& token, const std::string& site,
                                                const std::string& badge_uid, wire::TimePoint at,
                                                wire::Direction direction = wire::Direction::automatic);

    [[nodiscard]] Store& store() { return m_server->store(); }

    // The server's clock: the system clock until a test sets it, then that instant until set again.
    void set_now(wire::TimePoint now) { m_fake_now = now.time_since_epoch().count(); }
    [[nodiscard]] wire::TimePoint server_now() const;
    [[nodiscard]] std::vector<RequestLogEntry> logged() const;
    [[nodiscard]] std::vector<LiveLogEntry> live_logged() const;

    // Called by SetUp before the server opens.
    virtual void configure(ServerConfig&) {}
    // Stops and destroys the server, then opens and starts a new one on the same port and data.
    void restart_server();

    TempDir m_dir;
    platform::tls::PemIdentity m_ca;
    std::filesystem::path m_ca_file; // m_ca's certificate, for clients that read a file
    std::unique_ptr<Server> m_server;
    std::string m_murat_token;
    std::string m_murat_device;
    std::string m_a2ex_token;
    std::string m_a2ex_device;
    int m_next_key = 0;
    std::atomic<std::int64_t> m_fake_now{0}; // seconds since the epoch; 0: the system clock

private:
    [[nodiscard]] ServerConfig server_config(std::uint16_t port);
    void open_server(std::uint16_t port);

    mutable std::mutex m_log_mutex;
    std::vector<RequestLogEntry> m_log;
    std::vector<LiveLogEntry> m_live_log;
};

// The UTC instant of a Paris-local wall-clock time on `day`.
[[nodiscard]] wire::TimePoint paris(std::chrono::local_days day, int hour, int minute);
// A Tuesday at least a week before today (Paris), so passes are in their seeded state and the
// weekday (hence the opening hours) is fixed.
[[nodiscard]] std::chrono::local_days recent_tuesday();
[[nodiscard]] wire::TimePoint now_seconds();

} // namespace telecentre::backend::test
