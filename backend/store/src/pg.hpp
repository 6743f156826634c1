#pragma once
// A thin RAII layer over libpq, private to the store: a connection, results freed by their
// owner, parameters always sent apart from the SQL text. libpq's failures become pg::Failure
// here, and StoreError (with the operation's name) before they leave the store.
//
// Every parameterised statement is prepared on the server once per connection (PQprepare) and
// executed by name afterwards (PQexecPrepared): the server parses and plans it once, not once a
// request. The names live with the Connection, so a connection the pool replaces starts with an
// empty cache and prepares again on its new session; a statement the server no longer knows or
// can no longer run as planned (DEALLOCATE, a column type changed by a migration) empties the
// cache and is prepared again, at once outside a transaction and by the re-run of the unit of
// work inside one.
//
// Threading: a Connection is used by one thread at a time (the pool hands it out).

#include "telecentre/backend/store.hpp"

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;

namespace telecentre::backend::pg {

// SQLSTATE codes the store acts on.
inline constexpr std::string_view kUniqueViolation = "23505";
inline constexpr std::string_view kExclusionViolation = "23P01";
inline constexpr std::string_view kSerializationFailure = "40001";
inline constexpr std::string_view kDeadlockDetected = "40P01";
inline constexpr std::string_view kUnknownStatement = "26000";
inline constexpr std::string_view kFeatureNotSupported = "0A000"; // "cached plan must not change result type"

struct Failure {
    std::string sqlstate; // empty when libpq failed before the server answered
    std::string message;
    bool connection_lost = false;
    // A prepared statement the server no longer knows or can no longer run as planned; the
    // connection's cache was emptied, so the same work run again prepares it afresh.
    bool stale_statement = false;
};

template <typename T> using Expected = std::expected<T, Failure>;

// A failure as the store reports it: "PostgreSQL <operation>: <what the server said>". Lost
// races (unique violation, serialization failure, deadlock) and a connection lost outside of
// COMMIT are retryable: running the unit of work again may succeed. So is a stale prepared
// statement.
[[nodiscard]] StoreError store_error(const Failure& failure, std::string_view operation);

// One row of a Result, read by column number. Reading a NULL as text gives "".
class Row {
public:
    Row(const pg_result* result, int row) : m_result(result), m_row(row) {}

    [[nodiscard]] bool is_null(int column) const;
    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] std::optional<std::string> optional_text(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const;
    [[nodiscard]] bool boolean(int column) const; // "t" / "f"
    [[nodiscard]] wire::TimePoint time(int column) const;
    [[nodiscard]] std::optional<wire::TimePoint> optional_time(int column) const;
    [[nodiscard]] wire::Date date(int column) const;

private:
    const pg_result* m_result;
    int m_row;
};

class Result {
public:
    explicit Result(pg_result* result) : m_result(result, &Result::clear) {}

    [[nodiscard]] int rows() const;
    [[nodiscard]] int affected_rows() const; // of an INSERT, UPDATE or DELETE
    [[nodiscard]] Row row(int index) const { return Row(m_result.get(), index); }

private:
    static void clear(pg_result* result);
    std::unique_ptr<pg_result, void (*)(pg_result*)> m_result;
};

// A parameter in PostgreSQL's text form; nullopt is NULL. Times go as "YYYY-MM-DDTHH:MM:SSZ",
// dates as "YYYY-MM-DD", flags as "true"/"false".
using Param = std::optional<std::string>;
[[nodiscard]] inline Param param(std::string_view text) { return std::string(text); }
[[nodiscard]] inline Param param(const std::string& text) { return text; }
[[nodiscard]] inline Param param(const char* text) { return std::string(text); }
[[nodiscard]] inline Param param(std::nullopt_t) { return std::nullopt; }
[[nodiscard]] inline Param param(bool flag) { return std::string(flag ? "true" : "false"); }
[[nodiscard]] inline Param param(int number) { return std::to_string(number); }
[[nodiscard]] inline Param param(std::int64_t number) { return std::to_string(number); }
[[nodiscard]] Param param(wire::TimePoint time);
[[nodiscard]] Param param(wire::Date date);
template <typename T> [[nodiscard]] Param param(const std::optional<T>& value) {
    return value ? param(*value) : Param{};
}

// One statement of a pipeline: its SQL text (prepared on first use) and its parameters.
struct Statement {
    const std::string* sql = nullptr;
    std::vector<Param> params;
};

template <typename... Args> [[nodiscard]] Statement statement(const std::string& sql, const Args&... args) {
    return Statement{&sql, std::vector<Param>{param(args)...}};
}

class Connection {
public:
    Connection() = default;
    Connection(Connection&& other) noexcept;
    Connection& operator=(Connection&& other) noexcept;
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    ~Connection();

    // Connects and sets the session up: UTC, ISO dates, UTF-8, notices silenced.
    [[nodiscard]] static Expected<Connection> connect(const std::string& conninfo);

