#include "child_process.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

extern char** environ;

namespace telecentre::backend::test {

std::expected<ChildProcess, std::string> ChildProcess::spawn(const std::vector<std::string>& argv) {
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        return std::unexpected(std::string("pipe: ") + std::strerror(errno));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    std::vector<char*> arguments;
    for (const auto& argument : argv) {
        arguments.push_back(const_cast<char*>(argument.c_str()));
    }
    arguments.push_back(nullptr);
    pid_t pid = -1;
    const int failed = posix_spawn(&pid, arguments[0], &actions, nullptr, arguments.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (failed != 0) {
        ::close(pipe_fds[0]);
        return std::unexpected(std::string("posix_spawn ") + argv[0] + ": " + std::strerror(failed));
    }
    return ChildProcess(pid, pipe_fds[0]);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)), m_stdout(std::exchange(other.m_stdout, -1)),
      m_pending(std::move(other.m_pending)) {}

ChildProcess::~ChildProcess() {
    if (m_pid > 0) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    if (m_stdout >= 0) {
        ::close(m_stdout);
    }
}

std::expected<bool, std::string> ChildProcess::fill(std::chrono::seconds timeout) {
    pollfd ready{m_stdout, POLLIN, 0};
    const int polled = ::poll(&ready, 1, static_cast<int>(std::chrono::milliseconds(timeout).count()));
    if (polled == 0) {
        return std::unexpected("the child wrote nothing for " + std::to_string(timeout.count()) + " s");
    }
    if (polled < 0) {
        return std::unexpected(std::string("poll: ") + std::strerror(errno));
    }
    char chunk[4096];
    const ssize_t got = ::read(m_stdout, chunk, sizeof chunk);
    if (got < 0) {
        return std::unexpected(std::string("read: ") + std::strerror(errno));
    }
    m_pending.append(chunk, static_cast<std::size_t>(got));
    return got > 0;
}

std::expected<std::string, std::string> ChildProcess::read_line(std::chrono::seconds timeout) {
    for (;;) {
        if (const auto newline = m_pending.find('\n'); newline != std::string::npos) {
            auto line = m_pending.substr(0, newline);
            m_pending.erase(0, newline + 1);
            return line;
        }
        auto more = fill(timeout);
        if (!more) {
            return std::unexpected(more.error());
        }
        if (!*more) {
            return std::unexpected("the child closed its output");
        }
    }
}

std::expected<std::string, std::string> ChildProcess::read_all(std::chrono::seconds timeout) {
    for (;;) {
        auto more = fill(timeout);
        if (!more) {
            return std::unexpected(more.error());
        }
        if (!*more) {
            return std::exchange(m_pending, {});
        }
    }
}

void ChildProcess::send_signal(int signal_number) const {
    if (m_pid > 0) {
        ::kill(m_pid, signal_number);
    }
}

std::expected<int, std::string> ChildProcess::wait(std::chrono::seconds timeout) {
    // A pidfd becomes readable when the child ends, so the wait is bounded without polling.
    const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, m_pid, 0));
    if (pidfd < 0) {
        return std::unexpected(std::string("pidfd_open: ") + std::strerror(errno));
    }
    pollfd ended{pidfd, POLLIN, 0};
    const int polled = ::poll(&ended, 1, static_cast<int>(std::chrono::milliseconds(timeout).count()));
    ::close(pidfd);
    if (polled <= 0) {
        return std::unexpected("the child did not end within " + std::to_string(timeout.count()) + " s");
    }
    int status = 0;
    if (::waitpid(m_pid, &status, 0) != m_pid) {
        return std::unexpected(std::string("waitpid: ") + std::strerror(errno));
    }
    m_pid = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

} // namespace telecentre::backend::test
