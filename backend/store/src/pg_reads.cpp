// The Reader queries of the PostgreSQL store, shared by readers (a REPEATABLE READ snapshot)
// and transactions (READ COMMITTED: each statement sees what was committed before it began).
#include "pg_rows.hpp"
#include "store_columns.hpp"

#include <algorithm>

namespace telecentre::backend::pg {

namespace {

// Columns read by read_resource(), in order, from "resources r". Equipment items are CHECKed
// words, so a comma-joined list is unambiguous.
constexpr std::string_view kResourceSelect =
    "SELECT r.id, r.site_id, r.kind, r.name, r.capacity, "
    "(SELECT string_agg(e.item, ',' ORDER BY e.item COLLATE \"C\") FROM resource_equipment e "
    "WHERE e.resource_id = r.id) FROM resources r ";
// Kind in the order kiosks show them, then the name's natural order (Bureau 2 before Bureau 10).
constexpr std::string_view kResourceOrder =
    "ORDER BY CASE r.kind WHEN 'office' THEN 1 WHEN 'open_space' THEN 2 WHEN 'meeting_room' THEN 3 ELSE 4 END, "
    "length(r.name), r.name COLLATE \"C\", r.id COLLATE \"C\"";

ResourceRecord read_resource(const Row& row) {
    return ResourceRecord{row.text(0),
                          row.text(1),
                          wire::resource_kind_from(row.text(2)).value_or(ResourceKind::office),
                          row.text(3),
                          static_cast<int>(row.integer(4)),
                          split_list(row.optional_text(5))};
}

const std::string kOpeningHoursSql =
    "SELECT weekday, extract(epoch FROM opens)::integer / 60, extract(epoch FROM closes)::integer / 60 "
    "FROM opening_hours WHERE site_id = $1 ORDER BY weekday, opens";
const std::string kSiteRulesSql =
    "SELECT slot_minutes, max_days_ahead, no_show_grace_minutes FROM booking_rules WHERE site_id = $1";
const std::string kKindRulesSql =
    "SELECT kind, max_minutes, free_period_allowed FROM booking_kind_rules WHERE site_id = $1";
const std::string kClosuresSql =
    "SELECT site_id, first_day, last_day, reason FROM closures "
    "WHERE (site_id = $1 OR site_id IS NULL) AND first_day <= $2::date AND last_day >= $3::date "
    "ORDER BY first_day, id";

OpeningInterval read_opening(const Row& row) {
    return OpeningInterval{static_cast<int>(row.integer(0)), static_cast<int>(row.integer(1)),
                           static_cast<int>(row.integer(2))};
}

ClosureRecord read_closure(const Row& row) {
    return ClosureRecord{row.optional_text(0), row.date(1), row.date(2), row.text(3)};
}

template <typename T, typename Read> std::vector<T> all_rows(const Result& result, Read read) {
    std::vector<T> rows;
    rows.reserve(static_cast<std::size_t>(result.rows()));
    for (int i = 0; i < result.rows(); ++i) {
        rows.push_back(read(result.row(i)));
    }
    return rows;
}

// The network defaults, with what the site's own rows (kSiteRulesSql, kKindRulesSql) change.
wire::BookingRules rules_from(const Result& site, const Result& kinds) {
    auto rules = default_booking_rules();
    if (site.rows() > 0) {
        const auto row = site.row(0);
        rules.slot_minutes = static_cast<int>(row.integer(0));
        rules.max_days_ahead = static_cast<int>(row.integer(1));
        rules.no_show_grace_minutes = static_cast<int>(row.integer(2));
    }
    // A site's own row replaces the default for its kind; kinds it does not list keep the default.
    for (int i = 0; i < kinds.rows(); ++i) {
        const auto row = kinds.row(i);
        const wire::BookingRules::KindRule own{wire::resource_kind_from(row.text(0)).value_or(ResourceKind::office),
                                               static_cast<int>(row.integer(1)), row.boolean(2)};
        auto same = std::find_if(rules.kinds.begin(), rules.kinds.end(),
                                 [&own](const auto& rule) { return rule.kind == own.kind; });
        if (same != rules.kinds.end()) {
            *same = own;
        }
    }
    return rules;
}

} // namespace

MemberRecord read_member(const Row& row) {
    MemberRecord member;
    member.id = row.text(0);
    member.first_name = row.text(1);
    member.last_name = row.text(2);
    member.display_name = row.text(3);
    member.home_site_id = row.optional_text(4);
    member.erased = row.boolean(5);
    member.pass.kind = row.text(6);
    member.pass.dates.joined = row.date(7);
    member.pass.dates.free_until = row.date(8);
    member.pass.dates.paid_until = row.date(9);
    member.pass.dates.suspended = row.boolean(10);
    member.pass.monthly_fee_cents = static_cast<int>(row.integer(11));
    return member;
}

PresenceSession read_session(const Row& row) {
    PresenceSession session;
    session.id = row.integer(0);
    session.member_id = row.text(1);
    session.site_id = row.text(2);
    session.in_at = row.time(3);
    session.out_at = row.optional_time(4);
    session.auto_closed = row.boolean(5);
    return session;
}

wire::Booking read_booking(const Row& row) {
    wire::Booking booking;
    booking.id = row.text(0);
    booking.site_id = row.text(1);
    booking.resource_id = row.text(2);
    booking.resource_name = row.text(3);
    booking.kind = wire::resource_kind_from(row.text(4)).value_or(ResourceKind::office);
    booking.member_id = row.text(5);
    booking.holder = row.text(6);
    booking.start = row.time(7);
    booking.end = row.time(8);
    booking.status = wire::booking_status_from(row.text(9)).value_or(wire::BookingStatus::confirmed);
    booking.checked_in_at = row.optional_time(10);
    return booking;
}

StoreResult<std::optional<BadgeHolder>> find_badge_holder(Connection& db, const std::string& uid, MemberLock lock) {
    // A badge's member always exists (foreign key), so the inner join loses no badge; it is also
    // what lets FOR UPDATE lock the member's row as find_member does.
    static const std::string kPlain = std::string(kMemberColumns) + ", b.uid, b.revoked_at IS NOT NULL " +
                                      "FROM badges b JOIN members m ON m.id = b.member_id " +
                                      "LEFT JOIN passes p ON p.member_id = m.id WHERE b.uid = $1";
    static const std::string kShared = kPlain + " FOR SHARE OF m";
    static const std::string kExclusive = kPlain + " FOR UPDATE OF m";
    const std::string& sql = lock == MemberLock::share ? kShared : lock == MemberLock::for_update ? kExclusive : kPlain;
    return first_row<BadgeHolder>("find_badge_holder", db.query(sql, uid), [](const Row& row) {
        auto member = read_member(row);
        BadgeRecord badge{row.text(12), member.id, row.boolean(13)};
        return BadgeHolder{std::move(badge), std::move(member)};
    });
}

StoreResult<std::optional<BadgeRecord>> find_badge(Connection& db, const std::string& uid) {
    return first_row<BadgeRecord>(
        "find_badge", db.query("SELECT uid, member_id, revoked_at IS NOT NULL FROM badges WHERE uid = $1", uid),
        [](const Row& row) {
            return BadgeRecord{row.text(0), row.text(1), row.boolean(2)};
        });
}

StoreResult<std::optional<MemberRecord>> find_member(Connection& db, const std::string& id, MemberLock lock) {
    const char* locking = lock == MemberLock::for_update ? " FOR UPDATE OF m" : "";
    return first_row<MemberRecord>("find_member",
                                   db.query(std::string(kMemberSelect) + "WHERE m.id = $1" + locking, id), read_member);
}

StoreResult<std::vector<OpeningInterval>> opening_hours(Connection& db, const std::string& site_id) {
    return collect<OpeningInterval>("opening_hours", db.query(kOpeningHoursSql, site_id), read_opening);
}

StoreResult<std::optional<ResourceRecord>> find_resource(Connection& db, const std::string& id) {
    return first_row<ResourceRecord>("find_resource", db.query(std::string(kResourceSelect) + "WHERE r.id = $1", id),
                                     read_resource);
}

StoreResult<std::vector<ResourceRecord>> site_resources(Connection& db, const std::string& site_id) {
    return collect<ResourceRecord>(
        "site_resources",
        db.query(std::string(kResourceSelect) + "WHERE r.site_id = $1 " + std::string(kResourceOrder), site_id),
        read_resource);
}

StoreResult<wire::BookingRules> booking_rules(Connection& db, const std::string& site_id) {
    auto site = db.query(kSiteRulesSql, site_id);
    if (!site) {
        return std::unexpected(store_error(site.error(), "booking_rules"));
    }
    auto kinds = db.query(kKindRulesSql, site_id);
    if (!kinds) {
        return std::unexpected(store_error(kinds.error(), "booking_rules"));
    }
    return rules_from(*site, *kinds);
}

StoreResult<std::vector<ClosureRecord>> closures(Connection& db, const std::string& site_id, wire::Date first_day,
                                                 wire::Date last_day) {
    return collect<ClosureRecord>("closures", db.query(kClosuresSql, site_id, last_day, first_day), read_closure);
}

StoreResult<SiteCalendar> site_calendar(Connection& db, const std::string& site_id, wire::Date first_day,
                                        wire::Date last_day) {
    const Statement statements[] = {statement(kSiteRulesSql, site_id), statement(kKindRulesSql, site_id),
                                    statement(kOpeningHoursSql, site_id),
                                    statement(kClosuresSql, site_id, last_day, first_day)};
    auto results = db.pipeline(statements);
    if (!results) {
        return std::unexpected(store_error(results.error(), "site_calendar"));
    }
    const auto& answers = *results;
    SiteCalendar calendar;
    calendar.rules = rules_from(answers[0], answers[1]);
    calendar.opening_hours = all_rows<OpeningInterval>(answers[2], read_opening);
    calendar.closures = all_rows<ClosureRecord>(answers[3], read_closure);
    return calendar;
}

StoreResult<std::optional<wire::Booking>> find_booking(Connection& db, const std::string& id) {
    return first_row<wire::Booking>("find_booking", db.query(std::string(kBookingSelect) + "WHERE b.id = $1", id),
                                    read_booking);
}

StoreResult<std::vector<wire::Booking>> bookings_where(Connection& db, std::string_view column,
                                                       const std::string& value, wire::TimePoint from,
                                                       wire::TimePoint to) {
    return collect<wire::Booking>("bookings",
                                  db.query(std::string(kBookingSelect) + "WHERE " + std::string(column) +
                                               " = $1 AND b.status = 'confirmed' AND b.start_at < $2::timestamptz "
                                               "AND b.end_at > $3::timestamptz ORDER BY b.start_at, b.id COLLATE \"C\"",
                                           value, to, from),
                                  read_booking);
}

StoreResult<std::vector<wire::Booking>> unattended_bookings(Connection& db, wire::TimePoint started_by) {
    return collect<wire::Booking>(
        "unattended_bookings",
        db.query(std::string(kBookingSelect) +
                     "WHERE b.status = 'confirmed' AND b.checked_in_at IS NULL "
                     "AND b.start_at <= $1::timestamptz ORDER BY b.start_at, b.id COLLATE \"C\"",
                 started_by),
        read_booking);
}

StoreResult<std::optional<PresenceSession>> open_session(Connection& db, const std::string& member_id) {
    return first_row<PresenceSession>(
        "open_session", db.query(std::string(kSessionSelect) + "WHERE member_id = $1 AND out_at IS NULL", member_id),
        read_session);
}

StoreResult<std::vector<PresenceSession>> sessions_between(Connection& db, const std::string& member_id,
                                                           wire::TimePoint from, wire::TimePoint to) {
    return collect<PresenceSession>(
        "sessions_between",
        db.query(
            std::string(kSessionSelect) +
                "WHERE member_id = $1 AND in_at < $2::timestamptz AND (out_at IS NULL OR out_at > $3::timestamptz) "
                "ORDER BY in_at, id",
            member_id, to, from),
        read_session);
}

StoreResult<std::optional<CalendarSubject>> find_calendar_feed(Connection& db, const std::string& token_hash) {
    return first_row<CalendarSubject>(
        "find_calendar_feed",
        db.query("SELECT subject_kind, subject_id FROM calendar_feeds WHERE token_hash = $1 AND revoked_at IS NULL",
                 token_hash),
        [](const Row& row) {
            return CalendarSubject{
                row.text(0) == "resource" ? CalendarSubjectKind::resource : CalendarSubjectKind::member, row.text(1)};
        });
}

} // namespace telecentre::backend::pg
