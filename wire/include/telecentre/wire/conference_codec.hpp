#pragma once
// JSON codecs for conference rooms (conference.hpp). Decoders never throw; they are the backend's
// validation of what terminals send.

#include "telecentre/wire/conference.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace telecentre::wire {

[[nodiscard]] std::string encode(const ConferenceStart& start);
[[nodiscard]] std::string encode(const ConferenceExtend& extend);
[[nodiscard]] std::string encode(const Conference& conference);
[[nodiscard]] std::string encode(const JoinDescriptor& descriptor);

[[nodiscard]] std::expected<ConferenceStart, std::string> decode_conference_start(std::string_view text);
[[nodiscard]] std::expected<ConferenceExtend, std::string> decode_conference_extend(std::string_view text);
[[nodiscard]] std::expected<Conference, std::string> decode_conference(std::string_view text);
[[nodiscard]] std::expected<JoinDescriptor, std::string> decode_join_descriptor(std::string_view text);

} // namespace telecentre::wire
