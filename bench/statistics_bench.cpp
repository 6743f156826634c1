// Statistics benchmark (docs/benchmarks.md, "Statistics"): a backend in this process on
// 127.0.0.1 holding a simulated year of a 12-site network (tests/support's activity simulation:
// the eleven seeded sites and a twelfth, about 50,000 presence sessions and bookings), and one
// HTTPS client with keep-alive (the kiosk's own) logged in as a network administrator. It
// measures GET /v1/console/statistics (the console's page: a whole year for the network, a
// quarter of one site, a month of one site, in turn) and GET /v1/console/evaluation (JSON and
// CSV), p50/p95/max each. Every loop is bounded by a count and by time.
//
//   telecentre-statistics-bench [--requests 200] [--seconds 60] [--store sqlite|postgresql]
//                               [--data-dir DIR]
//
// With --store postgresql it starts a PostgreSQL 15 cluster of its own (tests/support) and
// gives the backend a fresh database there.
#include "activity_simulation.hpp"
#include "percentile.hpp"
#include "postgres_server.hpp"
#include "telecentre/backend/server.hpp"
#include "telecentre/backend/staff_service.hpp"
#include "telecentre/platform/https_client.hpp"
#include "temp_dir.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace std::chrono;
using namespace telecentre;
using Clock = steady_clock;

struct Options {
    int requests = 200;
    int seconds = 60;
    bool postgresql = false;
    std::string data_dir; // empty: a temporary folder, deleted at the end
};

using telecentre::bench::percentile;

[[noreturn]] void fail(const std::string& what) {
    std::fprintf(stderr, "telecentre-statistics-bench: %s\n", what.c_str());
    std::exit(1);
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        const bool has_value = i + 1 < argc;
        if (arg == "--requests" && has_value) {
            options.requests = std::clamp(std::atoi(argv[++i]), 1, 100000);
        } else if (arg == "--seconds" && has_value) {
            options.seconds = std::clamp(std::atoi(argv[++i]), 1, 3600);
        } else if (arg == "--data-dir" && has_value) {
            options.data_dir = argv[++i];
        } else if (arg == "--store" && has_value) {
            const std::string store = argv[++i];
            if (store != "sqlite" && store != "postgresql") {
                fail("--store is sqlite or postgresql");
            }
            options.postgresql = store == "postgresql";
        } else {
            fail("usage: telecentre-statistics-bench [--requests N] [--seconds S] [--store sqlite|postgresql] "
                 "[--data-dir DIR]");
        }
    }
    return options;
}

// Runs GET `targets` in turn, up to `count` requests or `budget`; latencies in milliseconds.
std::vector<double> measure(platform::HttpsClient& client, const std::vector<std::string>& targets,
                            const std::vector<platform::HttpHeader>& headers, int count, Clock::duration budget,
                            std::size_t& bytes) {
    std::vector<double> latencies;
    const auto deadline = Clock::now() + budget;
    for (int i = 0; i < count && Clock::now() < deadline; ++i) {
        const auto& target = targets[static_cast<std::size_t>(i) % targets.size()];
        const auto start = Clock::now();
        auto reply = client.request("GET", target, headers);
        const auto elapsed = duration<double, std::milli>(Clock::now() - start).count();
        if (!reply) {
            fail(target + ": " + reply.error().message);
        }
        if (reply->status != 200) {
            fail(target + ": status " + std::to_string(reply->status) + " " + reply->body.substr(0, 300));
        }
        bytes = reply->body.size();
        latencies.push_back(elapsed);
    }
    return latencies;
}

void report(const char* name, const std::vector<double>& latencies, std::size_t bytes) {
    std::printf("| %-44s | %5zu | %8.1f | %8.1f | %8.1f | %8zu |\n", name, latencies.size(), percentile(latencies, 0.5),
                percentile(latencies, 0.95),
                latencies.empty() ? 0.0 : *std::max_element(latencies.begin(), latencies.end()), bytes);
}

} // namespace

