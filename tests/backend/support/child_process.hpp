#pragma once
// Runs a program with its stdout on a pipe, for tests of the telecentre-backend executable.
// Every wait is bounded; a child still running when the object goes away is killed (by its
// own pid) and reaped.

#include <chrono>
#include <expected>
#include <string>
#include <sys/types.h>
#include <vector>

namespace telecentre::backend::test {

class ChildProcess {
public:
    [[nodiscard]] static std::expected<ChildProcess, std::string> spawn(const std::vector<std::string>& argv);
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&&) = delete;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess();

    // The next line of stdout, without its newline.
    [[nodiscard]] std::expected<std::string, std::string> read_line(std::chrono::seconds timeout);
    // Everything left on stdout until the child closes it.
    [[nodiscard]] std::expected<std::string, std::string> read_all(std::chrono::seconds timeout);
    void send_signal(int signal_number) const;
    // The exit status (or 128 + signal), once the child has ended.
    [[nodiscard]] std::expected<int, std::string> wait(std::chrono::seconds timeout);

private:
    ChildProcess(pid_t pid, int stdout_fd) : m_pid(pid), m_stdout(stdout_fd) {}
    [[nodiscard]] std::expected<bool, std::string> fill(std::chrono::seconds timeout); // false at end of file

    pid_t m_pid = -1;
    int m_stdout = -1;
    std::string m_pending;
};

} // namespace telecentre::backend::test
