#include "telecentre/platform/libnfc_badge_reader.hpp"

#include "libnfc_device.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

namespace telecentre::platform {
namespace {

// A reader that fails this many times in a row is closed and reopened: one garbled answer is
// noise, three are an unplugged or wedged reader.
constexpr int kMaxConsecutiveFailures = 3;
constexpr std::chrono::milliseconds kApduTimeout{1000};
// While stop() waits for the thread, it repeats the abort this often: libnfc loses an abort
// that arrives between two commands.
constexpr std::chrono::milliseconds kAbortRepeat{100};
constexpr std::chrono::milliseconds kMinInterval{10};

// The channel handed to on_card_present; it only works during that call.
class LibnfcApduChannel final : public core::ApduChannel {
public:
    LibnfcApduChannel(LibnfcDevice& device, bool iso_dep) : m_device(device), m_iso_dep(iso_dep) {}

    std::expected<std::vector<std::uint8_t>, std::string> transceive(std::span<const std::uint8_t> apdu) override {
        if (!m_open) {
            return std::unexpected("the card is no longer selected");
        }
        if (!m_iso_dep) {
            return std::unexpected("the card does not speak ISO 14443-4 (no APDUs)");
        }
        return m_device.transceive(apdu, kApduTimeout);
    }

    void close() { m_open = false; }

private:
    LibnfcDevice& m_device;
    bool m_iso_dep;
    std::atomic<bool> m_open{true};
};

} // namespace

class LibnfcBadgeReader::Worker {
public:
    Worker(LibnfcBadgeReaderConfig config, Sink sink) : m_config(std::move(config)), m_sink(std::move(sink)) {
        m_thread = std::thread([this] { run(); });
    }

