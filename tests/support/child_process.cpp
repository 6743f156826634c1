#include "child_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace telecentre::testing {

ChildProcess::ChildProcess(std::vector<std::string> argv, std::vector<std::string> environment, std::string log_file) {
    std::vector<char*> arguments;
    for (auto& argument : argv) {
        arguments.push_back(argument.data());
    }
    arguments.push_back(nullptr);
    std::vector<std::string> variables;
    for (char** entry = environ; *entry; ++entry) {
        variables.emplace_back(*entry);
    }
    for (auto& added : environment) {
        variables.push_back(std::move(added));
    }
    std::vector<char*> envp;
    for (auto& variable : variables) {
        envp.push_back(variable.data());
    }
    envp.push_back(nullptr);

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (!log_file.empty()) {
        posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                         0644);
        posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    }
    const int failed = posix_spawn(&m_pid, arguments[0], &actions, nullptr, arguments.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (failed != 0) {
        throw std::runtime_error("cannot start " + argv[0]);
    }
}

ChildProcess::~ChildProcess() { stop(std::chrono::seconds{5}); }

bool ChildProcess::running() {
    if (m_status) {
        return false;
    }
    int status = 0;
    if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        return false;
    }
    return true;
}

void ChildProcess::signal(int number) {
    if (running()) {
        ::kill(m_pid, number);
    }
}

std::optional<int> ChildProcess::wait(std::chrono::milliseconds timeout) {
    if (wait_until([this] { return !running(); }, timeout)) {
        return m_status;
    }
    return std::nullopt;
}

void ChildProcess::stop(std::chrono::milliseconds grace) {
    if (m_pid <= 0 || !running()) {
        return;
    }
    signal(SIGTERM);
    if (!wait(grace)) {
        signal(SIGKILL);
        (void)wait(std::chrono::seconds{10});
    }
}

} // namespace telecentre::testing
