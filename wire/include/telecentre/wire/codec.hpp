#pragma once
// JSON codecs for the wire contract. Decoding never throws: a malformed or incomplete document
// gives an error naming the field, which the backend returns as 400 and the kiosk logs.

#include "telecentre/wire/types.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace telecentre::wire {

[[nodiscard]] std::string format_time(TimePoint);
[[nodiscard]] std::expected<TimePoint, std::string> parse_time(std::string_view);
[[nodiscard]] std::string format_date(Date);
[[nodiscard]] std::expected<Date, std::string> parse_date(std::string_view);

[[nodiscard]] std::string encode(const CheckinRequest&);
[[nodiscard]] std::string encode(const CheckinResponse&);
[[nodiscard]] std::string encode(const OfflineCache&);
[[nodiscard]] std::string encode(const ApiError&);

[[nodiscard]] std::expected<CheckinRequest, std::string> decode_checkin_request(std::string_view);
[[nodiscard]] std::expected<CheckinResponse, std::string> decode_checkin_response(std::string_view);
[[nodiscard]] std::expected<OfflineCache, std::string> decode_offline_cache(std::string_view);
[[nodiscard]] std::expected<ApiError, std::string> decode_api_error(std::string_view);

} // namespace telecentre::wire
