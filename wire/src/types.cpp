#include "telecentre/wire/types.hpp"

#include <algorithm>

namespace telecentre::wire {

Date pass_valid_until(const PassDates& dates) { return std::max(dates.free_until, dates.paid_until); }

PassState pass_state_on(const PassDates& dates, Date day) {
    if (dates.suspended) {
        return PassState::suspended;
    }
    if (day <= dates.free_until) {
        return PassState::free_period;
    }
    if (day <= dates.paid_until) {
        return PassState::active;
    }
    return PassState::expired;
}

const char* to_string(Direction value) {
    switch (value) {
    case Direction::automatic: return "auto";
    case Direction::in: return "in";
    case Direction::out: return "out";
    }
    return "auto";
}

const char* to_string(CheckinOutcome value) {
    switch (value) {
    case CheckinOutcome::checked_in: return "checked_in";
    case CheckinOutcome::checked_out: return "checked_out";
    case CheckinOutcome::refused: return "refused";
    }
    return "refused";
}

const char* to_string(RefusalReason value) {
    switch (value) {
    case RefusalReason::none: return "none";
    case RefusalReason::unknown_badge: return "unknown_badge";
    case RefusalReason::badge_revoked: return "badge_revoked";
    case RefusalReason::pass_expired: return "pass_expired";
    case RefusalReason::pass_suspended: return "pass_suspended";
    }
    return "none";
}

const char* to_string(PassState value) {
    switch (value) {
    case PassState::free_period: return "free_period";
    case PassState::active: return "active";
    case PassState::expired: return "expired";
    case PassState::suspended: return "suspended";
    }
    return "expired";
}

} // namespace telecentre::wire
