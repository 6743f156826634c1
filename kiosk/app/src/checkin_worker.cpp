#include "checkin_worker.hpp"

namespace telecentre::app {

CheckinWorker::CheckinWorker(core::CheckinEngine& engine, const core::Clock& clock)
    : m_engine(engine), m_clock(clock) {}

CheckinWorker::~CheckinWorker() { stop(); }

void CheckinWorker::start() {
    m_thread = std::jthread([this](std::stop_token stop) { run(stop); });
}

void CheckinWorker::stop() {
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_wake.notify_all();
        m_thread.join();
    }
}

void CheckinWorker::post_tap(std::uint64_t tap_id, core::BadgeUid uid) {
    post_task([this, tap_id, uid = std::move(uid)] { m_engine.handle_tap(tap_id, uid); });
}

void CheckinWorker::post_task(std::function<void()> task) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(task));
    }
    m_wake.notify_all();
}

void CheckinWorker::run(std::stop_token stop) {
    m_engine.pump();
    while (!stop.stop_requested()) {
        std::deque<std::function<void()>> tasks;
        {
            std::unique_lock lock(m_mutex);
            const auto wake_at = std::chrono::system_clock::now() + (m_engine.next_wakeup() - m_clock.now());
            m_wake.wait_until(lock, stop, wake_at, [this] { return !m_queue.empty(); });
            tasks.swap(m_queue);
        }
        if (stop.stop_requested()) {
            break;
        }
        for (auto& task : tasks) {
            task();
        }
        m_engine.pump();
    }
}

} // namespace telecentre::app
