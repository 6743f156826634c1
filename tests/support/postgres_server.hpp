#pragma once
// A real PostgreSQL server for the tests, and a fresh empty database for each test.
//
// ctest runs each test case as a process of its own, so the cluster is not made per test: the
// ctest fixture `postgres` (tests/CMakeLists.txt) starts one for the whole run with
// scripts/test-postgres and points TELECENTRE_TEST_POSTGRES at its conninfo file. A test program
// run by hand, without that variable, starts a cluster of its own on first use; it is stopped
// when the process exits, and by the script's watcher if the process crashed.
//
// Threading: every function may be called from any thread.

#include <expected>
#include <string>
#include <vector>

namespace telecentre::testing {

class PostgresServer {
public:
    // The server of this test process, started if needed (initdb and start take about two
    // seconds; the reason is returned when it cannot start).
    [[nodiscard]] static std::expected<PostgresServer*, std::string> shared();

    // The superuser on the `postgres` database.
    [[nodiscard]] const std::string& admin_conninfo() const { return m_admin_conninfo; }

    // CREATE DATABASE with a name of its own; gives its conninfo. Databases are not dropped:
    // they go with the cluster at the end of the run.
    [[nodiscard]] std::expected<std::string, std::string> create_database();

    // Runs `sql` with text parameters on `conninfo`; gives the first column of every row
    // ("" for NULL). For tests that look behind the store (pg_stat_activity, pg_locks).
    [[nodiscard]] static std::expected<std::vector<std::string>, std::string>
    query(const std::string& conninfo, const std::string& sql, const std::vector<std::string>& params = {});

    // The value of `keyword` in a conninfo made by this class ("dbname", "port").
    [[nodiscard]] static std::string conninfo_value(const std::string& conninfo, const std::string& keyword);

private:
    explicit PostgresServer(std::string admin_conninfo) : m_admin_conninfo(std::move(admin_conninfo)) {}
    std::string m_admin_conninfo;
};

} // namespace telecentre::testing
