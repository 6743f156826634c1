#include "booking_worker.hpp"

#include <utility>

namespace telecentre::app {

BookingWorker::BookingWorker(core::BookingEngine& engine, const core::Clock& clock, ReplySink on_reply)
    : m_engine(engine), m_clock(clock), m_on_reply(std::move(on_reply)) {}

BookingWorker::~BookingWorker() { stop(); }

void BookingWorker::start() {
    m_thread = std::jthread([this](std::stop_token stop) { run(stop); });
}

void BookingWorker::stop() {
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_wake.notify_all();
        m_thread.join();
    }
}

void BookingWorker::post(core::BookingEngineCommand command) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(command));
    }
    m_wake.notify_all();
}

void BookingWorker::wake() {
    {
        std::lock_guard lock(m_mutex);
        m_retry_now = true;
    }
    m_wake.notify_all();
}

void BookingWorker::run(std::stop_token stop) {
    m_engine.pump();
    while (!stop.stop_requested()) {
        std::deque<core::BookingEngineCommand> commands;
        bool retry_now = false;
        {
            std::unique_lock lock(m_mutex);
            const auto wake_at = std::chrono::system_clock::now() + (m_engine.next_wakeup() - m_clock.now());
            m_wake.wait_until(lock, stop, wake_at, [this] { return !m_queue.empty() || m_retry_now; });
            commands.swap(m_queue);
            retry_now = std::exchange(m_retry_now, false);
        }
        // Commands first: a member is waiting for them; the replay can come after.
        for (const auto& command : commands) {
            if (stop.stop_requested()) {
                return;
            }
            auto reply = core::run_command(m_engine, command);
            if (m_on_reply) {
                m_on_reply(std::move(reply));
            }
        }
        if (stop.stop_requested()) {
            return;
        }
        if (retry_now) {
            m_engine.retry_now();
        }
        m_engine.pump();
    }
}

} // namespace telecentre::app
