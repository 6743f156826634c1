#include "pg.hpp"

#include "telecentre/wire/codec.hpp"

#include <charconv>
#include <libpq-fe.h>
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

} // namespace

StoreError store_error(const Failure& failure, std::string_view operation) {
    const bool lost_race = failure.sqlstate == kUniqueViolation || failure.sqlstate == kSerializationFailure ||
                           failure.sqlstate == kDeadlockDetected;
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

Connection::Connection(Connection&& other) noexcept : m_connection(std::exchange(other.m_connection, nullptr)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
    if (this != &other) {
        if (m_connection) {
            PQfinish(m_connection);
        }
        m_connection = std::exchange(other.m_connection, nullptr);
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

Failure Connection::failure(const pg_result* result) const {
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
    return failure;
}

Expected<void> Connection::exec(const std::string& sql) {
    pg_result* raw = PQexec(m_connection, sql.c_str());
    Result result(raw);
    const auto status = PQresultStatus(raw);
    // Several statements give the last one's result; an error stops at the failing one.
    if (raw == nullptr || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)) {
        return std::unexpected(failure(raw));
    }
    return {};
}

Expected<Result> Connection::query_params(const std::string& sql, std::span<const Param> params) {
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const auto& value : params) {
        values.push_back(value ? value->c_str() : nullptr);
    }
    // Text parameters whose types the server infers from the statement (casts where it cannot).
    pg_result* raw = PQexecParams(m_connection, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                  nullptr, nullptr, 0);
    Result result(raw);
    const auto status = PQresultStatus(raw);
    if (raw == nullptr || (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)) {
        return std::unexpected(failure(raw));
    }
    return result;
}

bool Connection::idle() const {
    return m_connection && PQstatus(m_connection) == CONNECTION_OK && PQtransactionStatus(m_connection) == PQTRANS_IDLE;
}

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
