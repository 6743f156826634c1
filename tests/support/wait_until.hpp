#pragma once
// Waiting for a condition another thread or process makes true, with a bound: never a fixed
// sleep.

#include <chrono>
#include <functional>

namespace telecentre::testing {

// Polls `condition` until it holds or `timeout` passes; true when it held.
[[nodiscard]] bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

} // namespace telecentre::testing
