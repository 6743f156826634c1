#include "pg.hpp"

#include "telecentre/wire/codec.hpp"

#include <charconv>
#include <libpq-fe.h>
#include <optional>
#include <utility>

namespace telecentre::backend::pg {

namespace {

// The server's messages end with a newline and may span lines (DETAIL, HINT): one line reads
// better in a log.
std::string one_line(std::string text) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
        text.pop_back();
    }
    for (char& c : text) {
        if (c == '\n') {
            c = ' ';
        }
    }
    return text;
}

void ignore_notice(void*, const char*) {}

std::vector<const char*> values_of(std::span<const Param> params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& value : params) {
        values.push_back(value ? value->c_str() : nullptr);
    }
    return values;
}

bool succeeded(const pg_result* result) {
    const auto status = PQresultStatus(result);
    return result != nullptr && (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK);
}

} // namespace

StoreError store_error(const Failure& failure, std::string_view operation) {
    const bool lost_race = failure.sqlstate == kUniqueViolation || failure.sqlstate == kSerializationFailure ||
                           failure.sqlstate == kDeadlockDetected || failure.stale_statement;
    // A connection lost during COMMIT leaves the outcome unknown: running the work again could
    // do it twice, so that one is not retryable.
    const bool lost_connection = failure.connection_lost && operation != "commit";
    return StoreError{"PostgreSQL " + std::string(operation) + ": " + failure.message, lost_race || lost_connection};
}

bool Row::is_null(int column) const { return PQgetisnull(m_result, m_row, column) != 0; }

std::string Row::text(int column) const {
    return std::string(PQgetvalue(m_result, m_row, column),
                       static_cast<std::size_t>(PQgetlength(m_result, m_row, column)));
}

std::optional<std::string> Row::optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}

std::int64_t Row::integer(int column) const {
    const char* value = PQgetvalue(m_result, m_row, column);
    std::int64_t number = 0;
    std::from_chars(value, value + PQgetlength(m_result, m_row, column), number);
    return number;
}

bool Row::boolean(int column) const { return PQgetvalue(m_result, m_row, column)[0] == 't'; }

wire::TimePoint Row::time(int column) const { return time_from_text(PQgetvalue(m_result, m_row, column)); }

std::optional<wire::TimePoint> Row::optional_time(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return time(column);
}

wire::Date Row::date(int column) const {
    return wire::parse_date(PQgetvalue(m_result, m_row, column)).value_or(wire::Date{});
}

int Result::rows() const { return PQntuples(m_result.get()); }

int Result::affected_rows() const {
    const char* count = PQcmdTuples(m_result.get());
    int number = 0;
    std::from_chars(count, count + std::char_traits<char>::length(count), number);
    return number;
}

void Result::clear(pg_result* result) { PQclear(result); }

Param param(wire::TimePoint time) { return wire::format_time(time); }

Param param(wire::Date date) { return wire::format_date(date); }

Connection::Connection(Connection&& other) noexcept
    : m_connection(std::exchange(other.m_connection, nullptr)), m_conninfo(std::move(other.m_conninfo)),
      m_session(std::exchange(other.m_session, {})) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        if (m_connection) {
            PQfinish(m_connection);
        }
        m_connection = std::exchange(other.m_connection, nullptr);
        m_conninfo = std::move(other.m_conninfo);
        m_session = std::exchange(other.m_session, {});
    }
    return *this;
}

Connection::~Connection() {
    if (m_connection) {
        PQfinish(m_connection);
    }
}

Expected<Connection> Connection::connect(const std::string& conninfo) {
    // The caller's conninfo comes after our defaults so that its own connect_timeout or
    // application_name win; expand_dbname makes libpq read it as a whole connection string.
    const char* keywords[] = {"connect_timeout", "application_name", "dbname", nullptr};
    const char* values[] = {"10", "telecentre-backend", conninfo.c_str(), nullptr};
    Connection connection(PQconnectdbParams(keywords, values, 1));
    connection.m_conninfo = conninfo;
    if (!connection.m_connection) {
        return std::unexpected(Failure{"", "out of memory", true});
    }
    if (PQstatus(connection.m_connection) != CONNECTION_OK) {
        return std::unexpected(Failure{"", one_line(PQerrorMessage(connection.m_connection)), true});
    }
    PQsetNoticeProcessor(connection.m_connection, ignore_notice, nullptr);
    // Times are read back as "YYYY-MM-DD HH:MM:SS+00" and dates as "YYYY-MM-DD" whatever the
    // server's or the role's defaults.
    if (auto set = connection.exec("SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, YMD'; "
                                   "SET client_encoding TO 'UTF8'");
        !set) {
        return std::unexpected(set.error());
    }
    return connection;
}

