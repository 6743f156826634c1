#pragma once
// Visio-accueil's callback requests: when a call goes unanswered or fails, the visitor leaves a
// name and a phone number at the kiosk (POST /v1/callbacks); reception staff see them in the
// console (GET /v1/callbacks) and mark them handled. Plain types here; their codecs are in
// callback_codec.hpp; docs/reception.md has the flow.

#include "telecentre/wire/types.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::wire {

// Limits, checked on decoding (the kiosk's keyboard stays well inside them).
inline constexpr std::size_t kCallbackNameLimit = 80;    // bytes of UTF-8
inline constexpr std::size_t kCallbackReasonLimit = 200; // bytes of UTF-8
inline constexpr std::size_t kPhoneMinimum = 6;          // characters, and at least as many digits
inline constexpr std::size_t kPhoneLimit = 20;           // characters

// kiosk -> backend: POST /v1/callbacks.
struct CallbackRequest {
    std::string visitor_name;           // 1-80 bytes
    std::string phone;                  // 6-20 of digits, spaces, + . - ( ), at least 6 digits
    std::string reason;                 // 0-200 bytes
    std::optional<std::string> call_id; // the call that went unanswered or failed, if any
};

// A callback request as the backend answers it (the kiosk, the staff console).
struct Callback {
    std::string id;
    std::string site_id;
    std::string site_name;
    std::string visitor_name;
    std::string phone;
    std::string reason;
    std::optional<std::string> call_id;
    TimePoint requested_at{};
    std::optional<TimePoint> handled_at;
    std::optional<std::string> handled_by; // the staff member's id
};

// GET /v1/callbacks: the open ones (oldest first), then the recently handled ones.
struct CallbackList {
    std::vector<Callback> callbacks;
};

} // namespace telecentre::wire
