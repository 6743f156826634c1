#pragma once
// What the check-in engine tells the UI about one tap.

#include "telecentre/core/kiosk_model.hpp"

#include <cstdint>
#include <optional>

namespace telecentre::core {

struct Decision {
    std::uint64_t tap_id = 0;
    std::optional<CheckinResult> result; // the member's greeting (also given with a refusal, for the name)
    std::optional<ErrorKind> error;      // set when the tap was refused or could not be decided
};

} // namespace telecentre::core
