#pragma once
// A kiosk's link, for tests: a TCP relay on 127.0.0.1 between a client and the backend's port.
// cut() closes every relayed connection and stops listening (new connections are refused, as
// with a link down); restore() listens again on the same port. The backend stays up meanwhile,
// so other kiosks keep using it.
// Threading: the relay runs its own thread; cut(), restore() and the destructor from the test's.

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace telecentre::testing {

class LinkProxy {
public:
    explicit LinkProxy(std::uint16_t backend_port);
    ~LinkProxy();
    LinkProxy(const LinkProxy&) = delete;
    LinkProxy& operator=(const LinkProxy&) = delete;

    [[nodiscard]] std::uint16_t port() const { return m_port; }
    void cut();
    void restore();

private:
    enum class Order { none, cut, restore, stop };
    void send(Order order);
    void run();

    std::uint16_t m_backend_port;
    std::uint16_t m_port = 0;
    int m_listener = -1;
    int m_wake[2] = {-1, -1};
    std::mutex m_mutex;
    Order m_order = Order::none;
    std::condition_variable m_done;
    std::thread m_thread;
};

} // namespace telecentre::testing
