#include "telecentre/core/checkin_engine.hpp"

#include "telecentre/wire/local_time.hpp"

#include <algorithm>

namespace telecentre::core {
namespace {

std::optional<ErrorKind> error_for(wire::RefusalReason reason) {
    switch (reason) {
    case wire::RefusalReason::none: return std::nullopt;
    case wire::RefusalReason::unknown_badge: return ErrorKind::unknown_badge;
    case wire::RefusalReason::badge_revoked: return ErrorKind::badge_revoked;
    case wire::RefusalReason::pass_expired: return ErrorKind::pass_expired;
    case wire::RefusalReason::pass_suspended: return ErrorKind::pass_suspended;
    }
    return ErrorKind::unknown_badge;
}

wire::Date civil_date(std::chrono::local_days day) { return wire::Date{day.time_since_epoch()}; }

} // namespace

CheckinEngine::CheckinEngine(std::string site, Journal& journal, MemberCache& cache, BackendClient& backend,
                             const Clock& clock, std::function<std::string()> new_key, EngineTiming timing,
                             Output output)
    : m_site(std::move(site)), m_journal(journal), m_cache(cache), m_backend(backend), m_clock(clock),
      m_new_key(std::move(new_key)), m_timing(timing), m_output(std::move(output)), m_retry_delay(timing.retry_min) {}

void CheckinEngine::handle_tap(std::uint64_t tap_id, const BadgeUid& uid) {
    const TimePoint now = m_clock.now();
    wire::CheckinRequest request;
    request.site = m_site;
    request.badge_uid = uid.hex();
    request.direction = wire::Direction::automatic;
    request.at = std::chrono::floor<std::chrono::seconds>(now);
    request.decided_offline = m_connection == Connection::offline && now < m_next_retry;
    const std::string key = m_new_key();

    auto appended = m_journal.append(key, request);
    if (!appended) {
        // The disk refused the entry: try to deliver it directly so the tap still counts, and
        // tell the member only if that fails too.
        auto answer = m_backend.checkin(key, request);
        if (answer) {
            set_connection(Connection::online);
            m_output.on_decision(decide_online(tap_id, *answer));
        } else {
            Decision decision = decide_offline(tap_id, request);
            decision.error = ErrorKind::storage_failure;
            m_output.on_decision(decision);
        }
        return;
    }

    if (!request.decided_offline) {
        drain_journal();
    }
    auto pending = m_journal.oldest_pending();
    const bool still_pending = !pending || (*pending && (*pending)->sequence <= *appended);
    if (still_pending) {
        m_output.on_decision(decide_offline(tap_id, request));
    } else if (m_last_answer && m_last_answer->first == *appended) {
        m_output.on_decision(decide_online(tap_id, m_last_answer->second));
    } else {
        // Delivered but refused for good (4xx): greet from the cache; the entry is kept as rejected.
        m_output.on_decision(decide_offline(tap_id, request));
    }
    m_last_answer.reset();
    set_connection(m_connection);
}

bool CheckinEngine::drain_journal() {
    for (;;) {
        auto next = m_journal.oldest_pending();
        if (!next || !*next) {
            return static_cast<bool>(next);
        }
        const JournalEntry& entry = **next;
        auto answer = m_backend.checkin(entry.idempotency_key, entry.request);
        if (answer) {
            if (!m_journal.mark_delivered(entry.sequence)) {
                return false;
            }
            if (answer->member) {
                const auto day = wire::paris_day(entry.request.at);
                (void)m_cache.set_inside(answer->member->id, day, answer->presence.inside);
            }
            m_last_answer.emplace(entry.sequence, std::move(*answer));
            set_connection(Connection::online);
            continue;
        }
        if (answer.error().transient()) {
            (void)m_journal.count_attempt(entry.sequence);
            set_connection(Connection::offline);
            back_off();
            return false;
        }
        // A definitive refusal must not block everything behind it.
        if (!m_journal.mark_rejected(entry.sequence, answer.error().code + ": " + answer.error().message)) {
            return false;
        }
        set_connection(Connection::online);
    }
}

void CheckinEngine::pump() {
    const TimePoint now = m_clock.now();
    if (m_connection != Connection::offline || now >= m_next_retry) {
        drain_journal();
        m_last_answer.reset();
    }
    if (now >= m_next_cache_refresh && (m_connection != Connection::offline || now >= m_next_retry)) {
        refresh_cache();
    }
    set_connection(m_connection);
}

void CheckinEngine::refresh_cache() {
    const TimePoint now = m_clock.now();
    auto update = m_backend.offline_cache(m_site, m_cache.version());
    if (!update) {
        if (update.error().transient()) {
            set_connection(Connection::offline);
            back_off();
            m_next_cache_refresh = m_next_retry;
        } else {
            m_next_cache_refresh = now + m_timing.cache_refresh;
        }
        return;
    }
    set_connection(Connection::online);
    (void)m_cache.apply(*update);
    if (m_output.on_site_name && !update->site_name.empty()) {
        m_output.on_site_name(update->site_name);
    }
    m_next_cache_refresh = now + m_timing.cache_refresh;
}

TimePoint CheckinEngine::next_wakeup() const {
    const bool pending = m_journal.pending_count() > 0;
    if (m_connection == Connection::offline) {
        // Offline, nothing is tried before the next retry: neither delivery nor a cache refresh.
        return pending ? m_next_retry : std::max(m_next_retry, m_next_cache_refresh);
    }
    return pending ? std::min(m_clock.now(), m_next_cache_refresh) : m_next_cache_refresh;
}

void CheckinEngine::set_connection(Connection connection) {
    if (connection == Connection::online) {
        m_retry_delay = m_timing.retry_min;
    }
    m_connection = connection;
    if (m_output.on_connection) {
        m_output.on_connection(m_connection, m_journal.pending_count());
    }
}

void CheckinEngine::back_off() {
    m_next_retry = m_clock.now() + m_retry_delay;
    m_retry_delay = std::min(m_retry_delay * 2, m_timing.retry_max);
}

Decision CheckinEngine::decide_online(std::uint64_t tap_id, const wire::CheckinResponse& response) {
    Decision decision;
    decision.tap_id = tap_id;
    decision.error = error_for(response.reason);
    if (response.outcome == wire::CheckinOutcome::refused && !decision.error) {
        decision.error = ErrorKind::unknown_badge;
    }
    if (response.member) {
        CheckinResult result;
        result.outcome = response.outcome;
        result.first_name = response.member->first_name;
        result.display_name = response.member->display_name;
        if (response.pass) {
            result.pass_state = response.pass->state;
            result.pass_valid_until = response.pass->valid_until;
        }
        result.minutes_today = response.presence.minutes_today;
        result.bookings_today = response.bookings_today;
        result.source = DecisionSource::backend;
        decision.result = std::move(result);
    }
    return decision;
}

Decision CheckinEngine::decide_offline(std::uint64_t tap_id, const wire::CheckinRequest& request) {
    Decision decision;
    decision.tap_id = tap_id;
    auto holder = m_cache.find_badge(request.badge_uid);
    if (!holder) {
        decision.error = ErrorKind::offline_unknown;
        return decision;
    }
    const auto day = wire::paris_day(request.at);
    const wire::CachedMember& member = holder->member;
    CheckinResult result;
    result.first_name = member.first_name;
    result.display_name = member.display_name;
    result.pass_state = wire::pass_state_on(member.pass, civil_date(day));
    result.pass_valid_until = wire::pass_valid_until(member.pass);
    result.source = DecisionSource::offline_cache;
    if (holder->revoked) {
        decision.error = ErrorKind::badge_revoked;
    } else if (result.pass_state == wire::PassState::expired) {
        decision.error = ErrorKind::pass_expired;
    } else if (result.pass_state == wire::PassState::suspended) {
        decision.error = ErrorKind::pass_suspended;
    }
    if (decision.error) {
        result.outcome = wire::CheckinOutcome::refused;
    } else {
        const bool was_inside = m_cache.inside(member.id, day);
        result.outcome = was_inside ? wire::CheckinOutcome::checked_out : wire::CheckinOutcome::checked_in;
        (void)m_cache.set_inside(member.id, day, !was_inside);
    }
    decision.result = std::move(result);
    return decision;
}

} // namespace telecentre::core
