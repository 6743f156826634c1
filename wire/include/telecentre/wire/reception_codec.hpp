#pragma once
// JSON codecs for the visio-accueil messages (reception.hpp). Decoders take one whole live
// message (with its "type") and check its type, its fields and their limits; they never throw.

#include "telecentre/wire/reception.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace telecentre::wire {

[[nodiscard]] std::string encode(const CallRequest& request);
[[nodiscard]] std::string encode_call_ref(std::string_view type, const CallRef& ref); // accept, cancel, hangup
[[nodiscard]] std::string encode(const AgentStatus& status);
[[nodiscard]] std::string encode(const CallSignal& signal);
[[nodiscard]] std::string encode(const CallQueued& queued);
[[nodiscard]] std::string encode(const CallAnswered& answered);
[[nodiscard]] std::string encode(const CallEnded& ended);
[[nodiscard]] std::string encode(const ReceptionQueue& queue);
[[nodiscard]] std::string encode(const CallAssigned& assigned);

[[nodiscard]] std::expected<CallRequest, std::string> decode_call_request(std::string_view text);
// `type`: "call.accept", "call.cancel" or "call.hangup".
[[nodiscard]] std::expected<CallRef, std::string> decode_call_ref(std::string_view text, std::string_view type);
[[nodiscard]] std::expected<AgentStatus, std::string> decode_agent_status(std::string_view text);
[[nodiscard]] std::expected<CallSignal, std::string> decode_call_signal(std::string_view text);
[[nodiscard]] std::expected<CallQueued, std::string> decode_call_queued(std::string_view text);
[[nodiscard]] std::expected<CallAnswered, std::string> decode_call_answered(std::string_view text);
[[nodiscard]] std::expected<CallEnded, std::string> decode_call_ended(std::string_view text);
[[nodiscard]] std::expected<ReceptionQueue, std::string> decode_reception_queue(std::string_view text);
[[nodiscard]] std::expected<CallAssigned, std::string> decode_call_assigned(std::string_view text);

} // namespace telecentre::wire
