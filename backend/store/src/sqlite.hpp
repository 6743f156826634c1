#pragma once
// A thin RAII layer over the SQLite C API, private to the store. Errors become StoreError here
// and never leave the store as SQLite codes.

#include "telecentre/backend/store.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace telecentre::backend::sqlite {

class Statement {
public:
    // `lease`: set while a cached statement is out; the statement is reset and handed back to the
    // cache instead of finalized.
    Statement(sqlite3* db, sqlite3_stmt* statement, bool* lease = nullptr)
        : m_db(db), m_statement(statement), m_lease(lease) {}
    Statement(Statement&& other) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Bind by 1-based position. A failed bind is remembered and reported by the next step().
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, std::int64_t number);
    Statement& bind(int index, std::nullopt_t);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, int number) { return bind(index, static_cast<std::int64_t>(number)); }
    Statement& bind(int index, bool flag) { return bind(index, static_cast<std::int64_t>(flag ? 1 : 0)); }
    template <typename T> Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind(index, std::nullopt);
    }

    // true when a row is ready, false when done.
    [[nodiscard]] StoreResult<bool> step();

    [[nodiscard]] std::string text(int column) const;
    [[nodiscard]] std::optional<std::string> optional_text(int column) const;
    [[nodiscard]] std::int64_t integer(int column) const;
    [[nodiscard]] bool is_null(int column) const;

private:
    void remember(int code);

    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_statement = nullptr;
    bool* m_lease = nullptr;
    int m_bind_error = 0;
};

// Prepared statements kept per connection, by SQL text: parsing and planning cost more than
// running most of our queries.
struct StatementCache;

class Database {
public:
    Database();
    Database(Database&& other) noexcept;
    Database& operator=(Database&& other) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    // Opens (creating) the file with WAL, synchronous=FULL, foreign keys and a busy timeout.
    [[nodiscard]] static StoreResult<Database> open(const std::filesystem::path& file);

    [[nodiscard]] StoreResult<void> exec(const std::string& sql);
    // From the connection's cache when that SQL was prepared before and is not in use.
    [[nodiscard]] StoreResult<Statement> prepare(std::string_view sql);

    template <typename... Args> [[nodiscard]] StoreResult<Statement> query(std::string_view sql, const Args&... args) {
        auto statement = prepare(sql);
        if (statement) {
            int index = 0;
            (statement->bind(++index, args), ...);
        }
        return statement;
    }

    // Runs a statement that returns no rows; gives the number of rows changed.
    template <typename... Args> [[nodiscard]] StoreResult<int> execute(std::string_view sql, const Args&... args) {
        auto statement = query(sql, args...);
        if (!statement) {
            return std::unexpected(statement.error());
        }
        if (auto done = statement->step(); !done) {
            return std::unexpected(done.error());
        }
        return changes();
    }

    [[nodiscard]] std::int64_t last_insert_rowid() const;
    [[nodiscard]] int changes() const;
    [[nodiscard]] StoreError error(std::string_view what) const;

private:
    explicit Database(sqlite3* db);
    void close();
    sqlite3* m_db = nullptr;
    std::unique_ptr<StatementCache> m_cache;
};

// Reads every row of a statement with `read(row)`.
template <typename T, typename Read>
[[nodiscard]] StoreResult<std::vector<T>> collect(StoreResult<Statement> statement, Read read) {
    if (!statement) {
        return std::unexpected(statement.error());
    }
    std::vector<T> rows;
    while (true) {
        auto more = statement->step();
        if (!more) {
            return std::unexpected(more.error());
        }
        if (!*more) {
            return rows;
        }
        rows.push_back(read(*statement));
    }
}

// Reads the first row of a statement, if any, with `read(row)`.
template <typename T, typename Read>
[[nodiscard]] StoreResult<std::optional<T>> first_row(StoreResult<Statement> statement, Read read) {
    if (!statement) {
        return std::unexpected(statement.error());
    }
    auto found = statement->step();
    if (!found) {
        return std::unexpected(found.error());
    }
    if (!*found) {
        return std::optional<T>{};
    }
    return std::optional<T>{read(*statement)};
}

// Times and dates as the schema stores them (ISO 8601 text, UTC).
[[nodiscard]] std::string to_column(wire::TimePoint time);
[[nodiscard]] std::string date_column(wire::Date date);
[[nodiscard]] wire::TimePoint time_from_column(const std::string& text);
[[nodiscard]] wire::Date date_from_column(const std::string& text);

} // namespace telecentre::backend::sqlite