Failure Connection::failure(const pg_result* result) {
    Failure failure;
    if (result) {
        if (const char* state = PQresultErrorField(result, PG_DIAG_SQLSTATE)) {
            failure.sqlstate = state;
        }
        failure.message = one_line(PQresultErrorMessage(result));
    }
    if (failure.message.empty()) {
        failure.message = one_line(PQerrorMessage(m_connection));
    }
    failure.connection_lost = PQstatus(m_connection) != CONNECTION_OK;
    // 26000: the server does not know the name (DEALLOCATE ran on this session). 0A000: a
    // statement prepared before a migration changed the type of a column it returns ("cached
    // plan must not change result type"). Both are cured by preparing afresh.
    if (failure.sqlstate == kUnknownStatement || failure.sqlstate == kFeatureNotSupported) {
        failure.stale_statement = true;
        m_session.prepared.clear();
    }
    return failure;
}

Expected<void> Connection::exec(const std::string& sql) {
    m_session.nothing_run_since_begin = false;
    if (std::exchange(m_session.begin_pending, false)) {
        if (auto begun = exec(m_session.begin_sql); !begun) {
            return begun;
        }
    }
    pg_result* raw = PQexec(m_connection, sql.c_str());
    Result result(raw);
    if (!succeeded(raw)) {
        // Several statements give the last one's result; an error stops at the failing one.
        return std::unexpected(failure(raw));
    }
    return {};
}

void Connection::begin(const std::string& begin_sql) {
    m_session.begin_sql = begin_sql;
    m_session.begin_pending = true;
    m_session.nothing_run_since_begin = true;
}

Expected<void> Connection::end(const char* sql) {
    m_session.nothing_run_since_begin = false;
    if (std::exchange(m_session.begin_pending, false)) {
        return {};
    }
    return exec(sql);
}

Expected<void> Connection::commit() { return end("COMMIT"); }

Expected<void> Connection::rollback() { return end("ROLLBACK"); }

template <typename Run> auto Connection::again_if_nothing_lost(Run run) -> decltype(run()) {
    const bool in_transaction = m_session.begin_pending || PQtransactionStatus(m_connection) != PQTRANS_IDLE;
    const bool first_in_transaction = std::exchange(m_session.nothing_run_since_begin, false);
    auto result = run();
    if (result || (in_transaction && !first_in_transaction)) {
        return result;
    }
    if (result.error().stale_statement) {
        if (in_transaction) {
            if (!exec("ROLLBACK")) {
                return result;
            }
            m_session.begin_pending = true;
        }
        return run();
    }
    // Outside a transaction a lost connection leaves the outcome of a write unknown: that one
    // is not run again. A transaction's first statement committed nothing, whatever happened.
    if (result.error().connection_lost && in_transaction && reconnect()) {
        m_session.begin_pending = true;
        return run();
    }
    return result;
}

bool Connection::reconnect() {
    auto fresh = connect(m_conninfo);
    if (!fresh) {
        return false;
    }
    const std::string begin_sql = std::move(m_session.begin_sql);
    *this = std::move(*fresh);
    m_session.begin_sql = begin_sql;
    return true;
}

Expected<const std::string*> Connection::prepared(const std::string& sql, int parameter_count) {
    if (const auto known = m_session.prepared.find(sql); known != m_session.prepared.end()) {
        return &known->second;
    }
    std::string name = "tc" + std::to_string(++m_session.next_name);
    // Parameter types are left to the server to infer from the statement (casts where it cannot).
    pg_result* raw = PQprepare(m_connection, name.c_str(), sql.c_str(), parameter_count, nullptr);
    Result result(raw);
    if (raw == nullptr || PQresultStatus(raw) != PGRES_COMMAND_OK) {
        return std::unexpected(failure(raw));
    }
    // Pointers to a node of an unordered_map stay valid while other names are added.
    return &m_session.prepared.emplace(sql, std::move(name)).first->second;
}

Expected<Result> Connection::query_params(const std::string& sql, std::span<const Param> params) {
    const Statement one{&sql, std::vector<Param>(params.begin(), params.end())};
    auto results = pipeline(std::span<const Statement>(&one, 1));
    if (!results) {
        return std::unexpected(std::move(results.error()));
    }
    return std::move(results->front());
}

Expected<std::vector<Result>> Connection::pipeline(std::span<const Statement> statements) {
    return again_if_nothing_lost([&] { return execute_pipeline(statements); });
}

