#include "nfc_test_support.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace telecentre::testing {

void quiet_libnfc() {
    ::setenv("LIBNFC_AUTO_SCAN", "false", 1);
    ::setenv("LIBNFC_INTRUSIVE_SCAN", "false", 1);
    // A developer may still ask for the trace: LIBNFC_LOG_LEVEL=3 ctest ...
    ::setenv("LIBNFC_LOG_LEVEL", "0", 0);
}

std::vector<std::uint8_t> bytes(std::initializer_list<int> values) {
    std::vector<std::uint8_t> out;
    for (int value : values) {
        out.push_back(static_cast<std::uint8_t>(value));
    }
    return out;
}

core::BadgeReader::Sink ReaderEvents::sink(CardPresentHook hook) {
    core::BadgeReader::Sink sink;
    sink.on_tap = [this](const core::BadgeTap& tap) { record({ReaderEvent::Kind::tap, tap, {}}); };
    sink.on_removed = [this] { record({ReaderEvent::Kind::removed, {}, {}}); };
    sink.on_status = [this](const core::ReaderStatus& status) { record({ReaderEvent::Kind::status, {}, status}); };
    sink.on_card_present = [this, hook = std::move(hook)](const core::BadgeTap& tap, core::ApduChannel& channel) {
        if (hook) {
            hook(tap, channel);
        }
        record({ReaderEvent::Kind::card_present, tap, {}});
    };
    return sink;
}

void ReaderEvents::record(ReaderEvent event) {
    {
        const std::scoped_lock lock(m_mutex);
        m_events.push_back(std::move(event));
    }
    m_changed.notify_all();
}

bool ReaderEvents::wait_until(const std::function<bool(const std::vector<ReaderEvent>&)>& predicate,
                              std::chrono::seconds deadline) {
    std::unique_lock lock(m_mutex);
    return m_changed.wait_for(lock, deadline, [&] { return predicate(m_events); });
}

std::vector<ReaderEvent> ReaderEvents::snapshot() const {
    const std::scoped_lock lock(m_mutex);
    return m_events;
}

std::vector<core::BadgeTap> ReaderEvents::taps(const std::vector<ReaderEvent>& events) {
    std::vector<core::BadgeTap> out;
    for (const auto& event : events) {
        if (event.kind == ReaderEvent::Kind::tap) {
            out.push_back(event.tap);
        }
    }
    return out;
}

int ReaderEvents::count(const std::vector<ReaderEvent>& events, ReaderEvent::Kind kind) {
    return static_cast<int>(
        std::ranges::count_if(events, [kind](const ReaderEvent& event) { return event.kind == kind; }));
}

std::optional<core::ReaderState> ReaderEvents::last_state(const std::vector<ReaderEvent>& events) {
    for (auto it = events.rbegin(); it != events.rend(); ++it) {
        if (it->kind == ReaderEvent::Kind::status) {
            return it->status.state;
        }
    }
    return std::nullopt;
}

bool ReaderEvents::wait_for_state(core::ReaderState state, std::chrono::seconds deadline) {
    return wait_until([state](const auto& events) { return last_state(events) == state; }, deadline);
}

bool ReaderEvents::wait_for_taps(std::size_t count, std::chrono::seconds deadline) {
    return wait_until([count](const auto& events) { return taps(events).size() >= count; }, deadline);
}

bool ReaderEvents::wait_for_removals(int removals, std::chrono::seconds deadline) {
    return wait_until([removals](const auto& events) { return count(events, ReaderEvent::Kind::removed) >= removals; },
                      deadline);
}

