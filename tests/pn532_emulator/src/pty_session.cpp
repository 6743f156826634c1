#include "pty_session.hpp"

#include "pn532_frames.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <termios.h>
#include <thread>
#include <unistd.h>

namespace telecentre::testing {
namespace {

// A frame that has not completed after this long is given up, so that a bogus length in
// garbage cannot hold back the next real command (libnfc waits at least 350 ms for an ACK).
constexpr std::chrono::milliseconds kPartialFrameTimeout{60};
// How long a write may wait for a host that does not read before the answer is dropped.
constexpr int kWriteTimeoutMs = 500;

std::string errno_text(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

void close_fd(int& fd) {
    if (fd >= 0) {
        ::close(fd);
        fd = -1;
    }
}

int milliseconds_until(std::chrono::steady_clock::time_point when) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(when - std::chrono::steady_clock::now());
    return static_cast<int>(std::clamp<std::chrono::milliseconds::rep>(left.count() + 1, 0, 60'000));
}

} // namespace

PtySession::PtySession(std::filesystem::path link, std::mutex& chip_mutex, Pn532Chip& chip)
    : m_link(std::move(link)), m_chip_mutex(chip_mutex), m_chip(chip) {}

std::expected<std::unique_ptr<PtySession>, std::string> PtySession::open(const std::filesystem::path& link,
                                                                         std::mutex& chip_mutex, Pn532Chip& chip) {
    std::unique_ptr<PtySession> session(new PtySession(link, chip_mutex, chip));
    session->m_master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (session->m_master < 0) {
        return std::unexpected(errno_text("posix_openpt"));
    }
    if (::grantpt(session->m_master) != 0 || ::unlockpt(session->m_master) != 0) {
        return std::unexpected(errno_text("grantpt/unlockpt"));
    }
    std::array<char, 128> name{};
    if (::ptsname_r(session->m_master, name.data(), name.size()) != 0) {
        return std::unexpected(errno_text("ptsname_r"));
    }
    session->m_slave_name = name.data();
    session->m_slave = ::open(name.data(), O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (session->m_slave < 0) {
        return std::unexpected(errno_text("open pty slave"));
    }
    // Raw from the start: no echo, no line editing, no CR/LF translation of binary frames.
    termios tio{};
    if (::tcgetattr(session->m_slave, &tio) != 0) {
        return std::unexpected(errno_text("tcgetattr"));
    }
    ::cfmakeraw(&tio);
    if (::tcsetattr(session->m_slave, TCSANOW, &tio) != 0) {
        return std::unexpected(errno_text("tcsetattr"));
    }
    session->m_wake = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (session->m_wake < 0) {
        return std::unexpected(errno_text("eventfd"));
    }

    // Replace the link atomically, so that a host never finds it missing or half made.
    std::error_code error;
    if (std::filesystem::exists(std::filesystem::symlink_status(link, error)) &&
        !std::filesystem::is_symlink(std::filesystem::symlink_status(link, error))) {
        return std::unexpected("refusing to replace " + link.string() + ": it is not a symlink");
    }
    auto temporary = link;
    temporary += ".new";
    std::filesystem::remove(temporary, error);
    std::filesystem::create_symlink(session->m_slave_name, temporary, error);
    if (error) {
        return std::unexpected("cannot create " + temporary.string() + ": " + error.message());
    }
    std::filesystem::rename(temporary, link, error);
    if (error) {
        std::filesystem::remove(temporary, error);
        return std::unexpected("cannot create " + link.string() + ": " + error.message());
    }
    session->m_thread = std::thread([raw = session.get()] { raw->serve(); });
    return session;
}

PtySession::~PtySession() {
    m_quit = true;
    wake();
    if (m_thread.joinable()) {
        m_thread.join();
    }
    // Remove the link only if it still names our pty: a newer session may already own it.
    std::error_code error;
    if (!m_slave_name.empty() && std::filesystem::read_symlink(m_link, error) == m_slave_name) {
        std::filesystem::remove(m_link, error);
    }
    close_fd(m_slave);
    close_fd(m_master);
    close_fd(m_wake);
}

void PtySession::wake() {
    if (m_wake >= 0) {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(m_wake, &one, sizeof one);
    }
}

void PtySession::send(std::span<const std::uint8_t> bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const auto written = ::write(m_master, bytes.data() + done, bytes.size() - done);
        if (written > 0) {
            done += static_cast<std::size_t>(written);
            continue;
        }
        if (written < 0 && errno == EINTR) {
            continue;
        }
        if (written < 0 && errno == EAGAIN) {
            pollfd out{m_master, POLLOUT, 0};
            if (::poll(&out, 1, kWriteTimeoutMs) > 0) {
                continue;
            }
        }
        return; // the host is not reading; a real chip would drop the answer too
    }
}

void PtySession::send_reply(const ChipReply& reply) {
    switch (reply.kind) {
    case ChipReply::Kind::syntax_error: send(error_frame()); return;
    case ChipReply::Kind::deferred: return;
    case ChipReply::Kind::answer: break;
    }
    auto data = reply.data;
    if (reply.fault == AnswerFault::wrong_response_code && !data.empty()) {
        data[0] = static_cast<std::uint8_t>(data[0] + 2);
    }
    auto frame = encode_response_frame(data);
    switch (reply.fault) {
    case AnswerFault::bad_checksum: frame[frame.size() - 2] ^= 0x5A; break;
    case AnswerFault::truncated: frame.resize(frame.size() / 2); break;
    case AnswerFault::none:
    case AnswerFault::wrong_response_code: break;
    }
    m_last_answer = frame;
    if (m_answer_delay.count() > 0) {
        m_delayed_answer = DelayedAnswer{std::move(frame), std::chrono::steady_clock::now() + m_answer_delay};
        return;
    }
    send(frame);
}

void PtySession::drop_delayed_answer() {
    if (!m_delayed_answer) {
        return;
    }
    m_delayed_answer.reset();
    const std::scoped_lock lock(m_chip_mutex);
    ++m_chip.counters().answers_dropped;
}

void PtySession::answer_frame(const HostFrame& frame) {
    // Whatever the host sends next, it no longer waits for the answer still held back.
    drop_delayed_answer();
    switch (frame.kind) {
    case FrameKind::ack: {
        // The host aborts the running command: a waiting InAutoPoll never answers.
        const std::scoped_lock lock(m_chip_mutex);
        ++m_chip.counters().host_acks;
        m_chip.cancel_deferred_poll();
        m_poll_deadline.reset();
        return;
    }
    case FrameKind::nack: {
        {
            const std::scoped_lock lock(m_chip_mutex);
            ++m_chip.counters().host_nacks;
        }
        send(m_last_answer);
        return;
    }
    case FrameKind::bad_tfi: {
        {
            const std::scoped_lock lock(m_chip_mutex);
            ++m_chip.counters().frames_rejected;
        }
        send(ack_frame());
        send(error_frame());
        return;
    }
    case FrameKind::command: break;
    }
    ChipReply reply;
    {
        const std::scoped_lock lock(m_chip_mutex);
        ++m_chip.counters().frames_accepted;
        reply = m_chip.handle(frame.data);
        m_answer_delay = m_chip.answer_delay();
    }
    m_poll_deadline.reset();
    if (reply.kind == ChipReply::Kind::deferred && reply.poll_window) {
        m_poll_deadline = std::chrono::steady_clock::now() + *reply.poll_window;
    }
    // The chip acknowledges a well-formed command before it runs it.
    send(ack_frame());
    send_reply(reply);
}

void PtySession::sync_reader_stats(const FrameReader& reader) {
    const auto& stats = reader.stats();
    const std::scoped_lock lock(m_chip_mutex);
    m_chip.counters().frames_rejected += stats.rejected - m_seen_rejected;
    m_chip.counters().bytes_discarded += stats.discarded - m_seen_discarded;
    m_seen_rejected = stats.rejected;
    m_seen_discarded = stats.discarded;
}

bool PtySession::swallow(std::size_t count) {
    const std::scoped_lock lock(m_chip_mutex);
    if (!m_chip.wedged()) {
        return false;
    }
    m_chip.counters().bytes_swallowed += count;
    return true;
}

void PtySession::process_frames(FrameReader& reader) {
    while (auto frame = reader.next()) {
        answer_frame(*frame);
    }
    sync_reader_stats(reader);
}

void PtySession::serve() {
    FrameReader reader;
    auto last_input = std::chrono::steady_clock::now();
    std::array<std::uint8_t, 4096> buffer{};
    while (!m_quit) {
        int timeout_ms = -1;
        if (reader.has_partial()) {
            timeout_ms = milliseconds_until(last_input + kPartialFrameTimeout);
        }
        for (const auto& deadline :
             {m_poll_deadline, m_delayed_answer ? std::optional(m_delayed_answer->due) : std::nullopt}) {
            if (deadline) {
                const int until_deadline = milliseconds_until(*deadline);
                timeout_ms = timeout_ms < 0 ? until_deadline : std::min(timeout_ms, until_deadline);
            }
        }
        std::array<pollfd, 2> fds = {pollfd{m_master, POLLIN, 0}, pollfd{m_wake, POLLIN, 0}};
        const int ready = ::poll(fds.data(), fds.size(), timeout_ms);
        if (ready < 0 && errno != EINTR) {
            return;
        }
        if (m_quit) {
            return;
        }
        if ((fds[1].revents & POLLIN) != 0) {
            std::uint64_t count = 0;
            [[maybe_unused]] const auto drained = ::read(m_wake, &count, sizeof count);
            std::optional<ChipReply> reply;
            {
                const std::scoped_lock lock(m_chip_mutex);
                reply = m_chip.answer_deferred_poll();
            }
            if (reply) {
                m_poll_deadline.reset();
                send_reply(*reply);
            }
        }
        if ((fds[0].revents & POLLNVAL) != 0) {
            return;
        }
        if ((fds[0].revents & (POLLHUP | POLLERR)) != 0 && (fds[0].revents & POLLIN) == 0) {
            // We hold the slave open, so this should not happen; if it does, do not spin on it.
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if ((fds[0].revents & POLLIN) != 0) {
            const auto got = ::read(m_master, buffer.data(), buffer.size());
            if (got > 0 && swallow(static_cast<std::size_t>(got))) {
                reader.clear();
            } else if (got > 0) {
                reader.feed(std::span(buffer.data(), static_cast<std::size_t>(got)));
                last_input = std::chrono::steady_clock::now();
                process_frames(reader);
            }
        }
        const auto now = std::chrono::steady_clock::now();
        if (m_delayed_answer && now >= m_delayed_answer->due) {
            const auto frame = std::move(m_delayed_answer->frame);
            m_delayed_answer.reset();
            send(frame);
        }
        if (reader.has_partial() && now >= last_input + kPartialFrameTimeout) {
            reader.expire_partial();
            process_frames(reader);
            last_input = now; // the next candidate start code gets its own quiet period
        }
        if (m_poll_deadline && now >= *m_poll_deadline) {
            m_poll_deadline.reset();
            ChipReply reply;
            {
                const std::scoped_lock lock(m_chip_mutex);
                if (!m_chip.has_deferred_poll()) {
                    continue;
                }
                reply = m_chip.expire_deferred_poll();
            }
            send_reply(reply);
        }
    }
}

} // namespace telecentre::testing
