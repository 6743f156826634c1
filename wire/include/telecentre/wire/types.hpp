#pragma once
// The wire contract between kiosk and backend: plain types, standard library only.
// JSON codecs live in codec.hpp; the OpenAPI document (docs/openapi.yaml) describes the same shapes.
// Times travel as ISO 8601 UTC ("2026-11-23T09:05:00Z"), dates as "2026-11-23".

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace telecentre::wire {

using TimePoint = std::chrono::sys_seconds;
using Date = std::chrono::sys_days;

enum class Direction { automatic, in, out };
enum class CheckinOutcome { checked_in, checked_out, refused };
enum class RefusalReason { none, unknown_badge, badge_revoked, pass_expired, pass_suspended };
enum class PassState { free_period, active, expired, suspended };

// The dates that decide a pass, and the one rule both sides apply to them.
struct PassDates {
    Date joined{};
    Date free_until{}; // end of the free months (inclusive)
    Date paid_until{}; // end of the last paid month (inclusive); may be before free_until
    bool suspended = false;
};
[[nodiscard]] PassState pass_state_on(const PassDates& dates, Date day);
[[nodiscard]] Date pass_valid_until(const PassDates& dates);

struct CheckinRequest {
    std::string site;      // the kiosk's site id; must be the one its credentials belong to
    std::string badge_uid; // upper-case hex
    Direction direction = Direction::automatic;
    TimePoint at{};               // when the badge was tapped, by the kiosk's clock
    bool decided_offline = false; // the kiosk already showed a greeting from its cache
};

struct Member {
    std::string id;
    std::string first_name;
    std::string display_name;
};

struct Pass {
    std::string kind; // "pass_actifs_mobiles"
    PassState state = PassState::active;
    Date free_until{};
    Date valid_until{};
    int monthly_fee_cents = 0;
};

struct Presence {
    bool inside = false;
    std::optional<TimePoint> since;
    int minutes_today = 0;
};

struct BookingSummary {
    std::string id;
    std::string resource_name;
    std::string resource_kind;
    TimePoint start{};
    TimePoint end{};
};

struct CheckinResponse {
    std::string event_id;
    CheckinOutcome outcome = CheckinOutcome::refused;
    RefusalReason reason = RefusalReason::none;
    std::optional<Member> member;
    std::optional<Pass> pass;
    Presence presence;
    std::vector<BookingSummary> bookings_today;
};

struct CachedBadge {
    std::string uid;
    std::string member_id;
    bool revoked = false;
};

struct CachedMember {
    std::string id;
    std::string first_name;
    std::string display_name;
    PassDates pass;
    bool erased = false; // the member left: drop them from the cache
};

// What a kiosk needs to decide a check-in at its site without the backend.
// `version` is the backend's change counter: pass it back as ?since= to get only what changed.
struct OfflineCache {
    std::int64_t version = 0;
    bool full = true; // true: replace the cache; false: apply as changes
    std::string site_name;
    std::vector<CachedBadge> badges;
    std::vector<CachedMember> members;
};

struct ApiError {
    std::string code;    // stable machine-readable code, e.g. "malformed_json"
    std::string message; // a sentence for logs and operators
};

[[nodiscard]] const char* to_string(Direction);
[[nodiscard]] const char* to_string(CheckinOutcome);
[[nodiscard]] const char* to_string(RefusalReason);
[[nodiscard]] const char* to_string(PassState);

} // namespace telecentre::wire
