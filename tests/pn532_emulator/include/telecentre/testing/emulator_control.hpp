#pragma once
// The emulator's control protocol: one text command per line, one answer line per command
// ("ok ..." or "error <reason>"). Commands: tap <UIDHEX> [hold_ms], place <UIDHEX>, remove,
// unplug, plug, status. Used by telecentre-pn532-emulator over a unix stream socket, and by
// telecentre-tap, the demo script and integration tests as clients.
// Threading: EmulatorControl and ControlServer run on the thread that calls serve_until().

#include "telecentre/testing/pn532_emulator.hpp"

#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace telecentre::testing {

class EmulatorControl {
public:
    static constexpr std::chrono::milliseconds kDefaultHold{800};

    explicit EmulatorControl(Pn532Emulator& emulator) : m_emulator(emulator) {}

    // Runs one command line; returns the answer without its newline.
    [[nodiscard]] std::string execute(std::string_view line, std::chrono::steady_clock::time_point now);
    // Takes away a tapped card whose hold time is over.
    void run_due(std::chrono::steady_clock::time_point now);
    // When run_due has something to do next, if anything.
    [[nodiscard]] std::optional<std::chrono::steady_clock::time_point> next_due() const { return m_remove_at; }

private:
    std::string status() const;

    Pn532Emulator& m_emulator;
    std::optional<std::chrono::steady_clock::time_point> m_remove_at;
};

class ControlServer {
public:
    // Listens on `socket_path` (a stale socket file there is replaced).
    [[nodiscard]] static std::expected<std::unique_ptr<ControlServer>, std::string>
    listen(std::filesystem::path socket_path, EmulatorControl& control);

    ~ControlServer();
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    // Serves clients until `stop_fd` becomes readable (a signalfd or a pipe).
    void serve_until(int stop_fd);

private:
    struct Client {
        int fd = -1;
        std::string pending; // bytes of a line still being received
    };

    ControlServer(std::filesystem::path socket_path, EmulatorControl& control)
        : m_path(std::move(socket_path)), m_control(control) {}
    // Answers the complete lines of a client; false when the client must be dropped.
    bool serve_client(Client& client);

    std::filesystem::path m_path;
    EmulatorControl& m_control;
    int m_listen_fd = -1;
};

// One request to a control socket, as telecentre-tap sends it: the answer line, or why there is none.
[[nodiscard]] std::expected<std::string, std::string> send_control_command(const std::filesystem::path& socket_path,
                                                                           std::string_view command);

} // namespace telecentre::testing