bool eventually(const std::function<bool()>& predicate, std::chrono::seconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (!predicate()) {
        if (std::chrono::steady_clock::now() >= until) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return true;
}

std::expected<ChildProcess, std::string> ChildProcess::spawn(const std::vector<std::string>& arguments) {
    std::array<int, 2> pipe_fds{};
    if (::pipe2(pipe_fds.data(), O_CLOEXEC) != 0) {
        return std::unexpected("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    std::vector<char*> argv;
    for (const auto& argument : arguments) {
        argv.push_back(const_cast<char*>(argument.c_str()));
    }
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int result = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    if (result != 0) {
        ::close(pipe_fds[0]);
        return std::unexpected("cannot run " + arguments.front() + ": " + std::strerror(result));
    }
    return ChildProcess(pid, pipe_fds[0]);
}

ChildProcess::ChildProcess(ChildProcess&& other) noexcept
    : m_pid(std::exchange(other.m_pid, -1)), m_stdout(std::exchange(other.m_stdout, -1)),
      m_output(std::move(other.m_output)), m_reaped(other.m_reaped) {}

ChildProcess::~ChildProcess() {
    if (m_pid > 0 && !m_reaped) {
        ::kill(m_pid, SIGKILL);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
    }
    if (m_stdout >= 0) {
        ::close(m_stdout);
    }
}

void ChildProcess::read_available(int timeout_ms) {
    pollfd in{m_stdout, POLLIN, 0};
    if (::poll(&in, 1, timeout_ms) <= 0) {
        return;
    }
    std::array<char, 4096> buffer{};
    const auto got = ::read(m_stdout, buffer.data(), buffer.size());
    if (got > 0) {
        m_output.append(buffer.data(), static_cast<std::size_t>(got));
    } else if (got == 0) {
        ::close(m_stdout);
        m_stdout = -1;
    }
}

bool ChildProcess::wait_for_output(const std::string& text, std::chrono::seconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (m_output.find(text) == std::string::npos) {
        if (m_stdout < 0 || std::chrono::steady_clock::now() >= until) {
            return false;
        }
        read_available(50);
    }
    return true;
}

void ChildProcess::send_signal(int signal) const {
    if (m_pid > 0 && !m_reaped) {
        ::kill(m_pid, signal);
    }
}

std::optional<int> ChildProcess::wait_exit(std::chrono::seconds deadline) {
    const auto until = std::chrono::steady_clock::now() + deadline;
    while (!m_reaped) {
        int status = 0;
        const pid_t done = ::waitpid(m_pid, &status, WNOHANG);
        if (done == m_pid) {
            m_reaped = true;
            while (m_stdout >= 0) {
                read_available(0);
                if (m_stdout >= 0) {
                    pollfd in{m_stdout, POLLIN, 0};
                    if (::poll(&in, 1, 0) <= 0) {
                        break;
                    }
                }
            }
            if (WIFEXITED(status)) {
                return WEXITSTATUS(status);
            }
            return std::nullopt;
        }
        if (std::chrono::steady_clock::now() >= until) {
            return std::nullopt;
        }
        if (m_stdout >= 0) {
            read_available(20); // keep the pipe drained so the child never blocks on it
        } else {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    }
    return std::nullopt;
}

ToolResult run_tool(const std::vector<std::string>& arguments) {
    auto child = ChildProcess::spawn(arguments);
    if (!child) {
        return {-1, child.error()};
    }
    const auto status = child->wait_exit();
    return {status.value_or(-1), child->output()};
}

void NfcReaderTest::SetUp() {
    quiet_libnfc();
    m_dir.emplace();
    auto emulator = Pn532Emulator::create(m_dir->path() / "reader");
    ASSERT_TRUE(emulator.has_value()) << emulator.error();
    m_emulator = std::move(*emulator);
}

void NfcReaderTest::TearDown() {
    stop_reader();
    if (m_emulator) {
        m_emulator->stop();
    }
    m_emulator.reset();
    m_dir.reset();
}

void NfcReaderTest::start_reader(ReaderEvents::CardPresentHook hook, std::optional<std::string> connstring) {
    platform::LibnfcBadgeReaderConfig config;
    config.connstring = connstring.value_or(m_emulator->connstring());
    config.poll_timeout = std::chrono::milliseconds(50);
    config.reopen_interval = std::chrono::milliseconds(200);
    m_reader = std::make_unique<platform::LibnfcBadgeReader>(config);
    m_reader->start(m_events.sink(std::move(hook)));
}

void NfcReaderTest::stop_reader() {
    if (m_reader) {
        m_reader->stop();
        m_reader.reset();
    }
}

bool NfcReaderTest::wait_for_more_commands(std::uint64_t commands) {
    const auto target = m_emulator->counters().frames_accepted + commands;
    return eventually([&] { return m_emulator->counters().frames_accepted >= target; });
}

} // namespace telecentre::testing
