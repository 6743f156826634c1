#pragma once
// Column values both stores read the same way, and the check both make of a write that must
// touch a row (private to backend/store).

#include "telecentre/backend/store.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace telecentre::backend {

// Columns read by read_conference(), in order, and where they come from: the conference, and its
// booking, member, resource and site as they are now.
inline constexpr std::string_view kConferenceColumns =
    "SELECT c.id, c.booking_id, c.janus_room, c.room_secret, c.pin, c.started_by, c.started_at, c.ended_at, "
    "b.end_at, b.status, b.member_id, m.display_name, r.id, r.name, s.id, s.name, c.janus_token";
inline constexpr std::string_view kConferenceFrom =
    " FROM conferences c JOIN bookings b ON b.id = c.booking_id "
    "JOIN members m ON m.id = b.member_id "
    "JOIN resources r ON r.id = b.resource_id JOIN sites s ON s.id = r.site_id ";
inline const std::string kConferenceSelect = std::string(kConferenceColumns) + std::string(kConferenceFrom);
inline constexpr int kConferenceColumnCount = 17;

// A comma-joined list (the equipment of a resource: CHECKed words, so a comma never occurs in an
// item); NULL is the empty list.
inline std::vector<std::string> split_list(const std::optional<std::string>& joined) {
    std::vector<std::string> items;
    if (!joined) {
        return items;
    }
    std::string_view rest(*joined);
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        items.emplace_back(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
    return items;
}

// One (site, member) pair of the statistics' users, and the member's longest session there.
struct SiteMember {
    std::string site_id;
    std::string member_id;
    std::int64_t longest = 0;
};

// Counts users per site (pairs come sorted by site) and across sites into `usage`; gives the
// longest session of them all.
inline std::int64_t count_users(const std::vector<SiteMember>& pairs, UsageAggregates& usage) {
    std::int64_t longest = 0;
    std::vector<std::string> members;
    members.reserve(pairs.size());
    for (const auto& pair : pairs) {
        if (usage.users.empty() || usage.users.back().site_id != pair.site_id) {
            usage.users.push_back(SiteCount{pair.site_id, 0});
        }
        ++usage.users.back().count;
        members.push_back(pair.member_id);
        longest = std::max(longest, pair.longest);
    }
    std::sort(members.begin(), members.end());
    usage.network_users = std::unique(members.begin(), members.end()) - members.begin();
    return longest;
}

// The instants Paris is on summer time (UTC+2) around [from, to): from the last Sunday of March
// 01:00 UTC to the last Sunday of October 01:00 UTC (the EU rule of wire/local_time.hpp), one
// interval per year, a year on each side for safety. The statistics' check-ins are grouped by
// Paris-local weekday and hour in SQL with them.
inline std::vector<std::pair<wire::TimePoint, wire::TimePoint>> paris_summers(wire::TimePoint from,
                                                                              wire::TimePoint to) {
    using namespace std::chrono;
    std::vector<std::pair<wire::TimePoint, wire::TimePoint>> summers;
    const auto first_year = year_month_day{floor<days>(from)}.year() - years{1};
    const auto last_year = year_month_day{floor<days>(to)}.year() + years{1};
    for (auto y = first_year; y <= last_year; ++y) {
        summers.emplace_back(sys_days{y / March / Sunday[std::chrono::last]} + hours{1},
                             sys_days{y / October / Sunday[std::chrono::last]} + hours{1});
    }
    return summers;
}

// A write that had to change a row (an UPDATE by id): its failure as is, or "<what> not found"
// when it changed none.
inline StoreResult<void> expect_one_row(const StoreResult<int>& changed, const std::string& what) {
    if (!changed) {
        return std::unexpected(changed.error());
    }
    if (*changed == 0) {
        return std::unexpected(StoreError{what + " not found"});
    }
    return {};
}

} // namespace telecentre::backend
