#include "callback_worker.hpp"

#include <cstdio>
#include <utility>

namespace telecentre::app {
namespace {

// Attempts per request: a kept-alive connection the backend closed fails the first one at once.
// Two attempts stay within the controller's wait for an answer (connect 3 s + request 5 s each).
constexpr int kAttempts = 2;

// The longest prefix of `text` of at most `limit` bytes that does not cut a UTF-8 character.
std::string utf8_prefix(const std::string& text, std::size_t limit) {
    if (text.size() <= limit) {
        return text;
    }
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
        --end; // text[end] continues a character: cut before that character starts
    }
    return text.substr(0, end);
}

} // namespace

wire::CallbackRequest callback_request(const core::SubmitCallback& submit) {
    wire::CallbackRequest request;
    request.visitor_name = utf8_prefix(submit.name, wire::kCallbackNameLimit);
    request.phone = submit.phone;
    request.reason = utf8_prefix(submit.reason, wire::kCallbackReasonLimit);
    if (!submit.call_id.empty()) {
        request.call_id = submit.call_id;
    }
    return request;
}

CallbackWorker::CallbackWorker(std::unique_ptr<core::CallbackBackend> backend, AnswerSink on_answer,
                               std::string run_key)
    : m_backend(std::move(backend)), m_on_answer(std::move(on_answer)), m_run_key(std::move(run_key)),
      m_thread([this](const std::stop_token& stop) { run(stop); }) {}

CallbackWorker::~CallbackWorker() { stop(); }

void CallbackWorker::stop() {
    if (m_thread.joinable()) {
        m_thread.request_stop();
        m_wake.notify_all();
        m_thread.join();
    }
}

void CallbackWorker::post(core::SubmitCallback submit) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(submit));
    }
    m_wake.notify_all();
}

std::string CallbackWorker::idempotency_key(std::uint64_t request_id) const {
    return m_run_key + "-callback-" + std::to_string(request_id);
}

bool CallbackWorker::send(const core::SubmitCallback& submit) {
    const auto request = callback_request(submit);
    const auto key = idempotency_key(submit.request_id);
    for (int attempt = 1; attempt <= kAttempts; ++attempt) {
        auto answer = m_backend->request_callback(key, request);
        if (answer) {
            return true;
        }
        // The code and status only: the message could quote what the visitor typed one day.
        std::fprintf(stderr, "telecentre-kiosk: callback request not sent (%s, %d)\n", answer.error().code.c_str(),
                     answer.error().status);
        const auto kind = answer.error().kind;
        if (kind != core::BackendFailure::unreachable && kind != core::BackendFailure::timeout) {
            return false; // refused, a server error or a certificate problem: trying again now will not help
        }
    }
    return false;
}

void CallbackWorker::run(const std::stop_token& stop) {
    while (!stop.stop_requested()) {
        std::deque<core::SubmitCallback> submissions;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, stop, [this] { return !m_queue.empty(); });
            submissions.swap(m_queue);
        }
        for (const auto& submit : submissions) {
            if (stop.stop_requested()) {
                return;
            }
            const bool accepted = send(submit);
            if (m_on_answer) {
                m_on_answer(submit.request_id, accepted);
            }
        }
    }
}

} // namespace telecentre::app
