#pragma once
// core::BookingStore on SQLite, in the kiosk's database file beside the check-in journal (its own
// connection, WAL, synchronous=FULL): a journaled booking is on disk before append() returns and
// survives a kill -9 or a power cut. Each entry keeps its request exactly as sent, so every replay
// carries the same body and key. Answers are kept as the JSON the backend sent.
// Threading: the booking worker thread only (it owns the connection).

#include "telecentre/core/booking_store.hpp"
#include "telecentre/platform/sqlite_database.hpp"

namespace telecentre::platform {

class SqliteBookingStore final : public core::BookingStore {
public:
    [[nodiscard]] static std::expected<SqliteBookingStore, std::string> open(SqliteDatabase& database);

    std::expected<std::int64_t, std::string> append(const std::string& idempotency_key,
                                                    const wire::BookingRequest& request,
                                                    const std::string& resource_name, core::TimePoint now) override;
    std::expected<std::optional<core::JournaledBooking>, std::string> oldest_pending() override;
    std::expected<void, std::string> settle(std::int64_t sequence, const core::Settlement& settlement, core::Told told,
                                            core::TimePoint now) override;
    std::expected<void, std::string> count_attempt(std::int64_t sequence) override;
    std::expected<void, std::string> mark_told(std::int64_t sequence) override;
    int pending_count() override;
    std::expected<std::vector<core::JournaledBooking>, std::string>
    entries(const std::optional<std::string>& badge_uid) override;

    std::expected<void, std::string> save_schedule(const core::CachedSchedule& schedule) override;
    std::expected<std::vector<core::CachedSchedule>, std::string>
    schedules(const core::ScheduleFilter& filter) override;
    std::expected<void, std::string> save_member_bookings(const std::string& badge_uid,
                                                          const core::CachedMemberBookings& list) override;
    std::expected<std::optional<core::CachedMemberBookings>, std::string>
    member_bookings(const std::string& badge_uid) override;

    std::expected<void, std::string> purge(core::TimePoint settled_before, core::TimePoint now) override;

private:
    explicit SqliteBookingStore(SqliteDatabase& database) : m_database(&database) {}
    [[nodiscard]] std::expected<std::vector<core::JournaledBooking>, std::string> select(std::string_view where,
                                                                                         std::vector<SqlValue> params);
    [[nodiscard]] std::expected<void, std::string> run(std::string_view sql, std::vector<SqlValue> params);

    SqliteDatabase* m_database;
};

} // namespace telecentre::platform
