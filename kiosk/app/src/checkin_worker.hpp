#pragma once
// The thread that owns the check-in engine: taps and small tasks come in through a queue, and
// between them it sleeps until the engine's next wake-up (retry, cache refresh).
// Threading: post_* from any thread; everything else runs on the worker's own thread.

#include "telecentre/core/checkin_engine.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace telecentre::app {

class CheckinWorker {
public:
    explicit CheckinWorker(core::CheckinEngine& engine, const core::Clock& clock);
    ~CheckinWorker();
    CheckinWorker(const CheckinWorker&) = delete;
    CheckinWorker& operator=(const CheckinWorker&) = delete;

    void start();
    void stop();
    void post_tap(std::uint64_t tap_id, core::BadgeUid uid);
    void post_task(std::function<void()> task);

private:
    void run(std::stop_token stop);

    core::CheckinEngine& m_engine;
    const core::Clock& m_clock;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::deque<std::function<void()>> m_queue;
    std::jthread m_thread;
};

} // namespace telecentre::app
