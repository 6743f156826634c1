#pragma once
// JSON codecs for callback requests (callback.hpp). The request's decoder is the backend's
// validation: it refuses what a kiosk's keyboard cannot produce (control characters, a phone
// number of letters, over-long text). Decoders never throw.

#include "telecentre/wire/callback.hpp"

#include <expected>
#include <string>
#include <string_view>

namespace telecentre::wire {

[[nodiscard]] std::string encode(const CallbackRequest& request);
[[nodiscard]] std::string encode(const Callback& callback);
[[nodiscard]] std::string encode(const CallbackList& list);
// The live message every staff console gets when a callback request is added or handled
// ({"type":"callbacks.changed"}): the console then fetches GET /v1/callbacks again.
[[nodiscard]] std::string encode_callbacks_changed();

[[nodiscard]] std::expected<CallbackRequest, std::string> decode_callback_request(std::string_view text);
[[nodiscard]] std::expected<Callback, std::string> decode_callback(std::string_view text);
[[nodiscard]] std::expected<CallbackList, std::string> decode_callback_list(std::string_view text);

// The phone rule of CallbackRequest, for the kiosk to check before sending.
[[nodiscard]] bool valid_callback_phone(std::string_view phone);
// True when `text` has a control character (C0, DEL, or C1 in UTF-8).
[[nodiscard]] bool has_control_characters(std::string_view text);

} // namespace telecentre::wire
