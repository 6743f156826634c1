#include "telecentre/backend/reception_desk.hpp"

#include "telecentre/wire/reception_codec.hpp"

#include <algorithm>

namespace telecentre::backend {

ReceptionDesk::ReceptionDesk(DeskOptions options, std::function<std::string()> new_call_id,
                             std::function<void(const CallRecord&)> on_record,
                             std::function<void(const OpenCall&)> on_progress)
    : m_options(options), m_new_call_id(std::move(new_call_id)), m_on_record(std::move(on_record)),
      m_on_progress(std::move(on_progress)) {}

void ReceptionDesk::report_progress(const Call& call) const {
    if (m_on_progress) {
        m_on_progress(OpenCall{call.info.call_id, call.info.site_id, call.kiosk.device_id, call.info.queued_at,
                               call.answered_at, call.agent ? call.agent->staff_id : std::string{}});
    }
}

std::size_t ReceptionDesk::in_progress() const { return m_calls.size() - m_queue.size(); }

int ReceptionDesk::agents_available() const {
    return static_cast<int>(std::ranges::count_if(
        m_agents, [](const auto& entry) { return entry.second.available && entry.second.call_id.empty(); }));
}

ReceptionDesk::Call* ReceptionDesk::find(const std::string& call_id) {
    const auto found = m_calls.find(call_id);
    return found == m_calls.end() ? nullptr : &found->second;
}

const ReceptionDesk::Call* ReceptionDesk::call_of_kiosk(ConnectionId kiosk) const {
    for (const auto& [id, call] : m_calls) {
        if (call.kiosk.connection == kiosk) {
            return &call;
        }
    }
    return nullptr;
}

void ReceptionDesk::announce(std::vector<Outbound>& out) const {
    wire::ReceptionQueue queue;
    queue.agents_available = agents_available();
    int position = 0;
    for (const std::string& id : m_queue) {
        const Call& call = m_calls.at(id);
        queue.calls.push_back(call.info);
        out.push_back({call.kiosk.connection, wire::encode(wire::CallQueued{id, ++position, queue.agents_available})});
    }
    const std::string text = wire::encode(queue);
    for (const auto& [connection, agent] : m_agents) {
        out.push_back({connection, text});
    }
}

std::vector<Outbound> ReceptionDesk::agent_connected(const DeskAgent& agent) {
    m_agents[agent.connection] = Agent{agent, false, {}};
    std::vector<Outbound> out;
    announce(out);
    return out;
}

ReceptionDesk::Result ReceptionDesk::agent_status(ConnectionId connection, const wire::AgentStatus& status) {
    const auto agent = m_agents.find(connection);
    if (agent == m_agents.end()) {
        return std::unexpected("only a reception agent sets a status");
    }
    std::vector<Outbound> out;
    if (agent->second.available != status.available) {
        agent->second.available = status.available;
        announce(out); // the kiosks waiting learn whether anyone can answer
    }
    return out;
}

ReceptionDesk::Result ReceptionDesk::request(const DeskKiosk& kiosk, const wire::CallRequest& request,
                                             wire::TimePoint now) {
    if (m_agents.contains(kiosk.connection)) {
        return std::unexpected("an agent's console cannot ask for a call");
    }
    if (call_of_kiosk(kiosk.connection) != nullptr) {
        return std::unexpected("this kiosk already has a call");
    }
    if (m_queue.size() >= m_options.max_queue) {
        return std::unexpected("the reception queue is full; try again in a moment");
    }
    Call call;
    call.info =
        wire::QueuedCall{m_new_call_id(), kiosk.site_id, kiosk.site_name, request.visitor_name, request.reason, now};
    call.kiosk = kiosk;
    const std::string id = call.info.call_id;
    const Call& queued = m_calls.emplace(id, std::move(call)).first->second;
    m_queue.push_back(id);
    report_progress(queued);
    std::vector<Outbound> out;
    announce(out);
    return out;
}

ReceptionDesk::Result ReceptionDesk::accept(ConnectionId connection, const wire::CallRef& ref, wire::TimePoint now) {
    const auto agent = m_agents.find(connection);
    if (agent == m_agents.end()) {
        return std::unexpected("only a reception agent accepts a call");
    }
    if (!agent->second.call_id.empty()) {
        return std::unexpected("finish the call in progress first");
    }
    Call* call = find(ref.call_id);
    if (call == nullptr || call->agent) {
        return std::unexpected("this call is no longer waiting"); // another agent was first, or it ended
    }
    std::erase(m_queue, ref.call_id);
    call->agent = agent->second.who;
    call->answered_at = now;
    agent->second.call_id = ref.call_id;
    // Accepting means available: an agent who was away and answers anyway is back at the desk.
    agent->second.available = true;
    report_progress(*call);
    std::vector<Outbound> out;
    out.push_back({connection, wire::encode(wire::CallAssigned{call->info})});
    out.push_back({call->kiosk.connection, wire::encode(wire::CallAnswered{ref.call_id, agent->second.who.name})});
    announce(out);
    return out;
}

ReceptionDesk::Result ReceptionDesk::signal(ConnectionId from, const wire::CallSignal& signal) {
    const Call* call = find(signal.call_id);
    if (call == nullptr) {
        return std::unexpected("no such call");
    }
    if (!call->agent) {
        return std::unexpected("the call has not been answered yet");
    }
    ConnectionId to = 0;
    if (from == call->kiosk.connection) {
        to = call->agent->connection;
    } else if (from == call->agent->connection) {
        to = call->kiosk.connection;
    } else {
        return std::unexpected("not a party to this call");
    }
    // Re-encoded from what was decoded: only the known fields travel to the other party.
    return std::vector<Outbound>{{to, wire::encode(signal)}};
}

ReceptionDesk::Result ReceptionDesk::hang_up(ConnectionId from, const wire::CallRef& ref, wire::TimePoint now) {
    const Call* call = find(ref.call_id);
    if (call == nullptr) {
        return std::unexpected("no such call");
    }
    wire::CallEndReason reason{};
    if (from == call->kiosk.connection) {
        reason = call->agent ? wire::CallEndReason::visitor_hung_up : wire::CallEndReason::cancelled;
    } else if (call->agent && from == call->agent->connection) {
        reason = wire::CallEndReason::agent_hung_up;
    } else {
        return std::unexpected("not a party to this call");
    }
    std::vector<Outbound> out;
    end(ref.call_id, reason, now, out);
    return out;
}

void ReceptionDesk::end(std::string call_id, wire::CallEndReason reason, wire::TimePoint now,
                        std::vector<Outbound>& out) {
    const auto found = m_calls.find(call_id);
    if (found == m_calls.end()) {
        return;
    }
    const Call call = std::move(found->second);
    m_calls.erase(found);
    const bool was_waiting = std::erase(m_queue, call_id) > 0;
    const std::string ended = wire::encode(wire::CallEnded{call_id, reason});
    out.push_back({call.kiosk.connection, ended});
    if (call.agent) {
        out.push_back({call.agent->connection, ended});
        if (const auto agent = m_agents.find(call.agent->connection); agent != m_agents.end()) {
            agent->second.call_id.clear();
        }
    }
    // The queue changes when a waiting call goes, and the agents available when one is free again.
    if (was_waiting || call.agent) {
        announce(out);
    }
    if (m_on_record) {
        m_on_record(CallRecord{call_id, call.info.site_id, call.kiosk.device_id, call.info.queued_at, call.answered_at,
                               now, call.agent ? call.agent->staff_id : std::string{}, reason});
    }
}

std::vector<Outbound> ReceptionDesk::disconnected(ConnectionId connection, wire::TimePoint now) {
    std::vector<Outbound> out;
    const auto agent = m_agents.find(connection);
    if (agent != m_agents.end()) {
        const std::string call_id = agent->second.call_id;
        m_agents.erase(agent);
        if (!call_id.empty()) {
            end(call_id, wire::CallEndReason::agent_lost, now, out);
        } else {
            announce(out); // one agent fewer
        }
    } else if (const Call* call = call_of_kiosk(connection)) {
        end(call->info.call_id, wire::CallEndReason::kiosk_lost, now, out);
    }
    // Nothing goes to the connection that is gone.
    std::erase_if(out, [connection](const Outbound& message) { return message.connection == connection; });
    return out;
}

std::vector<Outbound> ReceptionDesk::tick(wire::TimePoint now) {
    std::vector<Outbound> out;
    std::vector<std::string> expired;
    for (const std::string& id : m_queue) {
        if (now >= m_calls.at(id).info.queued_at + m_options.unanswered_after) {
            expired.push_back(id);
        }
    }
    for (const std::string& id : expired) {
        end(id, wire::CallEndReason::unanswered, now, out);
    }
    return out;
}

std::vector<Outbound> ReceptionDesk::shut_down(wire::TimePoint now) {
    std::vector<Outbound> out;
    std::vector<std::string> ids;
    ids.reserve(m_calls.size());
    for (const auto& [id, call] : m_calls) {
        ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end()); // one order whatever the hash map's
    for (const std::string& id : ids) {
        end(id, wire::CallEndReason::server_restart, now, out);
    }
    return out;
}

std::optional<wire::TimePoint> ReceptionDesk::next_deadline() const {
    if (m_queue.empty()) {
        return std::nullopt;
    }
    return m_calls.at(m_queue.front()).info.queued_at + m_options.unanswered_after;
}

} // namespace telecentre::backend
