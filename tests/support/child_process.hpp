#pragma once
// Test support: start a program as a child process, signal it, wait for it. Used by the
// integration tests that run the real kiosk, backend and emulator side by side. It brings
// wait_until along, which its users need with it.

#include "wait_until.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace telecentre::testing {

class ChildProcess {
public:
    // `environment` entries ("NAME=value") are added to the test's own environment.
    ChildProcess(std::vector<std::string> argv, std::vector<std::string> environment = {}, std::string log_file = {});
    ~ChildProcess();
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    [[nodiscard]] bool running();
    void signal(int number);
    // Waits for the exit; returns the exit status (or 128 + signal), nullopt on timeout.
    std::optional<int> wait(std::chrono::milliseconds timeout);
    // SIGTERM, then SIGKILL if it has not gone within the grace time.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds{10});
    [[nodiscard]] pid_t pid() const { return m_pid; }

private:
    pid_t m_pid = -1;
    std::optional<int> m_status;
};

} // namespace telecentre::testing
