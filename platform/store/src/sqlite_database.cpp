#include "telecentre/platform/sqlite_database.hpp"

#include <cstdlib>
#include <sqlite3.h>
#include <utility>

namespace telecentre::platform {

std::expected<SqliteDatabase, std::string> SqliteDatabase::open(const std::string& path) {
    sqlite3* handle = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &handle, flags, nullptr) != SQLITE_OK) {
        std::string message = handle ? sqlite3_errmsg(handle) : "out of memory";
        sqlite3_close(handle);
        return std::unexpected("cannot open " + path + ": " + message);
    }
    SqliteDatabase database{handle};
    sqlite3_busy_timeout(handle, 5000);
    auto setup = database.execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
    if (!setup) {
        return std::unexpected("cannot configure " + path + ": " + setup.error());
    }
    return database;
}

SqliteDatabase::SqliteDatabase(SqliteDatabase&& other) noexcept : m_handle(std::exchange(other.m_handle, nullptr)) {}

SqliteDatabase& SqliteDatabase::operator=(SqliteDatabase&& other) noexcept {
    if (this != &other) {
        sqlite3_close(m_handle);
        m_handle = std::exchange(other.m_handle, nullptr);
    }
    return *this;
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(m_handle); }

std::string SqliteDatabase::last_error() const { return sqlite3_errmsg(m_handle); }

std::expected<void, std::string> SqliteDatabase::execute(std::string_view sql) {
    const std::string text(sql);
    char* message = nullptr;
    if (sqlite3_exec(m_handle, text.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        std::string error = message ? message : last_error();
        sqlite3_free(message);
        return std::unexpected(error);
    }
    return {};
}

std::expected<std::vector<SqlRow>, std::string> SqliteDatabase::query(std::string_view sql,
                                                                      const std::vector<SqlValue>& params) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_handle, sql.data(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK) {
        return std::unexpected(last_error());
    }
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owner(statement, sqlite3_finalize);
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i + 1);
        const int status = std::visit(
            [&](const auto& value) -> int {
                using T = std::decay_t<decltype(value)>;
                if constexpr (std::is_same_v<T, std::nullptr_t>) {
                    return sqlite3_bind_null(statement, index);
                } else if constexpr (std::is_same_v<T, std::int64_t>) {
                    return sqlite3_bind_int64(statement, index, value);
                } else {
                    return sqlite3_bind_text(statement, index, value.data(), static_cast<int>(value.size()),
                                             SQLITE_TRANSIENT);
                }
            },
            params[i]);
        if (status != SQLITE_OK) {
            return std::unexpected(last_error());
        }
    }
    std::vector<SqlRow> rows;
    for (;;) {
        const int status = sqlite3_step(statement);
        if (status == SQLITE_DONE) {
            return rows;
        }
        if (status != SQLITE_ROW) {
            return std::unexpected(last_error());
        }
        SqlRow row;
        const int columns = sqlite3_column_count(statement);
        for (int column = 0; column < columns; ++column) {
            switch (sqlite3_column_type(statement, column)) {
            case SQLITE_NULL: row.emplace_back(nullptr); break;
            case SQLITE_INTEGER:
                row.emplace_back(static_cast<std::int64_t>(sqlite3_column_int64(statement, column)));
                break;
            default: {
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, column));
                row.emplace_back(std::string(text ? text : ""));
            }
            }
        }
        rows.push_back(std::move(row));
    }
}

std::int64_t SqliteDatabase::last_insert_id() const { return sqlite3_last_insert_rowid(m_handle); }

int SqliteDatabase::changes() const { return sqlite3_changes(m_handle); }

std::string as_text(const SqlValue& value) {
    if (const auto* text = std::get_if<std::string>(&value)) {
        return *text;
    }
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
        return std::to_string(*number);
    }
    return {};
}

std::int64_t as_integer(const SqlValue& value) {
    if (const auto* number = std::get_if<std::int64_t>(&value)) {
        return *number;
    }
    if (const auto* text = std::get_if<std::string>(&value)) {
        return std::strtoll(text->c_str(), nullptr, 10);
    }
    return 0;
}

} // namespace telecentre::platform
