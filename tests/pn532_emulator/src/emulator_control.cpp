#include "telecentre/testing/emulator_control.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <poll.h>
#include <sstream>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <vector>

namespace telecentre::testing {
namespace {

constexpr std::size_t kMaxLine = 1024;
constexpr std::chrono::milliseconds kMaxHold{10 * 60 * 1000};
constexpr int kClientTimeoutMs = 5000;

std::vector<std::string_view> split_words(std::string_view line) {
    std::vector<std::string_view> words;
    std::size_t position = 0;
    while (position < line.size()) {
        const auto start = line.find_first_not_of(" \t\r", position);
        if (start == std::string_view::npos) {
            break;
        }
        const auto end = std::min(line.find_first_of(" \t\r", start), line.size());
        words.push_back(line.substr(start, end - start));
        position = end;
    }
    return words;
}

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

std::expected<sockaddr_un, std::string> socket_address(const std::filesystem::path& path) {
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    const auto text = path.string();
    if (text.empty() || text.size() >= sizeof(address.sun_path)) {
        return std::unexpected("a control socket path must be 1 to " + std::to_string(sizeof(address.sun_path) - 1) +
                               " characters: " + text);
    }
    std::copy(text.begin(), text.end(), address.sun_path);
    return address;
}

void write_line(int fd, const std::string& line) {
    const std::string out = line + "\n";
    std::size_t done = 0;
    while (done < out.size()) {
        const auto written = ::send(fd, out.data() + done, out.size() - done, MSG_NOSIGNAL);
        if (written <= 0) {
            if (written < 0 && errno == EINTR) {
                continue;
            }
            return;
        }
        done += static_cast<std::size_t>(written);
    }
}

} // namespace

std::string EmulatorControl::status() const {
    const auto counters = m_emulator.counters();
    const auto uid = m_emulator.card_uid();
    std::ostringstream out;
    out << "ok plugged=" << (m_emulator.plugged() ? "yes" : "no") << " card=" << (uid ? uid_to_hex(*uid) : "none")
        << " opens=" << counters.communication_tests << " polls=" << counters.passive_polls + counters.auto_polls;
    return out.str();
}

std::string EmulatorControl::execute(std::string_view line, std::chrono::steady_clock::time_point now) {
    const auto words = split_words(line);
    if (words.empty()) {
        return "error empty command";
    }
    const auto verb = words[0];
    if (verb == "tap" || verb == "place") {
        if (words.size() < 2 || words.size() > 3 || (verb == "place" && words.size() != 2)) {
            return "error usage: tap <UIDHEX> [hold_ms] | place <UIDHEX>";
        }
        auto uid = parse_uid_hex(words[1]);
        if (!uid) {
            return "error " + uid.error();
        }
        auto hold = kDefaultHold;
        if (words.size() == 3) {
            long long milliseconds = 0;
            const auto text = words[2];
            const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), milliseconds);
            if (error != std::errc{} || end != text.data() + text.size() || milliseconds <= 0 ||
                milliseconds > kMaxHold.count()) {
                return "error hold_ms must be a number of milliseconds from 1 to " + std::to_string(kMaxHold.count());
            }
            hold = std::chrono::milliseconds(milliseconds);
        }
        const auto hex = uid_to_hex(*uid);
        m_emulator.place_card(Card::for_uid(std::move(*uid)));
        if (verb == "place") {
            m_remove_at.reset();
            return "ok placed " + hex;
        }
        m_remove_at = now + hold;
        return "ok tapped " + hex + " for " + std::to_string(hold.count()) + "ms";
    }
    if (words.size() != 1) {
        return "error '" + std::string(verb) + "' takes no argument";
    }
    if (verb == "remove") {
        m_remove_at.reset();
        m_emulator.remove_card();
        return "ok removed";
    }
    if (verb == "unplug") {
        m_emulator.unplug();
        return "ok unplugged";
    }
    if (verb == "plug") {
        if (auto plugged = m_emulator.plug(); !plugged) {
            return "error " + plugged.error();
        }
        return "ok plugged";
    }
    if (verb == "status") {
        return status();
    }
    return "error unknown command '" + std::string(verb) + "' (tap, place, remove, unplug, plug, status)";
}

void EmulatorControl::run_due(std::chrono::steady_clock::time_point now) {
    if (m_remove_at && now >= *m_remove_at) {
        m_remove_at.reset();
        m_emulator.remove_card();
    }
}

