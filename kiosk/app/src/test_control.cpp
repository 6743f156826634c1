#include "test_control.hpp"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace telecentre::app {

TestControl::~TestControl() {
    if (m_thread.joinable()) {
        const std::uint64_t one = 1;
        (void)!::write(m_stop, &one, sizeof one);
        m_thread.join();
    }
    for (const int fd : {m_fifo, m_stop}) {
        if (fd >= 0) {
            ::close(fd);
        }
    }
}

bool TestControl::start_from_environment(OnLine on_line) {
    const char* path = std::getenv("TELECENTRE_CONTROL");
    if (path == nullptr || *path == '\0') {
        return false;
    }
    // Read-write so that the FIFO never reads as ended between two writers.
    m_fifo = ::open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC);
    m_stop = ::eventfd(0, EFD_CLOEXEC);
    if (m_fifo < 0 || m_stop < 0) {
        std::fprintf(stderr, "telecentre-kiosk: TELECENTRE_CONTROL %s: %s\n", path, std::strerror(errno));
        return false;
    }
    std::fprintf(stderr, "telecentre-kiosk: test control from %s\n", path);
    m_on_line = std::move(on_line);
    m_thread = std::thread([this] { run(); });
    return true;
}

void TestControl::run() {
    std::string pending;
    char buffer[512];
    for (;;) {
        pollfd fds[2] = {{m_fifo, POLLIN, 0}, {m_stop, POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if (fds[1].revents != 0) {
            return;
        }
        const auto got = ::read(m_fifo, buffer, sizeof buffer);
        if (got <= 0) {
            continue;
        }
        pending.append(buffer, static_cast<std::size_t>(got));
        for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
            std::string line = pending.substr(0, end);
            pending.erase(0, end + 1);
            if (!line.empty()) {
                m_on_line(std::move(line));
            }
        }
        if (pending.size() > 4096) {
            pending.clear(); // not ours: no line is that long
        }
    }
}

} // namespace telecentre::app
