#include "telecentre/wire/reception_codec.hpp"

#include "json_fields.hpp"

#include <algorithm>

namespace telecentre::wire {
namespace {

using namespace detail;

constexpr std::array kSignalKinds{SignalKind::offer, SignalKind::answer, SignalKind::candidate,
                                  SignalKind::end_of_candidates};
constexpr std::array kEndReasons{CallEndReason::visitor_hung_up, CallEndReason::agent_hung_up,
                                 CallEndReason::cancelled,       CallEndReason::unanswered,
                                 CallEndReason::kiosk_lost,      CallEndReason::agent_lost,
                                 CallEndReason::server_restart};

void expect_type(const json& doc, std::string_view type) {
    if (string_field(doc, "type", 64) != type) {
        throw DecodeError{"not a \"" + std::string(type) + "\" message"};
    }
}

// Typed on the kiosk's keyboard: any printable text, no control characters (a name shown on the
// agent's screen must not carry line breaks or terminal escapes).
std::string typed_field(const json& doc, const char* name, std::size_t limit) {
    if (!doc.contains(name)) {
        return {};
    }
    auto text = string_field(doc, name, limit);
    if (std::ranges::any_of(text, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; })) {
        throw DecodeError{std::string("field \"") + name + "\" has control characters"};
    }
    return text;
}

std::string call_id_field(const json& doc) {
    auto id = string_field(doc, "call_id", kCallIdLength);
    if (id.empty()) {
        throw DecodeError{"field \"call_id\" is empty"};
    }
    return id;
}

int bounded_integer(const json& doc, const char* name, int low, int high) {
    const auto value = integer_field(doc, name);
    if (value < low || value > high) {
        throw DecodeError{std::string("field \"") + name + "\" is out of range"};
    }
    return static_cast<int>(value);
}

json queued_call_json(const QueuedCall& call) {
    return json{{"call_id", call.call_id},     {"site_id", call.site_id},
                {"site_name", call.site_name}, {"visitor_name", call.visitor_name},
                {"reason", call.reason},       {"queued_at", format_time(call.queued_at)}};
}

QueuedCall queued_call_from(const json& doc) {
    return QueuedCall{call_id_field(doc),
                      string_field(doc, "site_id", 64),
                      string_field(doc, "site_name", 256),
                      typed_field(doc, "visitor_name", kVisitorNameLimit),
                      typed_field(doc, "reason", kCallReasonLimit),
                      time_field(doc, "queued_at")};
}

} // namespace

const char* to_string(SignalKind kind) {
    switch (kind) {
    case SignalKind::offer: return "offer";
    case SignalKind::answer: return "answer";
    case SignalKind::candidate: return "candidate";
    case SignalKind::end_of_candidates: return "end-of-candidates";
    }
    return "offer";
}

const char* to_string(CallEndReason reason) {
    switch (reason) {
    case CallEndReason::visitor_hung_up: return "visitor_hung_up";
    case CallEndReason::agent_hung_up: return "agent_hung_up";
    case CallEndReason::cancelled: return "cancelled";
    case CallEndReason::unanswered: return "unanswered";
    case CallEndReason::kiosk_lost: return "kiosk_lost";
    case CallEndReason::agent_lost: return "agent_lost";
    case CallEndReason::server_restart: return "server_restart";
    }
    return "visitor_hung_up";
}

std::string encode(const CallRequest& request) {
    return json{{"type", "call.request"}, {"visitor_name", request.visitor_name}, {"reason", request.reason}}.dump();
}

std::string encode_call_ref(std::string_view type, const CallRef& ref) {
    return json{{"type", std::string(type)}, {"call_id", ref.call_id}}.dump();
}

std::string encode(const AgentStatus& status) {
    return json{{"type", "agent.status"}, {"available", status.available}}.dump();
}

std::string encode(const CallSignal& signal) {
    json body{{"kind", to_string(signal.kind)}};
    switch (signal.kind) {
    case SignalKind::offer:
    case SignalKind::answer: body["sdp"] = signal.sdp; break;
    case SignalKind::candidate:
        body["candidate"] = signal.candidate;
        body["sdp_mline_index"] = signal.mline_index;
        break;
    case SignalKind::end_of_candidates: break;
    }
    return json{{"type", "call.signal"}, {"call_id", signal.call_id}, {"signal", std::move(body)}}.dump();
}

std::string encode(const CallQueued& queued) {
    return json{{"type", "call.queued"},
                {"call_id", queued.call_id},
                {"position", queued.position},
                {"agents_available", queued.agents_available}}
        .dump();
}

