#pragma once
// The network's reception desk for visio-accueil: one queue of calls from every kiosk, the agents
// connected and whether they can answer, and the calls in progress. Pure state: events come in
// (from the live channel: a message, a connection closed, the clock), and what each event says
// to whom comes out as Outbound messages for the caller to send. It never does I/O, so every
// rule is tested with a fake clock and plain values.
//
// Rules: a kiosk has at most one call at a time; the queue holds at most max_queue calls, oldest
// first; every connected agent sees the queue; the first available agent to accept gets the call
// and the others see it leave the queue; signalling is relayed only between the two parties of an
// answered call; a party that disconnects ends the call for the other; a call nobody accepts in
// `unanswered_after` ends as unanswered. Each call that ends yields a CallRecord for statistics
// (no visitor name or reason in it); while it lasts, its progress (queued, answered) is reported
// too, for the owner to journal.
//
// Threading: not thread-safe; the owner serialises calls (one mutex).

#include "telecentre/wire/reception.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace telecentre::backend {

using ConnectionId = std::uint64_t;

struct DeskKiosk {
    ConnectionId connection = 0;
    std::string device_id;
    std::string site_id;
    std::string site_name;
};

struct DeskAgent {
    ConnectionId connection = 0;
    std::string staff_id;
    std::string name; // shown to the visitor
};

struct Outbound {
    ConnectionId connection = 0;
    std::string text; // one JSON live message
};

// One call, once it has ended, for the statistics: when, where, who answered, how it ended.
struct CallRecord {
    std::string call_id;
    std::string site_id;
    std::string device_id;
    wire::TimePoint queued_at{};
    std::optional<wire::TimePoint> answered_at;
    wire::TimePoint ended_at{};
    std::string agent_id; // empty when unanswered
    wire::CallEndReason outcome = wire::CallEndReason::unanswered;
};

// One call while it lasts, as the desk reports it when it is queued and again when it is
// answered: what the owner journals, so that a backend killed in the middle of a call still
// leaves its record (the CallRecord above is only made when the call ends).
struct OpenCall {
    std::string call_id;
    std::string site_id;
    std::string device_id;
    wire::TimePoint queued_at{};
    std::optional<wire::TimePoint> answered_at;
    std::string agent_id; // empty until answered
};

struct DeskOptions {
    std::chrono::seconds unanswered_after{180};
    std::size_t max_queue = 50;
};

class ReceptionDesk {
public:
    // What an event sends, or why it was refused (said to the sender as a live error).
    using Result = std::expected<std::vector<Outbound>, std::string>;

    // `on_record` is told of each call once, when it ends; `on_progress` when it is queued and
    // when it is answered.
    ReceptionDesk(DeskOptions options, std::function<std::string()> new_call_id,
                  std::function<void(const CallRecord&)> on_record = {},
                  std::function<void(const OpenCall&)> on_progress = {});

    // An agent's console connected: it gets the queue; it is away until it says available.
    [[nodiscard]] std::vector<Outbound> agent_connected(const DeskAgent& agent);
    [[nodiscard]] Result agent_status(ConnectionId agent, const wire::AgentStatus& status);

    [[nodiscard]] Result request(const DeskKiosk& kiosk, const wire::CallRequest& request, wire::TimePoint now);
    [[nodiscard]] Result accept(ConnectionId agent, const wire::CallRef& call, wire::TimePoint now);
    [[nodiscard]] Result signal(ConnectionId from, const wire::CallSignal& signal);
    // A kiosk's cancel while waiting, or either party's hang-up.
    [[nodiscard]] Result hang_up(ConnectionId from, const wire::CallRef& call, wire::TimePoint now);

    // A connection closed (kiosk or agent, known or not): its calls end.
    [[nodiscard]] std::vector<Outbound> disconnected(ConnectionId connection, wire::TimePoint now);
    // Calls waiting longer than unanswered_after end.
    [[nodiscard]] std::vector<Outbound> tick(wire::TimePoint now);
    // The server is stopping: every call, waiting or in progress, ends as server_restart (both
    // parties told, each recorded), so none is lost from the statistics or left hanging.
    [[nodiscard]] std::vector<Outbound> shut_down(wire::TimePoint now);
    [[nodiscard]] std::optional<wire::TimePoint> next_deadline() const;

    [[nodiscard]] std::size_t waiting() const { return m_queue.size(); }
    [[nodiscard]] std::size_t in_progress() const;
    [[nodiscard]] int agents_available() const;

private:
    struct Call {
        wire::QueuedCall info;
        DeskKiosk kiosk;
        std::optional<DeskAgent> agent; // set once answered
        std::optional<wire::TimePoint> answered_at;
    };
    struct Agent {
        DeskAgent who;
        bool available = false;
        std::string call_id; // the call in progress, if any
    };

    [[nodiscard]] Call* find(const std::string& call_id);
    [[nodiscard]] const Call* call_of_kiosk(ConnectionId kiosk) const;
    // By value: callers pass ids that live in the call being erased.
    void end(std::string call_id, wire::CallEndReason reason, wire::TimePoint now, std::vector<Outbound>& out);
    void report_progress(const Call& call) const;
    // The queue to every agent, positions to every waiting kiosk.
    void announce(std::vector<Outbound>& out) const;

    DeskOptions m_options;
    std::function<std::string()> m_new_call_id;
    std::function<void(const CallRecord&)> m_on_record;
    std::function<void(const OpenCall&)> m_on_progress;
    std::unordered_map<std::string, Call> m_calls;    // waiting and in progress, by id
    std::vector<std::string> m_queue;                 // waiting call ids, oldest first
    std::unordered_map<ConnectionId, Agent> m_agents; // connected consoles
};

} // namespace telecentre::backend
