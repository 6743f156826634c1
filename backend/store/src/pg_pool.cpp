#include "pg_pool.hpp"

#include <utility>

namespace telecentre::backend::pg {

Pool::Pool(std::string conninfo, std::string secret, int max_size)
    : m_conninfo(std::move(conninfo)), m_secret(std::move(secret)), m_max_size(max_size < 1 ? 1 : max_size) {}

Pool::Lease::Lease(Lease&& other) noexcept
    : m_pool(other.m_pool), m_connection(std::exchange(other.m_connection, std::nullopt)) {}

Pool::Lease::~Lease() {
    if (m_connection) {
        m_pool->give_back(std::exchange(m_connection, std::nullopt));
    }
}

void Pool::Lease::discard() {
    if (m_connection) {
        m_connection.reset();
        m_pool->give_back(std::nullopt);
    }
}

StoreResult<Pool::Lease> Pool::acquire() {
    std::unique_lock lock(m_mutex);
    for (;;) {
        while (!m_idle.empty()) {
            Connection connection = std::move(m_idle.back());
            m_idle.pop_back();
            if (connection.alive()) {
                return Lease(*this, std::move(connection));
            }
            --m_open;
        }
        if (m_open < m_max_size) {
            break;
        }
        if (!m_returned.wait_for(lock, m_wait, [this] { return !m_idle.empty() || m_open < m_max_size; })) {
            return std::unexpected(StoreError{"PostgreSQL: no connection free within " +
                                                  std::to_string(m_wait.count()) + " s (" + std::to_string(m_max_size) +
                                                  " in use)",
                                              true});
        }
    }
    // Counted before connecting, outside the lock: a slow connect must not hold up the others.
    ++m_open;
    lock.unlock();
    auto connection = Connection::connect(m_conninfo);
    if (!connection) {
        give_back(std::nullopt);
        return std::unexpected(StoreError{scrub("PostgreSQL connect: " + connection.error().message), true});
    }
    return Lease(*this, std::move(*connection));
}

StoreResult<Pool::Lease> Pool::begin(const std::string& begin_sql) {
    auto lease = acquire();
    if (lease) {
        (*lease)->begin(begin_sql);
    }
    return lease;
}

std::string Pool::scrub(std::string message) const {
    if (m_secret.empty()) {
        return message;
    }
    for (auto at = message.find(m_secret); at != std::string::npos; at = message.find(m_secret, at)) {
        message.replace(at, m_secret.size(), "********");
    }
    return message;
}

void Pool::give_back(std::optional<Connection> connection) {
    {
        std::lock_guard lock(m_mutex);
        if (connection && connection->idle()) {
            m_idle.push_back(std::move(*connection));
        } else {
            --m_open;
        }
    }
    m_returned.notify_one();
}

} // namespace telecentre::backend::pg
