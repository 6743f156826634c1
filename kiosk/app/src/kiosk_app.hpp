#pragma once
// The kiosk program: wires the reader, the check-in worker and the screens, and runs the SDL loop
// on the calling (UI) thread until the window closes or SIGINT/SIGTERM arrives.

#include "kiosk_config.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace telecentre::app {

struct RunOptions {
    std::optional<DisplayMode> display_override;
    std::filesystem::path screenshot_directory; // empty: none. Otherwise a PNG per new screen state.
    bool exit_after_first_frame = false;        // for the start-up benchmark
};

[[nodiscard]] int run_kiosk(const KioskConfig& config, const RunOptions& options);

} // namespace telecentre::app
