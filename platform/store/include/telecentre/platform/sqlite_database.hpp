#pragma once
// A thin owner of one SQLite connection: open with the kiosk's durability settings, run SQL,
// prepared statements with bound values. SQLite error codes are turned into messages here.
// Threading: a connection belongs to one thread.

#include <cstdint>
#include <expected>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace telecentre::platform {

using SqlValue = std::variant<std::nullptr_t, std::int64_t, std::string>;
using SqlRow = std::vector<SqlValue>;

class SqliteDatabase {
public:
    // WAL, synchronous=FULL (a committed tap survives a power cut), foreign keys, busy timeout.
    [[nodiscard]] static std::expected<SqliteDatabase, std::string> open(const std::string& path);

    SqliteDatabase(SqliteDatabase&&) noexcept;
    SqliteDatabase& operator=(SqliteDatabase&&) noexcept;
    ~SqliteDatabase();

    [[nodiscard]] std::expected<void, std::string> execute(std::string_view sql);
    // Runs one statement with positional parameters (?1, ?2...) and returns all rows.
    [[nodiscard]] std::expected<std::vector<SqlRow>, std::string> query(std::string_view sql,
                                                                        const std::vector<SqlValue>& params = {});
    [[nodiscard]] std::int64_t last_insert_id() const;
    [[nodiscard]] int changes() const;

private:
    explicit SqliteDatabase(sqlite3* handle) : m_handle(handle) {}
    [[nodiscard]] std::string last_error() const;

    sqlite3* m_handle = nullptr;
};

// Reads a column as a string or integer, with a default for NULL.
[[nodiscard]] std::string as_text(const SqlValue& value);
[[nodiscard]] std::int64_t as_integer(const SqlValue& value);

} // namespace telecentre::platform