    ~Worker() {
        if (m_thread.joinable()) {
            stop();
        }
    }

    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Stops the thread and joins it. Every libnfc call the thread makes is bounded (libnfc 1.8
    // gives pn532_uart commands 300 to 1000 ms), so this returns within about a second even for
    // a wedged reader; the abort makes it quicker when a command is waiting.
    void stop() {
        request_stop();
        {
            std::unique_lock lock(m_mutex);
            while (!m_wakeup.wait_for(lock, kAbortRepeat, [this] { return m_finished; })) {
                abort_libnfc_call();
            }
        }
        m_thread.join();
    }

private:
    enum class SessionEnd { stopped, reader_failed };

    void request_stop() {
        const std::scoped_lock lock(m_mutex);
        m_stopping = true;
        abort_libnfc_call();
        m_wakeup.notify_all();
    }

    // Under m_mutex. Only while the thread is inside libnfc: an abort that arrives between two
    // commands is lost, and costs a file descriptor in libnfc 1.8's pn532_uart driver.
    void abort_libnfc_call() {
        if (m_device != nullptr && m_in_libnfc) {
            m_device->abort();
        }
    }

    // Runs one libnfc call, marked so that stop() may abort it.
    template <typename Call> auto in_libnfc(Call&& call) {
        {
            const std::scoped_lock lock(m_mutex);
            m_in_libnfc = true;
        }
        auto result = call();
        const std::scoped_lock lock(m_mutex);
        m_in_libnfc = false;
        return result;
    }

    void run();
    SessionEnd serve(LibnfcDevice& device, std::string& failure);
    // Waits for `duration` unless stop() comes first; false when stopping.
    bool wait(std::chrono::milliseconds duration);
    bool stopping() {
        const std::scoped_lock lock(m_mutex);
        return m_stopping;
    }
    void report(core::ReaderState state, std::string detail);
    void deliver_card(LibnfcDevice& device, const SelectedCard& card);
    void deliver_removed();

    // A sink that throws must not end the reader thread (std::terminate): the exception is
    // dropped here.
    template <typename Call> void to_sink(Call&& call) {
        try {
            call();
        } catch (...) {
        }
    }

    LibnfcBadgeReaderConfig m_config;
    Sink m_sink;
    std::optional<core::ReaderStatus> m_last_status; // reader thread only

    std::mutex m_mutex;
    std::condition_variable m_wakeup;
    bool m_stopping = false;
    bool m_finished = false;
    bool m_in_libnfc = false;
    LibnfcDevice* m_device = nullptr; // set while open, so that stop() can abort it
    std::thread m_thread;
};

void LibnfcBadgeReader::Worker::report(core::ReaderState state, std::string detail) {
    core::ReaderStatus status{state, std::move(detail)};
    // Retries repeat the same failure every reopen_interval; say it once.
    if (m_last_status && m_last_status->state == status.state && m_last_status->detail == status.detail) {
        return;
    }
    m_last_status = status;
    if (m_sink.on_status) {
        to_sink([&] { m_sink.on_status(status); });
    }
}

bool LibnfcBadgeReader::Worker::wait(std::chrono::milliseconds duration) {
    std::unique_lock lock(m_mutex);
    return !m_wakeup.wait_for(lock, duration, [this] { return m_stopping; });
}

void LibnfcBadgeReader::Worker::deliver_card(LibnfcDevice& device, const SelectedCard& card) {
    if (m_sink.on_card_present) {
        LibnfcApduChannel channel(device, card.tap.iso_dep);
        to_sink([&] { m_sink.on_card_present(card.tap, channel); });
        channel.close();
    }
    if (m_sink.on_tap) {
        to_sink([&] { m_sink.on_tap(card.tap); });
    }
}

void LibnfcBadgeReader::Worker::deliver_removed() {
    if (m_sink.on_removed) {
        to_sink([&] { m_sink.on_removed(); });
    }
}

void LibnfcBadgeReader::Worker::run() {
    report(core::ReaderState::starting, "opening " + m_config.connstring);
    std::optional<LibnfcContext> context;
    while (!stopping()) {
        if (!context) {
            auto created = LibnfcContext::init();
            if (!created) {
                report(core::ReaderState::unavailable, created.error());
                wait(m_config.reopen_interval);
                continue;
            }
            context.emplace(std::move(*created));
        }
        auto opened = LibnfcDevice::open(*context, m_config.connstring);
        if (!opened) {
            report(core::ReaderState::unavailable, opened.error());
            wait(m_config.reopen_interval);
            continue;
        }
        std::unique_ptr<LibnfcDevice> device = std::move(*opened);
        {
            const std::scoped_lock lock(m_mutex);
            m_device = device.get();
        }
        report(core::ReaderState::ready, "polling " + m_config.connstring);
        std::string failure;
        const auto end = serve(*device, failure);
        {
            const std::scoped_lock lock(m_mutex);
            m_device = nullptr;
        }
        device.reset(); // nfc_close
        if (end == SessionEnd::stopped) {
            break;
        }
        report(core::ReaderState::unavailable, failure);
        wait(m_config.reopen_interval);
    }
    const std::scoped_lock lock(m_mutex);
    m_finished = true;
    m_wakeup.notify_all();
}

LibnfcBadgeReader::Worker::SessionEnd LibnfcBadgeReader::Worker::serve(LibnfcDevice& device, std::string& failure) {
    int failures = 0;
    // Counts a reader failure; true when the reader must be reopened.
    const auto reader_failed = [&](const NfcError& error) {
        failure = error.text;
        return error.scope == FailureScope::reader && ++failures >= kMaxConsecutiveFailures;
    };

    while (!stopping()) {
        auto found = in_libnfc([&] { return device.select_card(); });
        // An aborted libnfc call may come back as a success with garbage: never deliver it.
        if (stopping()) {
            return SessionEnd::stopped;
        }
        if (!found) {
            if (reader_failed(found.error())) {
                return SessionEnd::reader_failed;
            }
            if (!wait(m_config.poll_timeout)) {
                return SessionEnd::stopped;
            }
            continue;
        }
        failures = 0;
        if (!*found) {
            if (!wait(m_config.poll_timeout)) {
                return SessionEnd::stopped;
            }
            continue;
        }

        SelectedCard card = std::move(**found);
        deliver_card(device, card);
        // Report the card once while it stays, then its departure.
        for (;;) {
            if (!wait(m_config.poll_timeout)) {
                return SessionEnd::stopped;
            }
            auto presence = in_libnfc([&] { return device.check_presence(card); });
            if (stopping()) {
                return SessionEnd::stopped;
            }
            if (presence && *presence == Presence::present) {
                failures = 0;
                continue;
            }
            if (!presence) {
                if (!reader_failed(presence.error())) {
                    continue;
                }
                deliver_removed();
                return SessionEnd::reader_failed;
            }
            deliver_removed();
            break;
        }
        // A card that only seemed to leave is left confused or halted; a field reset wakes it so
        // the next poll finds it again instead of never.
        if (auto reset = in_libnfc([&] { return device.cycle_field(); }); !reset && reader_failed(reset.error())) {
            return SessionEnd::reader_failed;
        }
    }
    return SessionEnd::stopped;
}

LibnfcBadgeReader::LibnfcBadgeReader(LibnfcBadgeReaderConfig config) : m_config(std::move(config)) {
    // A zero interval would make the thread spin on the reader.
    m_config.poll_timeout = std::max(m_config.poll_timeout, kMinInterval);
    m_config.reopen_interval = std::max(m_config.reopen_interval, kMinInterval);
}

LibnfcBadgeReader::~LibnfcBadgeReader() { stop(); }

void LibnfcBadgeReader::start(Sink sink) {
    if (m_worker) {
        return;
    }
    m_worker = std::make_unique<Worker>(m_config, std::move(sink));
}

void LibnfcBadgeReader::stop() {
    if (m_worker) {
        m_worker->stop();
        m_worker.reset();
    }
}

} // namespace telecentre::platform
