// What every Store shares: the network's default booking rules, the Reader's combined reads made
// of single ones, and the plain write().
#include "telecentre/backend/store.hpp"

namespace telecentre::backend {

wire::BookingRules default_booking_rules() {
    wire::BookingRules rules;
    rules.slot_minutes = 30;
    rules.max_days_ahead = 60;
    rules.no_show_grace_minutes = 30;
    rules.kinds = {{ResourceKind::office, 600, false},
                   {ResourceKind::open_space, 600, true},
                   {ResourceKind::meeting_room, 240, false},
                   {ResourceKind::visio_room, 180, false}};
    return rules;
}

StoreResult<std::optional<BadgeHolder>> Reader::find_badge_holder(const std::string& uid) {
    auto badge = find_badge(uid);
    if (!badge) {
        return std::unexpected(badge.error());
    }
    if (!*badge) {
        return std::optional<BadgeHolder>{};
    }
    auto member = find_member((*badge)->member_id);
    if (!member) {
        return std::unexpected(member.error());
    }
    if (!*member) {
        // A foreign key stops this; read as an unknown badge if a database lacks it.
        return std::optional<BadgeHolder>{};
    }
    return BadgeHolder{std::move(**badge), std::move(**member)};
}

StoreResult<SiteCalendar> Reader::site_calendar(const std::string& site_id, wire::Date first_day, wire::Date last_day) {
    SiteCalendar calendar;
    auto rules = booking_rules(site_id);
    if (!rules) {
        return std::unexpected(rules.error());
    }
    calendar.rules = std::move(*rules);
    auto hours = opening_hours(site_id);
    if (!hours) {
        return std::unexpected(hours.error());
    }
    calendar.opening_hours = std::move(*hours);
    auto closed = closures(site_id, first_day, last_day);
    if (!closed) {
        return std::unexpected(closed.error());
    }
    calendar.closures = std::move(*closed);
    return calendar;
}

StoreResult<void> Store::write(const WriteUnit& unit) {
    auto transaction = begin();
    if (!transaction) {
        return std::unexpected(transaction.error());
    }
    auto end = unit(**transaction);
    if (!end) {
        return std::unexpected(end.error());
    }
    if (*end == UnitEnd::roll_back) {
        return {}; // destroying the transaction rolls it back
    }
    return (*transaction)->commit();
}

} // namespace telecentre::backend
