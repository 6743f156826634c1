#include "sqlite.hpp"

#include "telecentre/wire/codec.hpp"

#include <sqlite3.h>
#include <unordered_map>
#include <utility>

namespace telecentre::backend::sqlite {

struct StatementCache {
    static constexpr std::size_t kMaxEntries = 128;
    struct Entry {
        sqlite3_stmt* statement = nullptr;
        bool in_use = false;
    };
    std::unordered_map<std::string, Entry> entries; // node-based: an Entry never moves
};

Statement::Statement(Statement&& other) noexcept
    : m_db(other.m_db), m_statement(std::exchange(other.m_statement, nullptr)),
      m_lease(std::exchange(other.m_lease, nullptr)), m_bind_error(other.m_bind_error) {}

Statement::~Statement() {
    if (m_lease) {
        sqlite3_reset(m_statement);
        sqlite3_clear_bindings(m_statement);
        *m_lease = false;
    } else {
        sqlite3_finalize(m_statement);
    }
}

void Statement::remember(int code) {
    if (code != SQLITE_OK && m_bind_error == 0) {
        m_bind_error = code;
    }
}

Statement& Statement::bind(int index, std::string_view text) {
    remember(sqlite3_bind_text64(m_statement, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8));
    return *this;
}

Statement& Statement::bind(int index, std::int64_t number) {
    remember(sqlite3_bind_int64(m_statement, index, number));
    return *this;
}

Statement& Statement::bind(int index, std::nullopt_t) {
    remember(sqlite3_bind_null(m_statement, index));
    return *this;
}

StoreResult<bool> Statement::step() {
    if (m_bind_error != 0) {
        return std::unexpected(StoreError{std::string("cannot bind a parameter: ") + sqlite3_errstr(m_bind_error)});
    }
    const int code = sqlite3_step(m_statement);
    if (code == SQLITE_ROW) {
        return true;
    }
    if (code == SQLITE_DONE) {
        return false;
    }
    return std::unexpected(StoreError{std::string(sqlite3_errmsg(m_db)) + " (in: " + sqlite3_sql(m_statement) + ")"});
}

std::string Statement::text(int column) const {
    const auto* bytes = sqlite3_column_text(m_statement, column);
    if (bytes == nullptr) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(bytes),
                       static_cast<std::size_t>(sqlite3_column_bytes(m_statement, column)));
}

std::optional<std::string> Statement::optional_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}

std::int64_t Statement::integer(int column) const { return sqlite3_column_int64(m_statement, column); }

bool Statement::is_null(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }

Database::Database() = default;

Database::Database(sqlite3* db) : m_db(db), m_cache(std::make_unique<StatementCache>()) {}

Database::Database(Database&& other) noexcept
    : m_db(std::exchange(other.m_db, nullptr)), m_cache(std::move(other.m_cache)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        close();
        m_db = std::exchange(other.m_db, nullptr);
        m_cache = std::move(other.m_cache);
    }
    return *this;
}

Database::~Database() { close(); }

void Database::close() {
    if (m_cache) {
        for (auto& [sql, entry] : m_cache->entries) {
            sqlite3_finalize(entry.statement);
        }
        m_cache->entries.clear();
    }
    sqlite3_close_v2(m_db);
    m_db = nullptr;
}

StoreResult<Database> Database::open(const std::filesystem::path& file) {
    sqlite3* raw = nullptr;
    const int code =
        sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    Database db(raw);
    if (code != SQLITE_OK) {
        return std::unexpected(
            StoreError{"cannot open " + file.string() + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(code))});
    }
    sqlite3_extended_result_codes(raw, 1);
    // WAL lets readers run beside the writer; synchronous=FULL makes every commit durable (a kiosk
    // was told "checked in", so the row must survive a power cut); the busy timeout covers the
    // provision-device command writing while the server runs.
    auto pragmas = db.exec("PRAGMA journal_mode = WAL;"
                           "PRAGMA synchronous = FULL;"
                           "PRAGMA foreign_keys = ON;"
                           "PRAGMA busy_timeout = 5000;");
    if (!pragmas) {
        return std::unexpected(pragmas.error());
    }
    return db;
}

StoreResult<void> Database::exec(const std::string& sql) {
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        StoreError failure{message ? message : sqlite3_errmsg(m_db)};
        sqlite3_free(message);
        return std::unexpected(std::move(failure));
    }
    return {};
}

StoreResult<Statement> Database::prepare(std::string_view sql) {
    const std::string key(sql);
    if (m_cache) {
        if (auto found = m_cache->entries.find(key); found != m_cache->entries.end()) {
            if (!found->second.in_use) {
                found->second.in_use = true;
                return Statement(m_db, found->second.statement, &found->second.in_use);
            }
        } else if (m_cache->entries.size() < StatementCache::kMaxEntries) {
            sqlite3_stmt* statement = nullptr;
            if (sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                   &statement, nullptr) != SQLITE_OK) {
                return std::unexpected(error("cannot prepare \"" + key + "\""));
            }
            auto& entry = m_cache->entries[key];
            entry = {statement, true};
            return Statement(m_db, statement, &entry.in_use);
        }
    }
    // Already out (a nested query of the same text) or the cache is full: a statement of its own.
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql.data(), static_cast<int>(sql.size()), &statement, nullptr) != SQLITE_OK) {
        return std::unexpected(error("cannot prepare \"" + std::string(sql) + "\""));
    }
    return Statement(m_db, statement);
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(m_db); }

int Database::changes() const { return sqlite3_changes(m_db); }

StoreError Database::error(std::string_view what) const {
    return StoreError{std::string(what) + ": " + sqlite3_errmsg(m_db)};
}

std::string to_column(wire::TimePoint time) { return wire::format_time(time); }

std::string date_column(wire::Date date) { return wire::format_date(date); }

// The schema's CHECKs and our own writes keep these columns well-formed; a hand-edited bad
// value reads as the epoch rather than stopping every check-in.
wire::TimePoint time_from_column(const std::string& text) { return wire::parse_time(text).value_or(wire::TimePoint{}); }

wire::Date date_from_column(const std::string& text) { return wire::parse_date(text).value_or(wire::Date{}); }

} // namespace telecentre::backend::sqlite
