// Helper program for BookingJournalKill: books one slot through the real engine and SQLite store,
// with a backend that never answers. When the request is "on the wire" (the entry journaled, the
// member not yet answered) it writes the idempotency key to the marker file and waits to be
// killed with SIGKILL. Exits 2 if nobody kills it within a minute.
//
//     telecentre_booking_kill_child DATABASE MARKER

#include "telecentre/core/booking_engine.hpp"
#include "telecentre/core/idempotency_key.hpp"
#include "telecentre/platform/sqlite_booking_store.hpp"
#include "telecentre/wire/codec.hpp"

#include <cstdio>
#include <fstream>
#include <thread>

using namespace telecentre;

namespace {

class HangingBackend final : public core::BookingBackend {
public:
    explicit HangingBackend(std::string marker) : m_marker(std::move(marker)) {}

    std::expected<wire::Availability, core::BackendError> availability(const std::string&, wire::Date, int,
                                                                       std::optional<wire::ResourceKind>) override {
        return std::unexpected(unreachable());
    }
    std::expected<core::BookingReply<wire::Booking>, core::BackendError> book(const std::string& key,
                                                                              const wire::BookingRequest&) override {
        // Written to a temporary name and renamed, so the test never reads half a key.
        const std::string partial = m_marker + ".partial";
        std::ofstream(partial) << key << '\n';
        std::rename(partial.c_str(), m_marker.c_str());
        std::this_thread::sleep_for(std::chrono::minutes{1});
        std::exit(2);
    }
    std::expected<core::BookingReply<wire::Booking>, core::BackendError> change(const std::string&, const std::string&,
                                                                                const wire::BookingChange&) override {
        return std::unexpected(unreachable());
    }
    std::expected<core::BookingReply<wire::Booking>, core::BackendError> cancel(const std::string&, const std::string&,
                                                                                const wire::BookingCancel&) override {
        return std::unexpected(unreachable());
    }
    std::expected<core::BookingReply<wire::Booking>, core::BackendError>
    check_in(const std::string&, const std::string&, const wire::BookingCancel&) override {
        return std::unexpected(unreachable());
    }
    std::expected<core::BookingReply<wire::MemberBookings>, core::BackendError>
    member_bookings(const std::string&) override {
        return std::unexpected(unreachable());
    }

private:
    static core::BackendError unreachable() { return {core::BackendFailure::unreachable, 0, "", "no link"}; }
    std::string m_marker;
};

} // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s DATABASE MARKER\n", argv[0]);
        return 64;
    }
    auto database = platform::SqliteDatabase::open(argv[1]);
    if (!database) {
        std::fprintf(stderr, "%s\n", database.error().c_str());
        return 1;
    }
    auto store = platform::SqliteBookingStore::open(*database);
    if (!store) {
        std::fprintf(stderr, "%s\n", store.error().c_str());
        return 1;
    }
    HangingBackend backend{argv[2]};
    core::SystemClock clock;
    core::BookingEngine engine{*store, backend, clock, core::make_idempotency_key, {}, {}};
    const auto start = *wire::parse_time("2030-01-08T09:00:00Z");
    (void)engine.book({"04A1B2C3D4E5F6", "murat-bureau-1", start, start + std::chrono::hours{1}});
    return 3; // the backend never answers: not reached
}