int main(int argc, char** argv) {
    const auto options = parse(argc, argv);
    telecentre::testing::TempDir dir;

    backend::ServerConfig config;
    // --data-dir keeps the database for a look with the sqlite3 shell afterwards.
    config.data_dir = options.data_dir.empty() ? dir.path() / "data" : std::filesystem::path(options.data_dir);
    config.port = 0;
    config.request_log = [](const backend::RequestLogEntry&) {};
    config.no_show_sweep_interval = seconds{0};
    if (options.postgresql) {
        auto server = telecentre::testing::PostgresServer::shared();
        if (!server) {
            fail(server.error());
        }
        auto database = (*server)->create_database();
        if (!database) {
            fail(database.error());
        }
        config.database = *database;
    }
    auto server = backend::Server::open(config);
    if (!server) {
        fail(server.error());
    }
    if (auto started = (*server)->start(); !started) {
        fail(started.error());
    }
    auto& store = (*server)->store();

    // The simulated year, written through the store.
    telecentre::testing::SimulationConfig simulation;
    simulation.year = 2027;
    simulation.add_twelfth_site = true;
    simulation.walk_ins_per_day = 14;
    simulation.members_per_position = 8;
    simulation.bookings_per_position_day = 0.6;
    const auto generating = Clock::now();
    auto year = telecentre::testing::simulate_year(store, simulation);
    if (!year) {
        fail(year.error().message);
    }
    if (auto written = telecentre::testing::write_year(store, *year); !written) {
        fail(written.error().message);
    }
    const auto generated = duration<double>(Clock::now() - generating).count();
    std::printf("store: %s; %zu sites, %zu members, %zu presence sessions, %zu bookings, %zu calls "
                "(simulated and written in %.1f s)\n\n",
                options.postgresql ? "postgresql" : "sqlite", year->sites.size(), year->members.size(),
                year->sessions.size(), year->bookings.size(), year->calls.size(), generated);

    backend::StaffService staff(store);
    if (auto added = staff.add_staff("bench-admin", "Bench", backend::StaffRole::admin, std::nullopt,
                                     "un mot de passe pour le banc");
        !added) {
        fail(added.error().message);
    }
    auto session = staff.log_in("bench-admin", "un mot de passe pour le banc");
    if (!session) {
        fail(session.error().message);
    }
    const std::vector<platform::HttpHeader> headers{{"Cookie", "tc_staff=" + session->token}};

    auto client = platform::HttpsClient::create({"127.0.0.1", std::to_string((*server)->port()),
                                                 (config.data_dir / "tls" / "ca.pem").string(), milliseconds{3000},
                                                 milliseconds{30000}});
    if (!client) {
        fail(client.error());
    }
    const auto budget = duration_cast<Clock::duration>(seconds{options.seconds});
    std::size_t bytes = 0;
    // Warm the connection and the statements once.
    (void)measure(*client, {"/v1/console/statistics?from=2027-01-01&to=2027-12-31"}, headers, 2, budget, bytes);

    std::printf("| %-44s | %5s | %8s | %8s | %8s | %8s |\n", "request", "n", "p50 ms", "p95 ms", "max ms", "bytes");
    std::printf("|%s|%s|%s|%s|%s|%s|\n", std::string(46, '-').c_str(), std::string(7, '-').c_str(),
                std::string(10, '-').c_str(), std::string(10, '-').c_str(), std::string(10, '-').c_str(),
                std::string(10, '-').c_str());
    const std::vector<std::string> page{"/v1/console/statistics?from=2027-01-01&to=2027-12-31",
                                        "/v1/console/statistics?from=2027-04-01&to=2027-06-30&site=murat",
                                        "/v1/console/statistics?from=2027-11-01&to=2027-11-30&site=sim-massiac"};
    std::vector<double> all;
    for (const auto& target : page) {
        auto latencies = measure(*client, {target}, headers, options.requests, budget, bytes);
        const std::string name = target.substr(std::string("/v1/console").size());
        report(name.c_str(), latencies, bytes);
        all.insert(all.end(), latencies.begin(), latencies.end());
    }
    report("statistics, the three above together", all, 0);
    const int reports = std::max(1, options.requests / 10);
    for (const std::string target : {"/evaluation?year=2027", "/evaluation?year=2027&format=csv"}) {
        const auto latencies = measure(*client, {"/v1/console" + target}, headers, reports, budget, bytes);
        report(target.c_str(), latencies, bytes);
    }
    (*server)->stop();
    return 0;
}
