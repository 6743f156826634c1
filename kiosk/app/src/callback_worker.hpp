#pragma once
// The thread that sends visio-accueil callback requests to the backend (POST /v1/callbacks), so
// the UI thread never waits on the network. The UI posts a SubmitCallback; the worker sends it
// and hands `on_answer(request_id, accepted)` the outcome, which only posts to the UI inbox.
// Nothing of the visitor is written to disk: a request the backend cannot take now is answered
// "not sent" and the screen keeps the text for another try. Its Idempotency-Key is the run's
// random prefix and the request id, so retrying one request (here, after a lost connection) is
// recorded once, and two runs of the kiosk never share a key.
// Threading: post() and stop() from any thread; the backend is used on the worker's thread only.

#include "telecentre/core/call_controller.hpp"
#include "telecentre/core/callback_backend.hpp"
#include "telecentre/wire/callback.hpp"

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace telecentre::app {

// The wire request for what the visitor typed, each text cut to the backend's byte limits on a
// character boundary (the keyboard counts characters, the backend bytes).
[[nodiscard]] wire::CallbackRequest callback_request(const core::SubmitCallback& submit);

class CallbackWorker {
public:
    using AnswerSink = std::function<void(std::uint64_t request_id, bool accepted)>;

    // `run_key`: random for each run of the program (core::make_idempotency_key()).
    CallbackWorker(std::unique_ptr<core::CallbackBackend> backend, AnswerSink on_answer, std::string run_key);
    ~CallbackWorker();
    CallbackWorker(const CallbackWorker&) = delete;
    CallbackWorker& operator=(const CallbackWorker&) = delete;

    void post(core::SubmitCallback submit);
    // Finishes the request under way (bounded by the client's timeouts), drops the rest, joins.
    void stop();

    [[nodiscard]] std::string idempotency_key(std::uint64_t request_id) const;

private:
    void run(const std::stop_token& stop);
    [[nodiscard]] bool send(const core::SubmitCallback& submit);

    std::unique_ptr<core::CallbackBackend> m_backend;
    AnswerSink m_on_answer;
    std::string m_run_key;
    std::mutex m_mutex;
    std::condition_variable_any m_wake;
    std::deque<core::SubmitCallback> m_queue;
    std::jthread m_thread; // last: stopped and joined before the rest goes
};

} // namespace telecentre::app
