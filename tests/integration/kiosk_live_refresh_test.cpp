// The whole kiosk program in the room role, with the real backend over TLS: a booking made
// elsewhere on the site reaches the kiosk as a live event over the WebSocket and the door panel
// fetches its schedule again at once, not at its next five-minute refresh.

#include "child_process.hpp"
#include "telecentre/core/idempotency_key.hpp"
#include "telecentre/platform/https_backend_client.hpp"
#include "telecentre/wire/local_time.hpp"
#include "temp_dir.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

using namespace telecentre;
using namespace std::chrono;
using namespace std::chrono_literals;
using telecentre::testing::ChildProcess;
using telecentre::testing::first_line;
using telecentre::testing::wait_until;

namespace {

constexpr const char* kElodie = "04A1B2C3D4E5F6"; // demo member with an active pass at Murat
constexpr const char* kOffice = "murat-bureau-1";

// How many lines of the trace file name `event`.
int traced(const std::filesystem::path& file, std::string_view event) {
    std::ifstream input(file);
    int count = 0;
    for (std::string line; std::getline(input, line);) {
        if (line.starts_with(event) && line.size() > event.size() && line[event.size()] == ' ') {
            ++count;
        }
    }
    return count;
}

// The first free hour of the office in the coming week, on the slot grid, starting an hour from now
// at the earliest: bookable whatever the time of day the test runs.
std::optional<wire::BookingRequest> free_hour(const wire::Availability& week) {
    const auto office = std::ranges::find(week.resources, std::string{kOffice}, &wire::ResourceAvailability::id);
    if (office == week.resources.end()) {
        return std::nullopt;
    }
    const minutes slot{std::max(1, week.rules.slot_minutes)};
    const auto earliest = ceil<minutes>(system_clock::now()) + 1h;
    for (const auto& open : week.open) {
        for (auto start = open.start; start + 1h <= open.end; start += slot) {
            const bool taken = std::ranges::any_of(office->busy, [&](const wire::BusyInterval& busy) {
                return busy.start < start + 1h && start < busy.end;
            });
            if (start >= earliest && !taken) {
                return wire::BookingRequest{kElodie, kOffice, start, start + 1h};
            }
        }
    }
    return std::nullopt;
}

} // namespace

TEST(KioskLiveRefresh, ABookingMadeElsewhereRefreshesTheDoorPanelAtOnce) {
    telecentre::testing::TempDir folder{"live-refresh", telecentre::testing::KeepFolder::when_the_test_failed};
    const std::filesystem::path dir = folder.path();
    ChildProcess backend({TELECENTRE_BACKEND_EXE, "--data-dir", (dir / "backend").string(), "--listen", "127.0.0.1:0",
                          "--port-file", (dir / "port").string(), "--demo"},
                         {}, (dir / "backend.log").string());
    ASSERT_TRUE(wait_until([&] { return !first_line(dir / "port").empty(); }, 30s)) << "backend did not start";
    const std::string port = first_line(dir / "port");

    // A room terminal with no badge reader attached: the door panel needs none to show its day.
    {
        std::ofstream config(dir / "kiosk.toml");
        config << "[kiosk]\nsite = \"murat\"\nfullscreen = false\nrole = \"room\"\nresource = \"" << kOffice << "\"\n"
               << "[backend]\nurl = \"https://127.0.0.1:" << port << "\"\n"
               << "ca_file = \"backend/tls/ca.pem\"\ndevice_token_file = \"backend/devices/murat.token\"\n"
               << "[reader]\nconnstring = \"pn532_uart:" << (dir / "no-reader").string() << "\"\n"
               << "[storage]\ndirectory = \"kiosk\"\n";
    }
    const auto trace = dir / "trace.txt";
    ChildProcess kiosk({TELECENTRE_KIOSK_EXE, "--config", (dir / "kiosk.toml").string()},
                       {"SDL_VIDEODRIVER=offscreen", "LIBNFC_AUTO_SCAN=false", "LIBNFC_LOG_LEVEL=0",
                        "TELECENTRE_TRACE=" + trace.string()},
                       (dir / "kiosk.log").string());
    ASSERT_TRUE(wait_until([&] { return traced(trace, "door-updated") >= 1; }, 60s))
        << "the door panel never showed its day";

    // Another kiosk of the site books; this one hears of it.
    auto https = platform::HttpsClient::create({"127.0.0.1", port, (dir / "backend/tls/ca.pem").string(), 3s, 10s});
    ASSERT_TRUE(https) << https.error();
    platform::HttpsBackendClient other{std::move(*https), first_line(dir / "backend/devices/murat.token")};
    const auto today = wire::paris_day(floor<seconds>(system_clock::now()));
    auto week = other.availability("murat", wire::Date{today.time_since_epoch()}, 7, wire::ResourceKind::office);
    ASSERT_TRUE(week) << week.error().message;
    const auto request = free_hour(*week);
    ASSERT_TRUE(request) << "no free hour for the office in the coming week";

    ASSERT_TRUE(wait_until([&] { return traced(trace, "live-up") >= 1; }, 30s)) << "no live channel";
    const int updates_before = traced(trace, "door-updated");
    EXPECT_EQ(traced(trace, "live-refresh"), 0);
    auto made = other.book(core::make_idempotency_key(), *request);
    ASSERT_TRUE(made) << made.error().message;
    ASSERT_TRUE(std::holds_alternative<wire::Booking>(*made)) << "the booking was refused";
    ASSERT_TRUE(wait_until([&] { return traced(trace, "live-refresh") >= 1; }, 20s))
        << "no booking event reached the kiosk";
    EXPECT_TRUE(wait_until([&] { return traced(trace, "door-updated") > updates_before; }, 20s))
        << "the door panel did not fetch its day again after the event";
}
