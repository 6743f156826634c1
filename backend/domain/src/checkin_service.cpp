#include "telecentre/backend/checkin_service.hpp"

#include "telecentre/backend/crypto.hpp"
#include "telecentre/backend/presence_rules.hpp"
#include "telecentre/wire/codec.hpp"
#include "telecentre/wire/local_time.hpp"

#include <algorithm>

namespace telecentre::backend {
namespace {

using wire::CheckinOutcome;
using wire::Direction;
using wire::RefusalReason;

constexpr std::chrono::minutes kArrivalWindow{60};

// One check-in being decided inside its transaction. Each step returns a StoreResult so that
// any store failure aborts the whole check-in (and the transaction rolls back).
class CheckinRun {
public:
    CheckinRun(Transaction& transaction, const wire::CheckinRequest& request, std::string event_id)
        : m_transaction(transaction), m_request(request) {
        m_response.event_id = std::move(event_id);
    }

    StoreResult<void> run() {
        auto badge = m_transaction.find_badge(m_request.badge_uid);
        if (!badge) {
            return std::unexpected(badge.error());
        }
        if (!*badge) {
            return refuse(RefusalReason::unknown_badge);
        }
        auto member = m_transaction.find_member((*badge)->member_id);
        if (!member) {
            return std::unexpected(member.error());
        }
        if (!*member || (*member)->erased) {
            return refuse(RefusalReason::unknown_badge);
        }
        if ((*badge)->revoked) {
            // No name in the answer: whoever holds a lost badge must not learn whose it was.
            return refuse(RefusalReason::badge_revoked);
        }
        const MemberRecord& holder = **member;
        m_member_id = holder.id;
        if (auto closed = close_stale_session(); !closed) {
            return closed;
        }

        const wire::Date local_date{wire::paris_day(m_request.at).time_since_epoch()};
        const auto state = wire::pass_state_on(holder.pass.dates, local_date);
        m_response.member = wire::Member{holder.id, holder.first_name, holder.display_name};
        m_response.pass = wire::Pass{holder.pass.kind, state, holder.pass.dates.free_until,
                                     wire::pass_valid_until(holder.pass.dates), holder.pass.monthly_fee_cents};
        if (state == wire::PassState::suspended || state == wire::PassState::expired) {
            // The member and pass stay in the answer so the kiosk can say why and what to do.
            m_response.outcome = CheckinOutcome::refused;
            m_response.reason =
                state == wire::PassState::suspended ? RefusalReason::pass_suspended : RefusalReason::pass_expired;
        } else if (auto applied = apply_direction(); !applied) {
            return applied;
        } else if (m_response.outcome == CheckinOutcome::checked_in) {
            if (auto attended = attend_bookings(); !attended) {
                return attended;
            }
        }
        return describe_presence();
    }

    [[nodiscard]] const wire::CheckinResponse& response() const { return m_response; }
    [[nodiscard]] const std::optional<std::string>& member_id() const { return m_member_id; }
    [[nodiscard]] std::optional<std::int64_t> session_id() const { return m_session_id; }
    [[nodiscard]] const std::vector<std::string>& attended_bookings() const { return m_attended; }

private:
    StoreResult<void> refuse(RefusalReason reason) {
        m_response.outcome = CheckinOutcome::refused;
        m_response.reason = reason;
        return {};
    }

    // A session left open on an earlier local day (the member forgot to tap out) ends at that
    // day's closing time before today's tap is looked at, so it never swallows the night.
    StoreResult<void> close_stale_session() {
        auto open = m_transaction.open_session(*m_member_id);
        if (!open) {
            return std::unexpected(open.error());
        }
        if (!*open || wire::paris_day((*open)->in_at) >= wire::paris_day(m_request.at)) {
            return {};
        }
        auto hours = m_transaction.opening_hours((*open)->site_id);
        if (!hours) {
            return std::unexpected(hours.error());
        }
        return m_transaction.close_session((*open)->id, automatic_closing_time((*open)->in_at, *hours),
                                           SessionClosing::automatic);
    }

    // auto toggles at this site. Explicit in/out come from a kiosk that already decided offline,
    // so they are applied as given: "in" while inside keeps the session, "out" while not inside
    // closes nothing.
    StoreResult<void> apply_direction() {
        auto open = m_transaction.open_session(*m_member_id);
        if (!open) {
            return std::unexpected(open.error());
        }
        const bool inside_here = *open && (*open)->site_id == m_request.site;
        const bool going_in =
            m_request.direction == Direction::in || (m_request.direction == Direction::automatic && !inside_here);
        m_response.reason = RefusalReason::none;
        if (!going_in) {
            m_response.outcome = CheckinOutcome::checked_out;
            if (inside_here) {
                m_session_id = (*open)->id;
                return m_transaction.close_session((*open)->id, std::max(m_request.at, (*open)->in_at),
                                                   SessionClosing::by_member);
            }
            return {};
        }
        m_response.outcome = CheckinOutcome::checked_in;
        if (inside_here) {
            m_session_id = (*open)->id;
            return {};
        }
        if (*open) {
            // Still open at another site: the member left it without tapping out.
            auto closed = m_transaction.close_session((*open)->id, std::max(m_request.at, (*open)->in_at),
                                                      SessionClosing::automatic);
            if (!closed) {
                return closed;
            }
        }
        auto started = m_transaction.start_session(*m_member_id, m_request.site, m_request.at);
        if (!started) {
            return std::unexpected(started.error());
        }
        m_session_id = *started;
        return {};
    }

