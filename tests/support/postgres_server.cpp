#include "postgres_server.hpp"

#include "child_process.hpp"
#include "temp_dir.hpp"

#include <atomic>
#include <chrono>
#include <fstream>
#include <libpq-fe.h>
#include <memory>
#include <random>
#include <sstream>
#include <unistd.h>

namespace telecentre::testing {

namespace {

using namespace std::chrono_literals;

std::expected<std::string, std::string> read_conninfo(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::string line;
    if (!std::getline(in, line) || line.empty()) {
        return std::unexpected("no PostgreSQL conninfo in " + file.string() +
                               " (did the ctest fixture postgres.start fail?)");
    }
    return line;
}

// A cluster of this process's own, for a test program run without the ctest fixture.
class OwnCluster {
public:
    std::expected<std::string, std::string> start() {
        ChildProcess script(
            {TELECENTRE_TEST_POSTGRES_SCRIPT, "start", m_state.path().string(), "--owner", std::to_string(::getpid())},
            {}, (m_state.path() / "script.log").string());
        const auto status = script.wait(120s);
        if (status != 0) {
            std::ifstream log(m_state.path() / "script.log");
            std::ostringstream text;
            text << log.rdbuf();
            return std::unexpected("scripts/test-postgres start failed: " + text.str());
        }
        return read_conninfo(m_state.path() / "conninfo");
    }

    ~OwnCluster() {
        ChildProcess script({TELECENTRE_TEST_POSTGRES_SCRIPT, "stop", m_state.path().string()}, {},
                            (m_state.path() / "script.log").string());
        (void)script.wait(60s);
    }

private:
    TempDir m_state{"pg-state"};
};

struct ConnectionCloser {
    void operator()(PGconn* connection) const { PQfinish(connection); }
};
struct ResultClearer {
    void operator()(PGresult* result) const { PQclear(result); }
};

std::string unique_database_name() {
    static std::atomic<int> counter{0};
    static const unsigned salt = std::random_device{}();
    return "tc_" + std::to_string(::getpid()) + "_" + std::to_string(++counter) + "_" + std::to_string(salt % 100000);
}

} // namespace

std::expected<PostgresServer*, std::string> PostgresServer::shared() {
    static const std::expected<PostgresServer*, std::string> server =
        []() -> std::expected<PostgresServer*, std::string> {
        std::expected<std::string, std::string> conninfo;
        if (const char* file = std::getenv("TELECENTRE_TEST_POSTGRES"); file && *file) {
            conninfo = read_conninfo(file);
        } else {
            static OwnCluster cluster;
            conninfo = cluster.start();
        }
        if (!conninfo) {
            return std::unexpected(conninfo.error());
        }
        static PostgresServer instance(*conninfo);
        return &instance;
    }();
    return server;
}

std::expected<std::string, std::string> PostgresServer::create_database() {
    const auto name = unique_database_name();
    // The name is ours (letters, digits, underscores): nothing to quote.
    if (auto created = query(m_admin_conninfo, "CREATE DATABASE " + name); !created) {
        return std::unexpected(created.error());
    }
    auto conninfo = m_admin_conninfo;
    const auto at = conninfo.find("dbname=postgres");
    if (at == std::string::npos) {
        return std::unexpected("unexpected admin conninfo: " + conninfo);
    }
    return conninfo.replace(at, std::string("dbname=postgres").size(), "dbname=" + name);
}

std::expected<std::vector<std::string>, std::string>
PostgresServer::query(const std::string& conninfo, const std::string& sql, const std::vector<std::string>& params) {
    std::unique_ptr<PGconn, ConnectionCloser> connection(PQconnectdb(conninfo.c_str()));
    if (PQstatus(connection.get()) != CONNECTION_OK) {
        return std::unexpected(std::string("cannot connect: ") + PQerrorMessage(connection.get()));
    }
    std::vector<const char*> values;
    for (const auto& value : params) {
        values.push_back(value.c_str());
    }
    std::unique_ptr<PGresult, ResultClearer> result(PQexecParams(
        connection.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
    const auto status = PQresultStatus(result.get());
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        return std::unexpected(sql + ": " + PQerrorMessage(connection.get()));
    }
    std::vector<std::string> column;
    for (int row = 0; row < PQntuples(result.get()); ++row) {
        column.emplace_back(PQnfields(result.get()) > 0 ? PQgetvalue(result.get(), row, 0) : "");
    }
    return column;
}

std::string PostgresServer::conninfo_value(const std::string& conninfo, const std::string& keyword) {
    const auto at = conninfo.find(keyword + "=");
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + keyword.size() + 1;
    return conninfo.substr(start, conninfo.find(' ', start) - start);
}

} // namespace telecentre::testing
