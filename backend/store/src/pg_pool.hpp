#pragma once
// The PostgreSQL store's connections: made lazily up to a maximum, handed out one thread at a
// time, taken back when idle, dropped when broken (a new one is made in its place on demand).
//
// Threading: acquire() from any thread; a Lease belongs to the thread that acquired it.

#include "pg.hpp"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::backend::pg {

class Pool {
public:
    // `secret` is the conninfo's password (may be empty): it is masked out of every message.
    Pool(std::string conninfo, std::string secret, int max_size);
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    class Lease {
    public:
        Lease(Pool& pool, Connection connection) : m_pool(&pool), m_connection(std::move(connection)) {}
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        ~Lease();

        Connection& operator*() { return *m_connection; }
        Connection* operator->() { return &*m_connection; }
        // Closes the connection instead of giving it back (it broke, or its state is unknown).
        void discard();

    private:
        Pool* m_pool;
        std::optional<Connection> m_connection;
    };

    // An idle connection, a new one while fewer than max_size are open, or the first one given
    // back within the wait. Connections the server closed while they sat idle are dropped here.
    [[nodiscard]] StoreResult<Lease> acquire();

    // Acquires a connection and begins a transaction on it with `begin_sql` (BEGIN ...), sent
    // with its first statement (Connection::begin).
    [[nodiscard]] StoreResult<Lease> begin(const std::string& begin_sql);

    [[nodiscard]] int max_size() const { return m_max_size; }
    // `message` with the password masked.
    [[nodiscard]] std::string scrub(std::string message) const;

private:
    void give_back(std::optional<Connection> connection);

    const std::string m_conninfo;
    const std::string m_secret;
    const int m_max_size;
    std::chrono::seconds m_wait{30};

    std::mutex m_mutex;
    std::condition_variable m_returned;
    std::vector<Connection> m_idle;
    int m_open = 0; // idle + leased
};

} // namespace telecentre::backend::pg
