#pragma once
// Bookings from the kiosk, online when it can and journaled when it cannot: availability (live,
// or the cached copy marked stale), book (confirmed, refused, or pending in the journal), change
// cancel and check in (online only in this increment), a member's bookings, and the news of how pending
// bookings settled. pump() replays the journal in order, exactly once per entry.
// Threading: one worker thread owns the engine and calls every method; the Output callbacks run
// on that thread and must only post to the UI inbox.

#include "telecentre/core/booking_backend.hpp"
#include "telecentre/core/booking_results.hpp"
#include "telecentre/core/booking_store.hpp"
#include "telecentre/core/clock.hpp"
#include "telecentre/core/kiosk_model.hpp"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::core {

struct BookingEngineTiming {
    std::chrono::milliseconds retry_min = std::chrono::seconds{1};
    std::chrono::milliseconds retry_max = std::chrono::seconds{30};
    // Settled entries the member was told about, and cached copies, are kept this long.
    std::chrono::milliseconds keep = std::chrono::days{7};
    std::chrono::milliseconds purge_every = std::chrono::hours{1};
};

class BookingEngine {
public:
    struct Output {
        // The link's state and the journal's pending count, whenever either changes.
        std::function<void(Connection, int pending)> on_status;
    };

    BookingEngine(BookingStore& store, BookingBackend& backend, const Clock& clock,
                  std::function<std::string()> new_key, BookingEngineTiming timing, Output output);

    [[nodiscard]] AvailabilityResult fetch_availability(const ScheduleQuery& query);
    // Journals first, then tries the backend (older pending entries go before it).
    [[nodiscard]] WriteResult book(const wire::BookingRequest& request);
    [[nodiscard]] WriteResult change(const std::string& booking_id, const wire::BookingChange& change);
    [[nodiscard]] WriteResult cancel(const std::string& booking_id, const wire::BookingCancel& cancel);
    // The holder is at the door: online only, like a cancel (offline: needs_connection).
    [[nodiscard]] WriteResult check_in(const std::string& booking_id, const wire::BookingCancel& holder);
    [[nodiscard]] MemberBookingsResult member_bookings(const std::string& badge_uid);
    // The settled outcomes this member was not shown yet, oldest first; each is given once.
    [[nodiscard]] std::vector<BookingNews> news_for(const std::string& badge_uid);

    // Settles what is pending, when the retry time has come; purges now and then.
    void pump();
    // The link was seen working (e.g. the check-in worker reached the backend): the next pump
    // retries at once instead of waiting out the back-off.
    void retry_now();
    [[nodiscard]] TimePoint next_wakeup() const;
    [[nodiscard]] Connection connection() const { return m_connection; }

private:
    // How far a journal entry got when replaying stopped at it.
    enum class Reach {
        not_sent,      // it never reached the backend (no connection, refused at the door, 5xx)
        maybe_applied, // sent, and the answer lost (timeout) or not written down: it stays pending
    };
    struct Stop {
        std::int64_t sequence = 0; // 0: stopped before any entry (the store failed)
        Reach reach = Reach::not_sent;
    };
    // What the kiosk's cached schedules say of a resource.
    struct ResourceInfo {
        std::string site_id;
        std::string name;
        wire::ResourceKind kind = wire::ResourceKind::office;
    };

    [[nodiscard]] bool may_try() const;
    // Replays pending entries in order; the entry `told_now` settles as already told (its member
    // is at the screen). Nothing when every entry settled.
    std::optional<Stop> drain(std::optional<std::int64_t> told_now);
    [[nodiscard]] WriteResult settle_new(std::int64_t sequence, const wire::BookingRequest& request,
                                         std::optional<Stop> stop);
    [[nodiscard]] std::optional<wire::BookingError> check_offline(const wire::BookingRequest& request,
                                                                  std::optional<std::int64_t> except);
    [[nodiscard]] std::optional<ResourceInfo> cached_resource(const wire::BookingRequest& request);
    using Write = std::function<std::expected<BookingReply<wire::Booking>, BackendError>(const std::string& key)>;
    [[nodiscard]] WriteResult write_online(const Write& write);
    [[nodiscard]] std::vector<JournaledBooking> journal(const std::optional<std::string>& badge_uid);
    [[nodiscard]] wire::Booking pending_view(const JournaledBooking& entry);
    // Records a failed call: offline (and retry later) when the link is to blame, online otherwise.
    void note_failure(const BackendError& error);
    void set_connection(Connection connection);
    void report();
    void back_off();

    BookingStore& m_store;
    BookingBackend& m_backend;
    const Clock& m_clock;
    std::function<std::string()> m_new_key;
    BookingEngineTiming m_timing;
    Output m_output;

    Connection m_connection = Connection::unknown;
    std::chrono::milliseconds m_retry_delay;
    TimePoint m_next_retry{};
    TimePoint m_next_purge{};
    // What on_status last said, so it is only called on a change.
    std::optional<std::pair<Connection, int>> m_reported;
};

} // namespace telecentre::core
