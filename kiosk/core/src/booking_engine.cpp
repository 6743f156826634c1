// Booking writes and the journal's replay. The reads (availability, a member's bookings, news)
// are in booking_engine_reads.cpp.
#include "telecentre/core/booking_engine.hpp"

#include "booking_errors.hpp"
#include "telecentre/core/booking_schedule.hpp"
#include "telecentre/wire/local_time.hpp"

#include <algorithm>

namespace telecentre::core {
using booking::offline_error;
using booking::storage_error;

namespace {

WriteResult written(const BookingReply<wire::Booking>& reply) {
    WriteResult result;
    if (const auto* booking = std::get_if<wire::Booking>(&reply)) {
        result.outcome = WriteOutcome::confirmed;
        result.booking = *booking;
    } else {
        result.outcome = WriteOutcome::refused;
        result.refusal = std::get<wire::BookingError>(reply);
    }
    return result;
}

} // namespace

BookingEngine::BookingEngine(BookingStore& store, BookingBackend& backend, const Clock& clock,
                             std::function<std::string()> new_key, BookingEngineTiming timing, Output output)
    : m_store(store), m_backend(backend), m_clock(clock), m_new_key(std::move(new_key)), m_timing(timing),
      m_output(std::move(output)), m_retry_delay(timing.retry_min) {}

bool BookingEngine::may_try() const {
    // While offline nothing is tried before the retry time, so a member is not kept waiting on a
    // connect timeout for every touch.
    return m_connection != Connection::offline || m_clock.now() >= m_next_retry;
}

WriteResult BookingEngine::book(const wire::BookingRequest& request) {
    const TimePoint now = m_clock.now();
    const bool online = may_try();
    if (!online) {
        // Do not journal what the backend would certainly refuse: the member would be told
        // "pending" for a slot that cannot be had.
        if (auto broken = check_offline(request, std::nullopt)) {
            report();
            return WriteResult{WriteOutcome::refused, std::nullopt, std::move(broken), true,
                               std::nullopt,          std::nullopt};
        }
    }
    const auto info = cached_resource(request);
    const std::string key = m_new_key();
    auto appended = m_store.append(key, request, info ? info->name : std::string(), now);
    if (!appended) {
        // The disk refused the entry: the booking can still be made while the member waits.
        WriteResult result;
        result.failure = storage_error(appended.error());
        if (online) {
            auto answer = m_backend.book(key, request);
            if (answer) {
                set_connection(Connection::online);
                result = written(*answer);
            } else {
                note_failure(answer.error());
            }
        }
        report();
        return result;
    }
    WriteResult result{WriteOutcome::pending, std::nullopt, std::nullopt, false, *appended, std::nullopt};
    if (online) {
        result = settle_new(*appended, request, drain(*appended));
    }
    report();
    return result;
}

WriteResult BookingEngine::settle_new(std::int64_t sequence, const wire::BookingRequest& request,
                                      std::optional<Stop> stop) {
    const auto entries = journal(request.badge_uid);
    const auto entry = std::find_if(entries.begin(), entries.end(),
                                    [&](const auto& journaled) { return journaled.sequence == sequence; });
    WriteResult result;
    if (entry == entries.end()) {
        result.failure = storage_error("the entry just written cannot be read back");
        return result;
    }
    switch (entry->state) {
    case BookingState::confirmed:
        result.outcome = WriteOutcome::confirmed;
        result.booking = entry->booking;
        return result;
    case BookingState::refused:
        result.outcome = WriteOutcome::refused;
        result.refusal = entry->refusal;
        return result;
    case BookingState::failed:
        result.failure = BackendError{BackendFailure::rejected, 0, "failed", entry->failure};
        return result;
    case BookingState::pending: break;
    }
    const bool maybe_applied = stop && stop->sequence == sequence && stop->reach == Reach::maybe_applied;
    if (!maybe_applied) {
        // It never reached the backend, so it may still be refused here, with the same reasons.
        if (auto broken = check_offline(request, sequence)) {
            if (m_store.settle(sequence, {BookingState::refused, std::nullopt, broken, {}}, Told::yes, m_clock.now())) {
                result.outcome = WriteOutcome::refused;
                result.refusal = std::move(broken);
                result.decided_offline = true;
                return result;
            }
        }
    }
    result.outcome = WriteOutcome::pending;
    result.journaled = sequence;
    return result;
}

std::optional<BookingEngine::Stop> BookingEngine::drain(std::optional<std::int64_t> told_now) {
    for (;;) {
        auto next = m_store.oldest_pending();
        if (!next) {
            back_off(); // a failing disk: do not spin on it
            return Stop{};
        }
        if (!*next) {
            return std::nullopt;
        }
        const JournaledBooking& entry = **next;
        // The same key and the same body as the first attempt: the backend applies it once and
        // replays its first answer to every repeat.
        auto answer = m_backend.book(entry.idempotency_key, entry.request);
        Settlement settlement;
        if (answer) {
            if (const auto* booking = std::get_if<wire::Booking>(&*answer)) {
                settlement = {BookingState::confirmed, *booking, std::nullopt, {}};
            } else {
                settlement = {BookingState::refused, std::nullopt, std::get<wire::BookingError>(*answer), {}};
            }
        } else if (answer.error().transient()) {
            (void)m_store.count_attempt(entry.sequence);
            note_failure(answer.error());
            const bool lost = answer.error().kind == BackendFailure::timeout;
            return Stop{entry.sequence, lost ? Reach::maybe_applied : Reach::not_sent};
        } else {
            // Neither a booking nor a refusal we can read: set aside, or it would block the queue.
            settlement = {BookingState::failed, std::nullopt, std::nullopt,
                          answer.error().code + ": " + answer.error().message};
        }
        set_connection(Connection::online);
        const Told told = entry.sequence == told_now ? Told::yes : Told::no;
        if (!m_store.settle(entry.sequence, settlement, told, m_clock.now())) {
            back_off(); // answered but not written down: the replay will bring the same answer
            return Stop{entry.sequence, Reach::maybe_applied};
        }
    }
}

WriteResult BookingEngine::change(const std::string& booking_id, const wire::BookingChange& change) {
    return write_online([&](const std::string& key) { return m_backend.change(key, booking_id, change); });
}

WriteResult BookingEngine::cancel(const std::string& booking_id, const wire::BookingCancel& cancel) {
    return write_online([&](const std::string& key) { return m_backend.cancel(key, booking_id, cancel); });
}

WriteResult BookingEngine::check_in(const std::string& booking_id, const wire::BookingCancel& holder) {
    return write_online([&](const std::string& key) { return m_backend.check_in(key, booking_id, holder); });
}

WriteResult BookingEngine::write_online(const Write& write) {
    // Moves and cancellations are not journaled in this increment: they need the link.
    WriteResult result;
    result.outcome = WriteOutcome::needs_connection;
    if (!may_try()) {
        result.failure = offline_error();
        report();
        return result;
    }
    auto answer = write(m_new_key());
    if (!answer) {
        note_failure(answer.error());
        result.outcome = answer.error().transient() ? WriteOutcome::needs_connection : WriteOutcome::failed;
        result.failure = answer.error();
        report();
        return result;
    }
    set_connection(Connection::online);
    result = written(*answer);
    report();
    return result;
}

void BookingEngine::pump() {
    const TimePoint now = m_clock.now();
    if (may_try()) {
        (void)drain(std::nullopt);
    }
    if (now >= m_next_purge) {
        (void)m_store.purge(now - m_timing.keep, now);
        m_next_purge = now + m_timing.purge_every;
    }
    report();
}

void BookingEngine::retry_now() { m_next_retry = std::min(m_next_retry, m_clock.now()); }

TimePoint BookingEngine::next_wakeup() const {
    // Pending entries are retried at the retry time (at once when nothing failed yet); otherwise
    // only the purge is due.
    return m_store.pending_count() > 0 ? std::min(m_next_retry, m_next_purge) : m_next_purge;
}

void BookingEngine::note_failure(const BackendError& error) {
    if (error.transient()) {
        set_connection(Connection::offline);
        back_off();
    } else {
        set_connection(Connection::online); // the backend answered, if not what was hoped
    }
}

void BookingEngine::set_connection(Connection connection) {
    if (connection == Connection::online) {
        m_retry_delay = m_timing.retry_min;
    }
    m_connection = connection;
}

void BookingEngine::back_off() {
    m_next_retry = m_clock.now() + m_retry_delay;
    m_retry_delay = std::min(m_retry_delay * 2, m_timing.retry_max);
}

void BookingEngine::report() {
    const std::pair state{m_connection, m_store.pending_count()};
    if (m_reported != state) {
        m_reported = state;
        if (m_output.on_status) {
            m_output.on_status(state.first, state.second);
        }
    }
}

} // namespace telecentre::core