std::expected<std::unique_ptr<ControlServer>, std::string> ControlServer::listen(std::filesystem::path socket_path,
                                                                                 EmulatorControl& control) {
    auto address = socket_address(socket_path);
    if (!address) {
        return std::unexpected(address.error());
    }
    std::unique_ptr<ControlServer> server(new ControlServer(std::move(socket_path), control));
    server->m_listen_fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (server->m_listen_fd < 0) {
        return std::unexpected(errno_text("socket"));
    }
    std::error_code ignored;
    if (std::filesystem::is_socket(server->m_path, ignored)) {
        std::filesystem::remove(server->m_path, ignored);
    }
    if (::bind(server->m_listen_fd, reinterpret_cast<const sockaddr*>(&*address), sizeof(*address)) != 0) {
        return std::unexpected(errno_text(("bind " + server->m_path.string()).c_str()));
    }
    if (::listen(server->m_listen_fd, 8) != 0) {
        return std::unexpected(errno_text("listen"));
    }
    return server;
}

ControlServer::~ControlServer() {
    if (m_listen_fd >= 0) {
        ::close(m_listen_fd);
        std::error_code ignored;
        std::filesystem::remove(m_path, ignored);
    }
}

bool ControlServer::serve_client(Client& client) {
    std::array<char, 512> buffer{};
    const auto got = ::recv(client.fd, buffer.data(), buffer.size(), 0);
    if (got <= 0) {
        return got < 0 && (errno == EINTR || errno == EAGAIN);
    }
    client.pending.append(buffer.data(), static_cast<std::size_t>(got));
    for (auto newline = client.pending.find('\n'); newline != std::string::npos; newline = client.pending.find('\n')) {
        const auto line = client.pending.substr(0, newline);
        client.pending.erase(0, newline + 1);
        write_line(client.fd, m_control.execute(line, std::chrono::steady_clock::now()));
    }
    if (client.pending.size() > kMaxLine) {
        write_line(client.fd, "error line too long");
        return false;
    }
    return true;
}

void ControlServer::serve_until(int stop_fd) {
    std::vector<Client> clients;
    for (;;) {
        std::vector<pollfd> fds = {{stop_fd, POLLIN, 0}, {m_listen_fd, POLLIN, 0}};
        for (const auto& client : clients) {
            fds.push_back({client.fd, POLLIN, 0});
        }
        int timeout_ms = -1;
        if (const auto due = m_control.next_due()) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(*due - std::chrono::steady_clock::now());
            timeout_ms =
                static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count() + 1, 0, kClientTimeoutMs));
        }
        if (::poll(fds.data(), fds.size(), timeout_ms) < 0 && errno != EINTR) {
            break;
        }
        m_control.run_due(std::chrono::steady_clock::now());
        if ((fds[0].revents & POLLIN) != 0) {
            break;
        }
        if ((fds[1].revents & POLLIN) != 0) {
            const int fd = ::accept4(m_listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0) {
                clients.push_back({fd, {}});
            }
        }
        // Clients accepted just now have no entry in fds yet; they are served next round.
        for (std::size_t i = 2; i < fds.size(); ++i) {
            auto& client = clients[i - 2];
            if (fds[i].revents == 0) {
                continue;
            }
            if ((fds[i].revents & POLLIN) == 0 || !serve_client(client)) {
                ::close(client.fd);
                client.fd = -1;
            }
        }
        std::erase_if(clients, [](const Client& client) { return client.fd < 0; });
    }
    for (auto& client : clients) {
        ::close(client.fd);
    }
}

std::expected<std::string, std::string> send_control_command(const std::filesystem::path& socket_path,
                                                             std::string_view command) {
    auto address = socket_address(socket_path);
    if (!address) {
        return std::unexpected(address.error());
    }
    const int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return std::unexpected(errno_text("socket"));
    }
    const auto fail = [fd](std::string why) {
        ::close(fd);
        return std::unexpected(std::move(why));
    };
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&*address), sizeof(*address)) != 0) {
        return fail(errno_text(("connect " + socket_path.string()).c_str()));
    }
    write_line(fd, std::string(command));
    std::string answer;
    std::array<char, 512> buffer{};
    while (answer.find('\n') == std::string::npos) {
        pollfd in{fd, POLLIN, 0};
        if (::poll(&in, 1, kClientTimeoutMs) <= 0) {
            return fail("no answer from " + socket_path.string());
        }
        const auto got = ::recv(fd, buffer.data(), buffer.size(), 0);
        if (got <= 0) {
            return fail("the emulator closed the connection without answering");
        }
        answer.append(buffer.data(), static_cast<std::size_t>(got));
    }
    ::close(fd);
    return answer.substr(0, answer.find('\n'));
}

} // namespace telecentre::testing