Expected<std::vector<Result>> Connection::execute_pipeline(std::span<const Statement> statements) {
    std::vector<const std::string*> names;
    names.reserve(statements.size());
    for (const auto& statement : statements) {
        auto name = prepared(*statement.sql, static_cast<int>(statement.params.size()));
        if (!name) {
            return std::unexpected(name.error());
        }
        names.push_back(*name);
    }
    const auto broken = [this](Failure failure) {
        // Half a pipeline sent or read leaves the session in a state nobody should reuse: the
        // pool drops a connection that is not OK.
        PQfinish(m_connection);
        m_connection = nullptr;
        failure.connection_lost = true;
        return std::unexpected(std::move(failure));
    };
    if (PQenterPipelineMode(m_connection) != 1) {
        return std::unexpected(failure(nullptr));
    }
    // The transaction's BEGIN, if not sent yet, goes first in the same round trip.
    const bool with_begin = std::exchange(m_session.begin_pending, false);
    if (with_begin &&
        PQsendQueryParams(m_connection, m_session.begin_sql.c_str(), 0, nullptr, nullptr, nullptr, nullptr, 0) != 1) {
        return broken(failure(nullptr));
    }
    for (std::size_t i = 0; i < statements.size(); ++i) {
        const auto values = values_of(statements[i].params);
        if (PQsendQueryPrepared(m_connection, names[i]->c_str(), static_cast<int>(values.size()), values.data(),
                                nullptr, nullptr, 0) != 1) {
            return broken(failure(nullptr));
        }
    }
    if (PQpipelineSync(m_connection) != 1) {
        return broken(failure(nullptr));
    }
    std::vector<Result> results;
    results.reserve(statements.size());
    std::optional<Failure> first_failure;
    const std::size_t answers = statements.size() + (with_begin ? 1 : 0);
    for (std::size_t i = 0; i < answers; ++i) {
        // Each statement gives its result then a null; after a failure the ones behind it give
        // PGRES_PIPELINE_ABORTED.
        pg_result* raw = PQgetResult(m_connection);
        if (raw == nullptr) {
            return broken(failure(nullptr));
        }
        Result result(raw);
        if (!succeeded(raw)) {
            if (!first_failure) {
                first_failure = failure(raw);
            }
        } else if (!with_begin || i > 0) {
            results.push_back(std::move(result));
        }
        if (PQgetResult(m_connection) != nullptr || PQstatus(m_connection) != CONNECTION_OK) {
            return broken(first_failure.value_or(failure(nullptr)));
        }
    }
    pg_result* sync = PQgetResult(m_connection);
    const bool synced = sync != nullptr && PQresultStatus(sync) == PGRES_PIPELINE_SYNC;
    PQclear(sync);
    if (!synced || PQexitPipelineMode(m_connection) != 1) {
        return broken(first_failure.value_or(failure(nullptr)));
    }
    if (first_failure) {
        return std::unexpected(std::move(*first_failure));
    }
    return results;
}

bool Connection::idle() const {
    return m_connection && !m_session.begin_pending && PQstatus(m_connection) == CONNECTION_OK &&
           PQtransactionStatus(m_connection) == PQTRANS_IDLE;
}

bool Connection::broken() const { return !m_connection || PQstatus(m_connection) != CONNECTION_OK; }

bool Connection::alive() {
    // Reads whatever is waiting without blocking; a server that terminated this backend has
    // sent its farewell and closed the socket, which turns the status bad here.
    return m_connection && PQconsumeInput(m_connection) == 1 && PQstatus(m_connection) == CONNECTION_OK;
}

StoreResult<int> written(std::string_view operation, const Expected<Result>& result) {
    if (!result) {
        return std::unexpected(store_error(result.error(), operation));
    }
    return result->affected_rows();
}

wire::TimePoint time_from_text(std::string_view text) {
    // "YYYY-MM-DD HH:MM:SS" then an optional fraction (never written by the store, floored) and
    // the "+00" of UTC.
    if (text.size() < 22 || text[10] != ' ' || !text.ends_with("+00")) {
        return wire::TimePoint{};
    }
    const auto between = text.substr(19, text.size() - 22);
    if (!between.empty() && between.front() != '.') {
        return wire::TimePoint{};
    }
    std::string iso(text.substr(0, 19));
    iso[10] = 'T';
    iso += 'Z';
    return wire::parse_time(iso).value_or(wire::TimePoint{});
}

} // namespace telecentre::backend::pg
