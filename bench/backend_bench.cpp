// Booking backend benchmark: the real telecentre-backend process on 127.0.0.1, N concurrent
// HTTPS clients with keep-alive (the kiosk's own client), durable booking writes/s and
// availability reads/s with p50/p99 latency; beside them, in the same run, the raw ceiling of
// the store on this machine (SQLite: one-row durable transactions in a loop with the same
// settings). Every loop is bounded by time and count.
//
//   telecentre-backend-bench --backend build/release/bin/telecentre-backend [--clients 50]
//                            [--seconds 10] [--store sqlite|postgresql]
//
// With --store postgresql it starts a PostgreSQL 15 cluster of its own (tests/support), points
// the backend at a fresh database, and measures pgbench (TPC-B-like, same clients) on the same
// server as that store's raw ceiling.
#include "child_process.hpp"
#include "percentile.hpp"
#include "postgres_server.hpp"
#include "telecentre/backend/devices.hpp"
#include "telecentre/backend/server.hpp"
#include "telecentre/platform/https_client.hpp"
#include "telecentre/wire/booking_codec.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/local_time.hpp"
#include "temp_dir.hpp"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <latch>
#include <random>
#include <sqlite3.h>
#include <thread>

namespace {

using namespace std::chrono;
using namespace telecentre;
using Clock = steady_clock;

struct Options {
    std::string backend;
    int clients = 50;
    int seconds = 10;
    bool postgresql = false;
};

struct Slot {
    std::string resource_id;
    wire::TimePoint start;
};

struct Result {
    explicit Result(const char* what) : name(what) {}
    const char* name;
    std::size_t done = 0;
    std::size_t failed = 0;
    double seconds = 0;
    std::vector<double> latencies_ms;
};

using telecentre::bench::percentile;

void report(const Result& result) {
    std::printf("| %-34s | %9.0f | %7.2f | %7.2f | %6zu |\n", result.name,
                static_cast<double>(result.done) / result.seconds, percentile(result.latencies_ms, 0.50),
                percentile(result.latencies_ms, 0.99), result.failed);
}

platform::HttpsClient connect(const std::string& port, const std::string& ca_file) {
    auto client = platform::HttpsClient::create({"127.0.0.1", port, ca_file, milliseconds{3000}, milliseconds{10000}});
    if (!client) {
        std::fprintf(stderr, "client: %s\n", client.error().c_str());
        std::exit(1);
    }
    return std::move(*client);
}

// Every client runs `work(client_index, its HttpsClient, request_number)` until the time is up;
// work returns whether the answer was the expected one. With `rate` (requests per second for all
// clients together) the load is open: each client sends on a fixed schedule and a latency counts
// from when its request was due, so a slow answer also delays (and counts against) the next
// ones; without it, every client sends again as soon as it has its answer.
template <typename Work>
Result run_clients(const char* name, const Options& options, const std::string& port, const std::string& ca_file,
                   Work work, double rate = 0) {
    Result result(name);
    std::vector<std::vector<double>> latencies(options.clients);
    std::atomic<std::size_t> done{0};
    std::atomic<std::size_t> failed{0};
    std::latch ready(options.clients + 1);
    const auto deadline_after = seconds{options.seconds};
    std::atomic<std::int64_t> deadline_ns{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < options.clients; ++i) {
        threads.emplace_back([&, i] {
            auto client = connect(port, ca_file);
            (void)work(i, client, -1); // the TLS handshake and a warm-up request, not timed
            ready.arrive_and_wait();
            const Clock::time_point deadline{nanoseconds{deadline_ns.load()}};
            latencies[i].reserve(100000);
            const auto interval = rate > 0 ? duration_cast<Clock::duration>(duration<double>(options.clients / rate))
                                           : Clock::duration::zero();
            // Clients start spread over one interval, not all at once.
            auto due = Clock::now() + interval * i / options.clients;
            for (int n = 0; Clock::now() < deadline && n < 1000000; ++n) {
                if (rate > 0) {
                    std::this_thread::sleep_until(due);
                }
                const auto started = rate > 0 ? due : Clock::now();
                due += interval;
                const bool ok = work(i, client, n);
                latencies[i].push_back(duration<double, std::milli>(Clock::now() - started).count());
                (ok ? done : failed)++;
            }
        });
    }
    const auto started = Clock::now();
    deadline_ns = (started + deadline_after).time_since_epoch().count();
    ready.arrive_and_wait();
    const auto measured_from = Clock::now();
    for (auto& thread : threads) {
        thread.join();
    }
    result.seconds = duration<double>(Clock::now() - measured_from).count();
    result.done = done;
    result.failed = failed;
    for (auto& some : latencies) {
        result.latencies_ms.insert(result.latencies_ms.end(), some.begin(), some.end());
    }
    return result;
}

// One-row transactions with the backend's settings (WAL, synchronous=FULL): the ceiling of
// durable commits on this disk.
Result sqlite_ceiling(const std::filesystem::path& file, int seconds_to_run) {
    Result result("SQLite raw: 1-row durable txn");
    sqlite3* db = nullptr;
    sqlite3_open(file.c_str(), &db);
    sqlite3_exec(db,
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE b (id TEXT PRIMARY KEY, "
                 "resource TEXT, start_at TEXT, end_at TEXT); CREATE INDEX b_r ON b(resource, start_at);",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt* insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO b VALUES (?, 'r', '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z')", -1, &insert,
                       nullptr);
    const auto started = Clock::now();
    const auto deadline = started + seconds{seconds_to_run};
    for (int n = 0; Clock::now() < deadline && n < 10000000; ++n) {
        const auto begun = Clock::now();
        const auto id = "b" + std::to_string(n);
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
        const bool ok = sqlite3_step(insert) == SQLITE_DONE;
        sqlite3_reset(insert);
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        result.latencies_ms.push_back(duration<double, std::milli>(Clock::now() - begun).count());
        (ok ? result.done : result.failed)++;
    }
    result.seconds = duration<double>(Clock::now() - started).count();
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return result;
}

// pgbench's TPC-B-like transactions (five statements, durable commits) on a database of the same
// server, with as many clients: the ceiling of PostgreSQL on this machine.
Result pgbench_ceiling(const Options& options) {
    Result result("PostgreSQL raw: pgbench TPC-B txn");
    auto server = telecentre::testing::PostgresServer::shared();
    auto database = server ? (*server)->create_database() : std::unexpected(server.error());
    if (!database) {
        std::fprintf(stderr, "pgbench database: %s\n", database.error().c_str());
        result.failed = 1;
        result.seconds = 1;
        return result;
    }
    const std::string pgbench = "/usr/lib/postgresql/15/bin/pgbench";
    const auto quoted = "'" + *database + "'";
    const auto init = pgbench + " -q -i -s 10 " + quoted + " >/dev/null 2>&1";
    const auto run = pgbench + " -n -c " + std::to_string(options.clients) + " -j 2 -T " +
                     std::to_string(options.seconds) + " " + quoted + " 2>/dev/null";
    if (std::system(init.c_str()) != 0) {
        std::fprintf(stderr, "pgbench -i failed\n");
        result.failed = 1;
        result.seconds = 1;
        return result;
    }
    FILE* output = ::popen(run.c_str(), "r");
    char line[512];
    double tps = 0;
    double latency = 0;
    while (output && std::fgets(line, sizeof line, output)) {
        std::sscanf(line, "tps = %lf", &tps);
        std::sscanf(line, "latency average = %lf ms", &latency);
    }
    if (output) {
        ::pclose(output);
    }
    // pgbench reports the mean latency only: shown in both columns, marked in the docs.
    result.seconds = 1;
    result.done = static_cast<std::size_t>(tps);
    result.latencies_ms = {latency};
    return result;
}

} // namespace

int main(int argc, char** argv) {
    Options options;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag(argv[i]);
        if (flag == "--backend") {
            options.backend = argv[i + 1];
        } else if (flag == "--clients") {
            options.clients = std::clamp(std::atoi(argv[i + 1]), 1, 500);
        } else if (flag == "--seconds") {
            options.seconds = std::clamp(std::atoi(argv[i + 1]), 1, 120);
        } else if (flag == "--store") {
            options.postgresql = std::string_view(argv[i + 1]) == "postgresql";
        }
    }
    if (options.backend.empty()) {
        std::fprintf(stderr, "usage: %s --backend PATH [--clients N] [--seconds S]\n", argv[0]);
        return 2;
    }
    telecentre::testing::TempDir dir;
    const auto data = dir.path() / "data";