    StoreResult<void> describe_presence() {
        auto open = m_transaction.open_session(*m_member_id);
        if (!open) {
            return std::unexpected(open.error());
        }
        if (*open && (*open)->site_id == m_request.site) {
            m_response.presence.inside = true;
            m_response.presence.since = (*open)->in_at;
        }
        const auto day = paris_day_bounds(m_request.at);
        auto sessions = m_transaction.sessions_between(*m_member_id, day.start, day.end);
        if (!sessions) {
            return std::unexpected(sessions.error());
        }
        m_response.presence.minutes_today = minutes_on_day(*sessions, m_request.at);
        auto bookings = m_transaction.member_bookings(*m_member_id, day.start, day.end);
        if (!bookings) {
            return std::unexpected(bookings.error());
        }
        for (const auto& booking : *bookings) {
            m_response.bookings_today.push_back(
                {booking.id, booking.resource_name, wire::to_string(booking.kind), booking.start, booking.end});
        }
        return {};
    }

    // Coming in counts as arriving for the member's bookings at this site that are running or
    // start within the hour, so they are not released as no-shows.
    StoreResult<void> attend_bookings() {
        auto bookings = m_transaction.member_bookings(*m_member_id, m_request.at, m_request.at + kArrivalWindow);
        if (!bookings) {
            return std::unexpected(bookings.error());
        }
        for (const auto& booking : *bookings) {
            if (booking.site_id != m_request.site || booking.checked_in_at) {
                continue;
            }
            if (auto attended = m_transaction.check_in_booking(booking.id, m_request.at); !attended) {
                return attended;
            }
            m_attended.push_back(booking.id);
        }
        return {};
    }

    Transaction& m_transaction;
    const wire::CheckinRequest& m_request;
    wire::CheckinResponse m_response;
    std::optional<std::string> m_member_id;
    std::optional<std::int64_t> m_session_id;
    std::vector<std::string> m_attended;
};

DomainError storage_error(const StoreError& error) {
    return DomainError{ErrorKind::storage, error.message, error.retryable};
}

} // namespace

CheckinService::CheckinService(Store& store, Clock clock) : m_store(store), m_clock(std::move(clock)) {
    if (!m_clock) {
        m_clock = [] { return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()); };
    }
}

std::expected<CheckinAnswer, DomainError> CheckinService::check_in(const DeviceRecord& device,
                                                                   const std::string& idempotency_key,
                                                                   const wire::CheckinRequest& request) {
    if (request.site != device.site_id) {
        return std::unexpected(
            DomainError{ErrorKind::forbidden_site,
                        "this device belongs to site \"" + device.site_id + "\", not \"" + request.site + "\""});
    }
    // The hash is of the re-encoded request, so a kiosk that re-serialises the same check-in
    // differently (key order, spacing) still matches its first attempt.
    const auto request_hash = sha256_hex(wire::encode(request));

    std::optional<std::expected<CheckinAnswer, DomainError>> outcome;
    const auto unit = [&](Transaction& tx) -> StoreResult<UnitEnd> {
        outcome.reset();
        auto previous = tx.find_answer(device.id, idempotency_key);
        if (!previous) {
            return std::unexpected(previous.error());
        }
        if (*previous) {
            if ((*previous)->request_hash != request_hash) {
                outcome = std::unexpected(DomainError{
                    ErrorKind::idempotency_conflict, "this Idempotency-Key was already used for a different check-in"});
                return UnitEnd::roll_back;
            }
            outcome = CheckinAnswer{(*previous)->status, (*previous)->body, true};
            return UnitEnd::roll_back; // nothing written
        }

        CheckinRun run(tx, request, "evt_" + random_hex(16));
        if (auto decided = run.run(); !decided) {
            return std::unexpected(decided.error());
        }
        const auto now = m_clock();
        const auto& response = run.response();
        const PresenceEvent event{.id = response.event_id,
                                  .device_id = device.id,
                                  .site_id = request.site,
                                  .badge_uid = request.badge_uid,
                                  .member_id = run.member_id(),
                                  .direction = request.direction,
                                  .outcome = response.outcome,
                                  .reason = response.reason,
                                  .at = request.at,
                                  .decided_offline = request.decided_offline,
                                  .recorded_at = now,
                                  .session_id = run.session_id()};
        if (auto recorded = tx.record_event(event); !recorded) {
            return std::unexpected(recorded.error());
        }
        CheckinAnswer answer{200, wire::encode(response), false};
        if (auto saved = tx.save_answer(device.id, idempotency_key, {request_hash, answer.status, answer.body}, now);
            !saved) {
            return std::unexpected(saved.error());
        }
        outcome = std::move(answer);
        return UnitEnd::commit;
    };
    // A race lost to another writer (PostgreSQL) is run again from the start.
    for (int attempt = 0;; ++attempt) {
        auto written = m_store.write(unit);
        if (written) {
            return std::move(*outcome);
        }
        if (!written.error().retryable || attempt == 4) {
            return std::unexpected(storage_error(written.error()));
        }
    }
}

} // namespace telecentre::backend
