#pragma once
// The kiosk's badge reader on libnfc (1.8, any reader libnfc drives; tested with pn532_uart).
// Supports: ISO 14443A cards (4, 7 and 10-byte UIDs), one card at a time, APDUs to ISO-DEP
// cards, a reader that is unplugged and plugged back. Not supported: other modulations.
// Threading: start() spawns the reader thread, which owns the libnfc context and device and
// calls the Sink; stop() aborts the running libnfc command and joins it. start() and stop()
// are called from one thread (the BadgeReader contract).

#include "telecentre/core/badge_reader.hpp"

#include <chrono>
#include <memory>
#include <string>

namespace telecentre::platform {

struct LibnfcBadgeReaderConfig {
    // e.g. "pn532_uart:/dev/ttyUSB0"; libnfc cannot open a port path containing ':'.
    std::string connstring;
    // Time between two polls for a card, and between two presence checks of a card in the
    // field; also bounds how long stop() waits for the reader thread in the usual case.
    std::chrono::milliseconds poll_timeout{250};
    // Time between two attempts to open a reader that is missing or failed.
    std::chrono::milliseconds reopen_interval{1000};
};

class LibnfcBadgeReader final : public core::BadgeReader {
public:
    explicit LibnfcBadgeReader(LibnfcBadgeReaderConfig config);
    ~LibnfcBadgeReader() override;
    LibnfcBadgeReader(const LibnfcBadgeReader&) = delete;
    LibnfcBadgeReader& operator=(const LibnfcBadgeReader&) = delete;

    // Starts the reader thread; a second start() while running is ignored.
    void start(Sink sink) override;
    void stop() override;

private:
    class Worker; // the reader thread and the libnfc state it owns
    LibnfcBadgeReaderConfig m_config;
    std::unique_ptr<Worker> m_worker;
};

} // namespace telecentre::platform