std::string encode(const CallAnswered& answered) {
    return json{{"type", "call.answered"}, {"call_id", answered.call_id}, {"agent_name", answered.agent_name}}.dump();
}

std::string encode(const CallEnded& ended) {
    return json{{"type", "call.ended"}, {"call_id", ended.call_id}, {"reason", to_string(ended.reason)}}.dump();
}

std::string encode(const ReceptionQueue& queue) {
    json calls = json::array();
    for (const auto& call : queue.calls) {
        calls.push_back(queued_call_json(call));
    }
    return json{{"type", "reception.queue"}, {"agents_available", queue.agents_available}, {"calls", std::move(calls)}}
        .dump();
}

std::string encode(const CallAssigned& assigned) {
    json doc = queued_call_json(assigned.call);
    doc["type"] = "call.assigned";
    return doc.dump();
}

std::expected<CallRequest, std::string> decode_call_request(std::string_view text) {
    return decode_document<CallRequest>(text, [](const json& doc) {
        expect_type(doc, "call.request");
        return CallRequest{typed_field(doc, "visitor_name", kVisitorNameLimit),
                           typed_field(doc, "reason", kCallReasonLimit)};
    });
}

std::expected<CallRef, std::string> decode_call_ref(std::string_view text, std::string_view type) {
    return decode_document<CallRef>(text, [type](const json& doc) {
        expect_type(doc, type);
        return CallRef{call_id_field(doc)};
    });
}

std::expected<AgentStatus, std::string> decode_agent_status(std::string_view text) {
    return decode_document<AgentStatus>(text, [](const json& doc) {
        expect_type(doc, "agent.status");
        return AgentStatus{bool_field(doc, "available")};
    });
}

std::expected<CallSignal, std::string> decode_call_signal(std::string_view text) {
    return decode_document<CallSignal>(text, [](const json& doc) {
        expect_type(doc, "call.signal");
        CallSignal signal;
        signal.call_id = call_id_field(doc);
        const json& body = field(doc, "signal");
        signal.kind = enum_field(body, "kind", kSignalKinds);
        switch (signal.kind) {
        case SignalKind::offer:
        case SignalKind::answer:
            signal.sdp = string_field(body, "sdp", kSdpLimit);
            if (!signal.sdp.starts_with("v=0")) {
                throw DecodeError{"field \"sdp\" is not a session description"};
            }
            break;
        case SignalKind::candidate:
            signal.candidate = string_field(body, "candidate", kCandidateLimit);
            if (!signal.candidate.starts_with("candidate:") ||
                signal.candidate.find_first_of("\r\n") != std::string::npos) {
                throw DecodeError{"field \"candidate\" is not one ICE candidate"};
            }
            signal.mline_index = bounded_integer(body, "sdp_mline_index", 0, 15);
            break;
        case SignalKind::end_of_candidates: break;
        }
        return signal;
    });
}

std::expected<CallQueued, std::string> decode_call_queued(std::string_view text) {
    return decode_document<CallQueued>(text, [](const json& doc) {
        expect_type(doc, "call.queued");
        return CallQueued{call_id_field(doc), bounded_integer(doc, "position", 1, 100'000),
                          bounded_integer(doc, "agents_available", 0, 100'000)};
    });
}

std::expected<CallAnswered, std::string> decode_call_answered(std::string_view text) {
    return decode_document<CallAnswered>(text, [](const json& doc) {
        expect_type(doc, "call.answered");
        return CallAnswered{call_id_field(doc), typed_field(doc, "agent_name", 120)};
    });
}

std::expected<CallEnded, std::string> decode_call_ended(std::string_view text) {
    return decode_document<CallEnded>(text, [](const json& doc) {
        expect_type(doc, "call.ended");
        return CallEnded{call_id_field(doc), enum_field(doc, "reason", kEndReasons)};
    });
}

std::expected<ReceptionQueue, std::string> decode_reception_queue(std::string_view text) {
    return decode_document<ReceptionQueue>(text, [](const json& doc) {
        expect_type(doc, "reception.queue");
        ReceptionQueue queue;
        queue.agents_available = bounded_integer(doc, "agents_available", 0, 100'000);
        for (const json& call : array_field(doc, "calls")) {
            queue.calls.push_back(queued_call_from(call));
        }
        return queue;
    });
}

std::expected<CallAssigned, std::string> decode_call_assigned(std::string_view text) {
    return decode_document<CallAssigned>(text, [](const json& doc) {
        expect_type(doc, "call.assigned");
        return CallAssigned{queued_call_from(doc)};
    });
}

} // namespace telecentre::wire
