#pragma once

#include <string>

namespace telecentre::core {

// A random UUID (version 4) as text: unique per tap, so a replay can be recognised.
[[nodiscard]] std::string make_idempotency_key();

} // namespace telecentre::core
