#include "kiosk_bookings.hpp"

#include "telecentre/core/idempotency_key.hpp"
#include "telecentre/platform/https_backend_client.hpp"
#include "telecentre/platform/sqlite_booking_store.hpp"

namespace telecentre::app {

// Declared in the order they are built; the worker goes first when they are destroyed. The
// database is on the heap so the store's pointer to it stays valid.
struct KioskBookings::Parts {
    std::unique_ptr<platform::SqliteDatabase> database;
    platform::SqliteBookingStore store;
    platform::HttpsBackendClient backend;
    core::BookingEngine engine;
    BookingWorker worker;

    Parts(std::unique_ptr<platform::SqliteDatabase> opened, platform::SqliteBookingStore booking_store,
          platform::HttpsClient https, std::string token, const core::Clock& clock, core::BookingEngineTiming timing,
          BookingCallbacks callbacks)
        : database(std::move(opened)), store(std::move(booking_store)), backend(std::move(https), std::move(token)),
          engine(store, backend, clock, core::make_idempotency_key, timing, {std::move(callbacks.on_status)}),
          worker(engine, clock, std::move(callbacks.on_reply)) {}
};

std::expected<std::unique_ptr<KioskBookings>, std::string> KioskBookings::open(const KioskConfig& config,
                                                                               std::string device_token,
                                                                               const core::Clock& clock,
                                                                               BookingCallbacks callbacks) {
    // A connection of its own: SQLite connections belong to one thread, and WAL lets this one
    // write while the check-in worker's reads and writes go on.
    auto opened = platform::SqliteDatabase::open((config.storage_directory / "kiosk.db").string());
    if (!opened) {
        return std::unexpected(opened.error());
    }
    auto database = std::make_unique<platform::SqliteDatabase>(std::move(*opened));
    auto store = platform::SqliteBookingStore::open(*database);
    if (!store) {
        return std::unexpected(store.error());
    }
    auto https = platform::HttpsClient::create({config.backend_host, config.backend_port, config.ca_file.string(),
                                                config.connect_timeout, config.request_timeout});
    if (!https) {
        return std::unexpected(https.error());
    }
    const core::BookingEngineTiming timing{.retry_min = std::chrono::seconds{1}, .retry_max = config.retry_max};
    auto parts = std::make_unique<Parts>(std::move(database), std::move(*store), std::move(*https),
                                         std::move(device_token), clock, timing, std::move(callbacks));
    return std::unique_ptr<KioskBookings>(new KioskBookings(std::move(parts)));
}

KioskBookings::KioskBookings(std::unique_ptr<Parts> parts) : m_parts(std::move(parts)) { m_parts->worker.start(); }

KioskBookings::~KioskBookings() { m_parts->worker.stop(); }

BookingWorker& KioskBookings::worker() { return m_parts->worker; }

} // namespace telecentre::app
