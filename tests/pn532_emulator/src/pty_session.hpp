#pragma once
// One plugged-in emulated reader: a pseudo-terminal, the symlink naming its slave side, and the
// thread that reads host frames from the master side and answers them through the chip.

#include "pn532_chip.hpp"

#include <atomic>
#include <chrono>
#include <expected>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace telecentre::testing {

class FrameReader;
struct HostFrame;

class PtySession {
public:
    // Opens the pty, sets it raw, points `link` at the slave and starts serving. The chip is
    // shared with the emulator and only touched under `chip_mutex`.
    [[nodiscard]] static std::expected<std::unique_ptr<PtySession>, std::string>
    open(const std::filesystem::path& link, std::mutex& chip_mutex, Pn532Chip& chip);

    // Stops the thread, closes the pty (the host sees a hang-up) and removes the link.
    ~PtySession();
    PtySession(const PtySession&) = delete;
    PtySession& operator=(const PtySession&) = delete;

    // Tells the serving thread that the card changed (a waiting InAutoPoll may answer now).
    void wake();

private:
    PtySession(std::filesystem::path link, std::mutex& chip_mutex, Pn532Chip& chip);

    void serve();
    void process_frames(FrameReader& reader);
    void answer_frame(const HostFrame& frame);
    void send_reply(const ChipReply& reply);
    void send(std::span<const std::uint8_t> bytes);
    void drop_delayed_answer();
    void sync_reader_stats(const FrameReader& reader);
    // True (and counted) when the chip is wedged and `count` bytes just read must be ignored.
    bool swallow(std::size_t count);

    std::filesystem::path m_link;
    std::string m_slave_name;
    std::mutex& m_chip_mutex;
    Pn532Chip& m_chip;
    int m_master = -1;
    // Kept open so that the pty survives hosts closing and reopening it (a killed kiosk
    // restarting) without the master side ever seeing a hang-up.
    int m_slave = -1;
    int m_wake = -1; // eventfd
    std::atomic<bool> m_quit{false};
    std::vector<std::uint8_t> m_last_answer; // resent on NACK
    // A slow chip (Pn532Emulator::set_answer_delay) holds its answer back for a while.
    struct DelayedAnswer {
        std::vector<std::uint8_t> frame;
        std::chrono::steady_clock::time_point due;
    };
    std::chrono::milliseconds m_answer_delay{0};
    std::optional<DelayedAnswer> m_delayed_answer;
    std::optional<std::chrono::steady_clock::time_point> m_poll_deadline;
    std::uint64_t m_seen_rejected = 0;
    std::uint64_t m_seen_discarded = 0;
    std::thread m_thread;
};

} // namespace telecentre::testing