    std::optional<std::string> database;
    if (options.postgresql) {
        auto server = telecentre::testing::PostgresServer::shared();
        auto created = server ? (*server)->create_database() : std::unexpected(server.error());
        if (!created) {
            std::fprintf(stderr, "postgresql: %s\n", created.error().c_str());
            return 1;
        }
        database = *created;
    }

    // A device token for Murat, written straight into the new store.
    std::string token;
    {
        auto store = backend::open_data_store(data, database);
        if (!store) {
            std::fprintf(stderr, "store: %s\n", store.error().c_str());
            return 1;
        }
        auto device = backend::provision_device(**store, "murat", "bench", floor<seconds>(system_clock::now()));
        if (!device) {
            std::fprintf(stderr, "provision: %s\n", device.error().message.c_str());
            return 1;
        }
        token = device->token;
    }
    const auto port_file = dir.path() / "port";
    std::vector<std::string> command{options.backend, "--data-dir",  data.string(),     "--listen",
                                     "127.0.0.1:0",   "--port-file", port_file.string()};
    if (database) {
        command.insert(command.end(), {"--database", *database});
    }
    telecentre::testing::ChildProcess server(command, {}, (dir.path() / "backend.log").string());
    if (!telecentre::testing::wait_until([&] { return std::filesystem::exists(port_file); }, seconds{20})) {
        std::fprintf(stderr, "the backend did not start\n");
        return 1;
    }
    std::string port;
    if (!telecentre::testing::wait_until(
            [&] {
                std::ifstream(port_file) >> port;
                return !port.empty();
            },
            seconds{5})) {
        std::fprintf(stderr, "the backend wrote no port\n");
        return 1;
    }
    const auto ca_file = (data / "tls" / "ca.pem").string();
    const std::vector<platform::HttpHeader> auth{{"Authorization", "Bearer " + token}};

