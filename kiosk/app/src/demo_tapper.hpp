#pragma once
// Demo mode only: asks the PN532 emulator (tests/pn532_emulator) to put a badge on the reader,
// through its control socket, so a person at a desktop can "tap" with a key.
// Threading: blocking, but only a local socket; called from the check-in worker thread.

#include <expected>
#include <filesystem>
#include <string>

namespace telecentre::app {

[[nodiscard]] std::expected<std::string, std::string> send_emulator_command(const std::filesystem::path& socket,
                                                                            const std::string& command);

} // namespace telecentre::app
