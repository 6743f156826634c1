#include "demo_tapper.hpp"

#include <cerrno>
#include <cstring>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

namespace telecentre::app {

std::expected<std::string, std::string> send_emulator_command(const std::filesystem::path& socket_path,
                                                              const std::string& command) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const std::string path = socket_path.string();
    if (path.size() >= sizeof address.sun_path) {
        return std::unexpected("control socket path too long");
    }
    std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return std::unexpected(std::string("socket: ") + std::strerror(errno));
    }
    struct Closer {
        int fd;
        ~Closer() { ::close(fd); }
    } closer{fd};
    timeval timeout{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        return std::unexpected("cannot reach the emulator at " + path + ": " + std::strerror(errno));
    }
    const std::string line = command + "\n";
    if (::send(fd, line.data(), line.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(line.size())) {
        return std::unexpected(std::string("send: ") + std::strerror(errno));
    }
    std::string answer;
    char buffer[256];
    while (answer.find('\n') == std::string::npos) {
        const ssize_t got = ::recv(fd, buffer, sizeof buffer, 0);
        if (got <= 0) {
            break;
        }
        answer.append(buffer, static_cast<std::size_t>(got));
    }
    if (auto newline = answer.find('\n'); newline != std::string::npos) {
        answer.resize(newline);
    }
    if (!answer.starts_with("ok")) {
        return std::unexpected(answer.empty() ? std::string("no answer from the emulator") : answer);
    }
    return answer;
}

} // namespace telecentre::app
