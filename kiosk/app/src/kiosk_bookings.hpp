#pragma once
// The kiosk's booking side, wired and owned in one place: its own connection to kiosk.db (beside
// the check-in journal), the SQLite booking store, its own HTTPS connection to the backend, the
// engine and the worker thread, started by open(). run_kiosk (or a test) posts commands to
// worker() and receives replies and status through the callbacks, on the worker thread.
// Threading: open() and the destructor from the controlling thread; worker() as BookingWorker says.

#include "booking_worker.hpp"
#include "kiosk_config.hpp"

#include <expected>
#include <memory>
#include <string>

namespace telecentre::app {

struct BookingCallbacks {
    BookingWorker::ReplySink on_reply;                            // post to the UI inbox, nothing more
    std::function<void(core::Connection, int pending)> on_status; // likewise
};

class KioskBookings {
public:
    [[nodiscard]] static std::expected<std::unique_ptr<KioskBookings>, std::string>
    open(const KioskConfig& config, std::string device_token, const core::Clock& clock, BookingCallbacks callbacks);
    ~KioskBookings();
    KioskBookings(const KioskBookings&) = delete;
    KioskBookings& operator=(const KioskBookings&) = delete;

    [[nodiscard]] BookingWorker& worker();

    struct Parts;

private:
    explicit KioskBookings(std::unique_ptr<Parts> parts);
    std::unique_ptr<Parts> m_parts;
};

} // namespace telecentre::app
