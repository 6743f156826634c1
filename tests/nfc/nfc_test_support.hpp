#pragma once
// Helpers for the NFC integration tests: a private temp directory per test, a recorder of what
// a BadgeReader reports (with waits on a condition variable and a generous deadline), child
// processes for the command-line tools, and a fixture with an emulator and a reader.

#include "telecentre/core/badge_reader.hpp"
#include "telecentre/platform/libnfc_badge_reader.hpp"
#include "telecentre/testing/pn532_emulator.hpp"
#include "temp_dir.hpp"

#include <chrono>
#include <condition_variable>
#include <expected>
#include <filesystem>
#include <functional>
#include <gtest/gtest.h>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace telecentre::testing {

// Generous: the suite runs in parallel under sanitizers on two shared cores.
inline constexpr std::chrono::seconds kDeadline{10};

// libnfc reads these at nfc_init: no scanning for readers, no log lines on stderr.
void quiet_libnfc();

// What a reader reported, in order.
struct ReaderEvent {
    enum class Kind { tap, removed, status, card_present };
    Kind kind = Kind::status;
    core::BadgeTap tap;        // tap and card_present
    core::ReaderStatus status; // status
};

class ReaderEvents {
public:
    // What on_card_present does with the channel (e.g. send an APDU); optional.
    using CardPresentHook = std::function<void(const core::BadgeTap&, core::ApduChannel&)>;

    [[nodiscard]] core::BadgeReader::Sink sink(CardPresentHook hook = {});
    // Waits until `predicate` holds for the events so far; false when the deadline passes.
    [[nodiscard]] bool wait_until(const std::function<bool(const std::vector<ReaderEvent>&)>& predicate,
                                  std::chrono::seconds deadline = kDeadline);
    [[nodiscard]] std::vector<ReaderEvent> snapshot() const;

    // Common questions about the events so far.
    [[nodiscard]] static std::vector<core::BadgeTap> taps(const std::vector<ReaderEvent>& events);
    [[nodiscard]] static int count(const std::vector<ReaderEvent>& events, ReaderEvent::Kind kind);
    [[nodiscard]] static std::optional<core::ReaderState> last_state(const std::vector<ReaderEvent>& events);
    [[nodiscard]] bool wait_for_state(core::ReaderState state, std::chrono::seconds deadline = kDeadline);
    [[nodiscard]] bool wait_for_taps(std::size_t count, std::chrono::seconds deadline = kDeadline);
    [[nodiscard]] bool wait_for_removals(int count, std::chrono::seconds deadline = kDeadline);

private:
    void record(ReaderEvent event);

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<ReaderEvent> m_events;
};

// Re-checks `predicate` until it holds or the deadline passes, for state that has no
// notification of its own (emulator counters, files appearing).
[[nodiscard]] bool eventually(const std::function<bool()>& predicate, std::chrono::seconds deadline = kDeadline);

// A child process with its stdout on a pipe.
class ChildProcess {
public:
    [[nodiscard]] static std::expected<ChildProcess, std::string> spawn(const std::vector<std::string>& arguments);
    ChildProcess(ChildProcess&& other) noexcept;
    ChildProcess& operator=(ChildProcess&&) = delete;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;
    ~ChildProcess(); // kills and reaps a child still running

    // Reads stdout until a line containing `text` appears (true) or EOF / deadline (false).
    [[nodiscard]] bool wait_for_output(const std::string& text, std::chrono::seconds deadline = kDeadline);
    void send_signal(int signal) const;
    // Waits for the exit; the exit status, or nullopt on deadline or death by signal.
    [[nodiscard]] std::optional<int> wait_exit(std::chrono::seconds deadline = kDeadline);
    [[nodiscard]] const std::string& output() const { return m_output; }

private:
    ChildProcess(pid_t pid, int stdout_fd) : m_pid(pid), m_stdout(stdout_fd) {}
    void read_available(int timeout_ms);

    pid_t m_pid = -1;
    int m_stdout = -1;
    std::string m_output;
    bool m_reaped = false;
};

// Runs a tool to completion: exit status and stdout.
struct ToolResult {
    int exit_code = -1;
    std::string output;
};
[[nodiscard]] ToolResult run_tool(const std::vector<std::string>& arguments);

// A test with its own directory, emulator and reader.
class NfcReaderTest : public ::testing::Test {
protected:
    void SetUp() override;
    void TearDown() override;

    // A reader on the emulator's link (or on `connstring`), reporting into m_events.
    void start_reader(ReaderEvents::CardPresentHook hook = {}, std::optional<std::string> connstring = {});
    void stop_reader();
    // True once the emulator has served `commands` more host commands: proof that the reader
    // went on polling or checking presence, without guessing how long that takes.
    [[nodiscard]] bool wait_for_more_commands(std::uint64_t commands);

    std::optional<TempDir> m_dir;
    std::unique_ptr<Pn532Emulator> m_emulator;
    std::unique_ptr<platform::LibnfcBadgeReader> m_reader;
    ReaderEvents m_events;
};

[[nodiscard]] std::vector<std::uint8_t> bytes(std::initializer_list<int> values);

} // namespace telecentre::testing
