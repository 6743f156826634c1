#pragma once
// The thread that owns the booking engine. The UI posts BookingEngineCommands (each with its
// request_id); the worker runs them in order and hands each BookingEngineReply to `on_reply`, which
// only posts to the UI inbox. Between commands it sleeps until the engine's next wake-up, when it
// replays the booking journal; wake() makes it retry at once, back-off or not (call it when the
// link is seen back, e.g. when the check-in worker reports online).
// Threading: post(), wake() and stop() from any thread; everything else runs on the worker's thread.

#include "telecentre/core/booking_commands.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace telecentre::app {

class BookingWorker {
public:
    using ReplySink = std::function<void(core::BookingEngineReply)>;

    BookingWorker(core::BookingEngine& engine, const core::Clock& clock, ReplySink on_reply);
    ~BookingWorker();
    BookingWorker(const BookingWorker&) = delete;
    BookingWorker& operator=(const BookingWorker&) = delete;

    void start();
    // Finishes the command under way, drops the rest (the UI is going away) and joins.
    void stop();
    void post(core::BookingEngineCommand command);
    void wake();

private:
    void run(std::stop_token stop);

    core::BookingEngine& m_engine;
    const core::Clock& m_clock;
    ReplySink m_on_reply;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::deque<core::BookingEngineCommand> m_queue;
    bool m_retry_now = false;
    std::jthread m_thread;
};

} // namespace telecentre::app