    // SQL without parameters, possibly several statements (SAVEPOINT, a migration file).
    [[nodiscard]] Expected<void> exec(const std::string& sql);
    // Opens a transaction with `begin_sql` (BEGIN ...). The BEGIN is not sent on its own: it goes
    // with the transaction's first statement, in one round trip (a snapshot is taken by the
    // first statement anyway, not by BEGIN). Should that first statement fail as a stale
    // prepared statement or find the connection closed (the server restarted, an administrator
    // ended the session), the transaction, which has done nothing yet, is begun again (on a new
    // connection) and the statement prepared and run afresh: the caller never sees it.
    void begin(const std::string& begin_sql);
    // End the transaction begun (nothing to send when it never ran a statement).
    [[nodiscard]] Expected<void> commit();
    [[nodiscard]] Expected<void> rollback();
    // A prepared statement (prepared on this connection the first time its text is seen).
    [[nodiscard]] Expected<Result> query_params(const std::string& sql, std::span<const Param> params);
    // Several prepared statements sent at once and answered together: one round trip. They run
    // in order, each seeing what the ones before it did (and, at READ COMMITTED, what other
    // transactions committed before it started); the first failure stops the rest and is the
    // error returned.
    [[nodiscard]] Expected<std::vector<Result>> pipeline(std::span<const Statement> statements);

    template <typename... Args> [[nodiscard]] Expected<Result> query(const std::string& sql, const Args&... args) {
        const Param params[] = {Param{}, param(args)...};
        return query_params(sql, std::span<const Param>(params).subspan(1));
    }

    // Connected, and not inside a transaction: fit to go back to the pool.
    [[nodiscard]] bool idle() const;
    // The connection is known to be lost (a statement found it closed).
    [[nodiscard]] bool broken() const;
    // False when the server is known to have closed the connection (checked without a round
    // trip, from what has already arrived on the socket).
    [[nodiscard]] bool alive();

private:
    explicit Connection(pg_conn* connection) : m_connection(connection) {}
    [[nodiscard]] Failure failure(const pg_result* result);
    // The server-side name of `sql`, prepared now if this connection has not prepared it yet.
    [[nodiscard]] Expected<const std::string*> prepared(const std::string& sql, int parameter_count);
    [[nodiscard]] Expected<std::vector<Result>> execute_pipeline(std::span<const Statement> statements);
    // Runs `run` once more when it failed for a reason that running again cures and nothing
    // else was lost with it: a stale statement outside a transaction or as the first statement
    // of one (begun again first), a connection found lost by the first statement of a
    // transaction (on a new connection).
    template <typename Run> auto again_if_nothing_lost(Run run) -> decltype(run());
    // Replaces the server session by a new one (nothing prepared yet), keeping the BEGIN.
    [[nodiscard]] bool reconnect();
    [[nodiscard]] Expected<void> end(const char* sql);

    // What this connection's server session holds beside the socket.
    struct Session {
        // Statement text -> its name on the server.
        std::unordered_map<std::string, std::string> prepared;
        // Names are never reused, so one left on the server after the cache was emptied is
        // harmless.
        std::uint64_t next_name = 0;
        std::string begin_sql;                // of the transaction begun
        bool begin_pending = false;           // begun, BEGIN not sent yet
        bool nothing_run_since_begin = false; // the transaction can be begun again at no loss
    };

    pg_conn* m_connection = nullptr;
    std::string m_conninfo;
    Session m_session;
};

// Collects every row with `read`, or the failure as a StoreError naming `operation`.
template <typename T, typename Read>
[[nodiscard]] StoreResult<std::vector<T>> collect(std::string_view operation, const Expected<Result>& result,
                                                  Read read) {
    if (!result) {
        return std::unexpected(store_error(result.error(), operation));
    }
    std::vector<T> rows;
    rows.reserve(static_cast<std::size_t>(result->rows()));
    for (int i = 0; i < result->rows(); ++i) {
        rows.push_back(read(result->row(i)));
    }
    return rows;
}

template <typename T, typename Read>
[[nodiscard]] StoreResult<std::optional<T>> first_row(std::string_view operation, const Expected<Result>& result,
                                                      Read read) {
    if (!result) {
        return std::unexpected(store_error(result.error(), operation));
    }
    if (result->rows() == 0) {
        return std::optional<T>{};
    }
    return std::optional<T>{read(result->row(0))};
}

// For writes: the number of rows written.
[[nodiscard]] StoreResult<int> written(std::string_view operation, const Expected<Result>& result);

// "2026-12-01 08:00:00+00" (timestamptz with TimeZone UTC, DateStyle ISO) as a time point; a
// value in any other form reads as the epoch, like the SQLite store's malformed text.
[[nodiscard]] wire::TimePoint time_from_text(std::string_view text);

} // namespace telecentre::backend::pg
