#include "link_proxy.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace telecentre::testing {
namespace {

sockaddr_in loopback(std::uint16_t port) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return address;
}

// Listens on 127.0.0.1:port (0: any free port); -1 on failure.
int listen_on(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    auto address = loopback(port);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(fd, 16) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool write_all(int fd, const char* data, ssize_t size) {
    while (size > 0) {
        const ssize_t written = ::send(fd, data, static_cast<std::size_t>(size), MSG_NOSIGNAL);
        if (written <= 0) {
            return false;
        }
        data += written;
        size -= written;
    }
    return true;
}

} // namespace

LinkProxy::LinkProxy(std::uint16_t backend_port) : m_backend_port(backend_port) {
    m_listener = listen_on(0);
    if (m_listener < 0 || ::pipe2(m_wake, O_CLOEXEC) != 0) {
        throw std::runtime_error("cannot start the link proxy");
    }
    sockaddr_in bound{};
    socklen_t length = sizeof bound;
    ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&bound), &length);
    m_port = ntohs(bound.sin_port);
    m_thread = std::thread([this] { run(); });
}

LinkProxy::~LinkProxy() {
    send(Order::stop);
    m_thread.join();
    ::close(m_wake[0]);
    ::close(m_wake[1]);
}

void LinkProxy::cut() { send(Order::cut); }
void LinkProxy::restore() { send(Order::restore); }

void LinkProxy::send(Order order) {
    std::unique_lock lock(m_mutex);
    m_order = order;
    const char byte = 1;
    (void)::write(m_wake[1], &byte, 1);
    // Until the relay has carried it out, so the test goes on from a known state.
    if (!m_done.wait_for(lock, std::chrono::seconds{10}, [this] { return m_order == Order::none; })) {
        throw std::runtime_error("the link proxy did not answer");
    }
}

void LinkProxy::run() {
    std::vector<std::pair<int, int>> relays; // client, backend
    const auto close_relays = [&] {
        for (auto [client, backend] : relays) {
            ::close(client);
            ::close(backend);
        }
        relays.clear();
    };
    for (;;) {
        std::vector<pollfd> watched{{m_wake[0], POLLIN, 0}};
        if (m_listener >= 0) {
            watched.push_back({m_listener, POLLIN, 0});
        }
        for (auto [client, backend] : relays) {
            watched.push_back({client, POLLIN, 0});
            watched.push_back({backend, POLLIN, 0});
        }
        if (::poll(watched.data(), watched.size(), -1) < 0) {
            continue;
        }
        if (watched[0].revents != 0) {
            char byte = 0;
            (void)::read(m_wake[0], &byte, 1);
            std::lock_guard lock(m_mutex);
            const Order order = std::exchange(m_order, Order::none);
            m_done.notify_all();
            if (order == Order::cut || order == Order::stop) {
                close_relays();
                if (m_listener >= 0) {
                    ::close(m_listener);
                    m_listener = -1;
                }
            } else if (order == Order::restore && m_listener < 0) {
                m_listener = listen_on(m_port);
            }
            if (order == Order::stop) {
                return;
            }
            continue; // the watched list is stale now
        }
        std::size_t index = 1;
        // Only the relays in `watched` have poll results; one accepted below waits for the next round.
        const std::vector<std::pair<int, int>> polled = relays;
        if (m_listener >= 0) {
            if (watched[index].revents != 0) {
                const int client = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
                const int backend = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
                auto address = loopback(m_backend_port);
                if (client >= 0 && ::connect(backend, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
                    relays.emplace_back(client, backend);
                } else {
                    ::close(client);
                    ::close(backend);
                }
            }
            ++index;
        }
        std::vector<std::pair<int, int>> kept(relays.begin() + static_cast<std::ptrdiff_t>(polled.size()),
                                              relays.end());
        for (auto [client, backend] : polled) {
            bool open = true;
            for (const auto& [from, to] : {std::pair{client, backend}, std::pair{backend, client}}) {
                if (open && watched[index].revents != 0) {
                    char buffer[16384];
                    const ssize_t got = ::recv(from, buffer, sizeof buffer, 0);
                    open = got > 0 && write_all(to, buffer, got);
                }
                ++index;
            }
            if (open) {
                kept.emplace_back(client, backend);
            } else {
                ::close(client);
                ::close(backend);
            }
        }
        relays.swap(kept);
    }
}

} // namespace telecentre::testing