    // Every site's availability for the next 60 days: the resources and their open slots.
    const auto today = wire::paris_day(floor<seconds>(system_clock::now()));
    std::vector<std::string> sites{"murat",    "aurillac-a2ex",     "aurillac-la-forge", "ydes",
                                   "mauriac",  "riom-es-montagnes", "cassaniouze",       "montmurat",
                                   "allanche", "chaudes-aigues",    "saint-flour"};
    std::vector<std::vector<Slot>> slots_by_resource;
    {
        auto client = connect(port, ca_file);
        for (const auto& site : sites) {
            std::vector<wire::Availability> parts;
            for (int offset : {1, 31}) {
                const auto from = wire::format_date(wire::Date{(today + days{offset}).time_since_epoch()});
                auto reply =
                    client.request("GET", "/v1/sites/" + site + "/availability?from=" + from + "&days=30", auth);
                auto decoded = reply && reply->status == 200 ? wire::decode_availability(reply->body)
                                                             : std::unexpected(std::string("request failed"));
                if (!decoded) {
                    std::fprintf(stderr, "availability of %s: %s\n", site.c_str(), decoded.error().c_str());
                    return 1;
                }
                parts.push_back(std::move(*decoded));
            }
            for (const auto& resource : parts[0].resources) {
                std::vector<Slot> slots;
                for (const auto& part : parts) {
                    for (const auto& open : part.open) {
                        for (auto start = open.start; start + minutes{30} <= open.end; start += minutes{30}) {
                            slots.push_back({resource.id, start});
                        }
                    }
                }
                slots_by_resource.push_back(std::move(slots));
            }
        }
    }
    std::printf("backend %s on %s, %d clients, %d s per phase, %zu resources\n\n", options.backend.c_str(),
                database ? "PostgreSQL" : "SQLite", options.clients, options.seconds, slots_by_resource.size());
    std::printf("| %-34s | %9s | %7s | %7s | %6s |\n", "measure", "per s", "p50 ms", "p99 ms", "errors");
    std::printf("|%s|%s|%s|%s|%s|\n", std::string(36, '-').c_str(), std::string(11, '-').c_str(),
                std::string(9, '-').c_str(), std::string(9, '-').c_str(), std::string(8, '-').c_str());

    const auto read_work = [&](int client_index, platform::HttpsClient& client, int n) {
        thread_local std::mt19937 random(static_cast<unsigned>(client_index));
        const auto& site = sites[static_cast<std::size_t>(random() % sites.size())];
        const auto day = today + days{1 + (n < 0 ? 0 : static_cast<int>(random() % 30))};
        const auto from = wire::format_date(wire::Date{day.time_since_epoch()});
        auto reply = client.request("GET", "/v1/sites/" + site + "/availability?from=" + from, auth);
        return reply && reply->status == 200;
    };
    report(run_clients("availability reads (1 site, 1 day)", options, port, ca_file, read_work));
    report(run_clients("  reads at 2,000/s offered", options, port, ca_file, read_work, 2000));

    // Each client books its own resource's slots in order: all writes succeed, none conflict.
    std::vector<std::size_t> next_slot(static_cast<std::size_t>(options.clients), 0);
    std::atomic<std::uint64_t> next_key{0}; // unique across phases: a reused key would be a 409
    const auto write_work = [&](int client_index, platform::HttpsClient& client, int n) {
        if (n < 0) {
            auto reply = client.request("GET", "/healthz", {});
            return reply && reply->status == 200;
        }
        const auto& slots = slots_by_resource[static_cast<std::size_t>(client_index) % slots_by_resource.size()];
        auto& next = next_slot[static_cast<std::size_t>(client_index)];
        if (next >= slots.size()) {
            return false;
        }
        const auto& slot = slots[next++];
        auto headers = auth;
        headers.push_back({"Idempotency-Key", "bench-" + std::to_string(next_key++)});
        headers.push_back({"Content-Type", "application/json"});
        auto reply = client.request("POST", "/v1/bookings", headers,
                                    wire::encode(wire::BookingRequest{"04A1B2C3D4E5F6", slot.resource_id, slot.start,
                                                                      slot.start + minutes{30}}));
        return reply && reply->status == 201;
    };
    report(run_clients("booking writes (durable, 201)", options, port, ca_file, write_work));
    report(run_clients("  writes at 500/s offered", options, port, ca_file, write_work, 500));
    server.stop();

    if (database) {
        report(pgbench_ceiling(options));
    } else {
        report(sqlite_ceiling(dir.path() / "ceiling.db", options.seconds));
    }
    return 0;
}
