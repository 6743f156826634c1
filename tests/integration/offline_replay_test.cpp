// The whole kiosk (real program, offscreen display) with the real libnfc driver on an emulated
// PN532 and the real backend over TLS: taps made while the backend is down, across a kill -9 of
// the kiosk, reach the backend exactly once each when it comes back.

#include "child_process.hpp"
#include "demo_tapper.hpp"
#include "telecentre/platform/sqlite_database.hpp"
#include "temp_dir.hpp"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <set>

using namespace telecentre;
using namespace std::chrono_literals;
using telecentre::testing::ChildProcess;
using telecentre::testing::first_line;
using telecentre::testing::wait_until;

namespace {

std::int64_t count(const std::filesystem::path& database, const std::string& sql) {
    auto opened = platform::SqliteDatabase::open(database.string());
    if (!opened) {
        return -1;
    }
    auto rows = opened->query(sql);
    return rows && !rows->empty() ? platform::as_integer(rows->front()[0]) : -1;
}

std::set<std::string> texts(const std::filesystem::path& database, const std::string& sql) {
    std::set<std::string> values;
    auto opened = platform::SqliteDatabase::open(database.string());
    if (opened) {
        if (auto rows = opened->query(sql)) {
            for (const auto& row : *rows) {
                values.insert(platform::as_text(row[0]));
            }
        }
    }
    return values;
}

struct Rig {
    telecentre::testing::TempDir folder{"offline", telecentre::testing::KeepFolder::when_the_test_failed};
    std::filesystem::path dir = folder.path();
    std::string port;

    Rig() { std::filesystem::create_directories(dir / "kiosk"); }

    std::unique_ptr<ChildProcess> start_backend(const std::string& listen) {
        std::filesystem::remove(dir / "port");
        auto backend = std::make_unique<ChildProcess>(
            std::vector<std::string>{TELECENTRE_BACKEND_EXE, "--data-dir", (dir / "backend").string(), "--listen",
                                     listen, "--port-file", (dir / "port").string(), "--demo"},
            std::vector<std::string>{}, (dir / "backend.log").string());
        EXPECT_TRUE(wait_until([&] { return !first_line(dir / "port").empty(); }, 30s)) << "backend did not start";
        port = first_line(dir / "port");
        return backend;
    }

    std::unique_ptr<ChildProcess> start_kiosk() {
        return std::make_unique<ChildProcess>(
            std::vector<std::string>{TELECENTRE_KIOSK_EXE, "--config", (dir / "kiosk.toml").string()},
            std::vector<std::string>{"SDL_VIDEODRIVER=offscreen", "LIBNFC_AUTO_SCAN=false", "LIBNFC_LOG_LEVEL=0"},
            (dir / "kiosk.log").string());
    }

    void write_kiosk_config() {
        std::ofstream config(dir / "kiosk.toml");
        config << "[kiosk]\nsite = \"murat\"\nfullscreen = false\n"
               << "[backend]\nurl = \"https://127.0.0.1:" << port << "\"\n"
               << "ca_file = \"backend/tls/ca.pem\"\ndevice_token_file = \"backend/devices/murat.token\"\n"
               << "retry_max_ms = 2000\n"
               << "[reader]\nconnstring = \"pn532_uart:" << (dir / "pn532").string() << "\"\n"
               << "[storage]\ndirectory = \"kiosk\"\n";
    }

    std::filesystem::path kiosk_db() const { return dir / "kiosk" / "kiosk.db"; }
    std::filesystem::path backend_db() const { return dir / "backend" / "telecentre.db"; }
    std::int64_t journaled() const { return count(kiosk_db(), "SELECT count(*) FROM journal"); }

    void emulator(const std::string& command) {
        auto answer = app::send_emulator_command(dir / "pn532.sock", command);
        ASSERT_TRUE(answer) << command << ": " << answer.error();
    }
};

} // namespace

TEST(OfflineReplay, FiftyTapsWhileTheBackendIsDownAreRecordedOnceEachAcrossAKioskCrash) {
    Rig rig;
    auto backend = rig.start_backend("127.0.0.1:0");
    ASSERT_FALSE(rig.port.empty());
    ChildProcess emulator({TELECENTRE_EMULATOR_EXE, "--link", (rig.dir / "pn532").string(), "--control",
                           (rig.dir / "pn532.sock").string()},
                          {}, (rig.dir / "emulator.log").string());
    ASSERT_TRUE(wait_until([&] { return std::filesystem::exists(rig.dir / "pn532.sock"); }, 10s));
    rig.write_kiosk_config();
    auto kiosk = rig.start_kiosk();

    // The kiosk fills its cache while the backend is up, so offline taps get a real greeting.
    ASSERT_TRUE(wait_until([&] { return count(rig.kiosk_db(), "SELECT count(*) FROM cache_badges") > 0; }, 60s))
        << "the kiosk never pulled its offline cache";
    backend->stop();

    const std::vector<std::string> badges{"04A1B2C3D4E5F6", "04112233445566", "04E1E2E3E4E5E6", "04FFEEDDCCBBAA"};
    constexpr int kTaps = 50;
    for (int tap = 0; tap < kTaps; ++tap) {
        rig.emulator("place " + badges[static_cast<std::size_t>(tap) % badges.size()]);
        if (tap == kTaps / 2) {
            // Killed while a card is on the reader: the tap may or may not have been journaled.
            kiosk->signal(SIGKILL);
            ASSERT_TRUE(kiosk->wait(10s));
            if (rig.journaled() == tap + 1) {
                rig.emulator("remove"); // already recorded: do not let the restarted kiosk read it again
                kiosk = rig.start_kiosk();
                continue;
            }
            kiosk = rig.start_kiosk(); // not recorded yet: the card is still there for the new kiosk
        }
        ASSERT_TRUE(wait_until([&] { return rig.journaled() == tap + 1; }, 30s))
            << "tap " << tap + 1 << " was not journaled (journal has " << rig.journaled() << ")";
        rig.emulator("remove");
    }
    EXPECT_EQ(count(rig.kiosk_db(), "SELECT count(*) FROM journal WHERE state = 'pending'"), kTaps);

    // Restart both: the backend on the same port, the kiosk afresh.
    kiosk->stop();
    backend = rig.start_backend("127.0.0.1:" + rig.port);
    kiosk = rig.start_kiosk();
    ASSERT_TRUE(wait_until(
        [&] { return count(rig.kiosk_db(), "SELECT count(*) FROM journal WHERE state = 'pending'") == 0; }, 90s))
        << "the journal was not delivered";

    EXPECT_EQ(count(rig.kiosk_db(), "SELECT count(*) FROM journal WHERE state = 'delivered'"), kTaps);
    EXPECT_EQ(count(rig.backend_db(), "SELECT count(*) FROM presence_events"), kTaps);
    const auto sent = texts(rig.kiosk_db(), "SELECT idempotency_key FROM journal");
    const auto recorded = texts(rig.backend_db(), "SELECT key FROM idempotent_requests");
    EXPECT_EQ(sent.size(), static_cast<std::size_t>(kTaps));
    EXPECT_EQ(sent, recorded) << "every journaled tap, and only those, reached the backend";
    // In order: the backend recorded the taps in the order they were made.
    EXPECT_EQ(count(rig.backend_db(), "SELECT count(*) FROM presence_events a JOIN presence_events b "
                                      "ON a.rowid < b.rowid AND a.at > b.at"),
              0);
}
