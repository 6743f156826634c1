// The Reader queries of the SQLite store, shared by readers (own connection, read snapshot) and
// transactions (the writer connection, under the write lock).
#include "sqlite_rows.hpp"
#include "store_columns.hpp"

#include <algorithm>

namespace telecentre::backend::sqlite {

wire::Booking read_booking(const Statement& row) {
    wire::Booking booking;
    booking.id = row.text(0);
    booking.site_id = row.text(1);
    booking.resource_id = row.text(2);
    booking.resource_name = row.text(3);
    booking.kind = wire::resource_kind_from(row.text(4)).value_or(ResourceKind::office);
    booking.member_id = row.text(5);
    booking.holder = row.text(6);
    booking.start = time_from_column(row.text(7));
    booking.end = time_from_column(row.text(8));
    booking.status = wire::booking_status_from(row.text(9)).value_or(wire::BookingStatus::confirmed);
    if (auto checked_in = row.optional_text(10)) {
        booking.checked_in_at = time_from_column(*checked_in);
    }
    return booking;
}

ResourceRecord read_resource(const Statement& row) {
    return ResourceRecord{row.text(0),
                          row.text(1),
                          wire::resource_kind_from(row.text(2)).value_or(ResourceKind::office),
                          row.text(3),
                          static_cast<int>(row.integer(4)),
                          split_list(row.optional_text(5))};
}

StoreResult<std::optional<BadgeRecord>> find_badge(Database& db, const std::string& uid) {
    return first_row<BadgeRecord>(
        db.query("SELECT uid, member_id, revoked_at IS NOT NULL FROM badges WHERE uid = ?", uid),
        [](const Statement& row) {
            return BadgeRecord{row.text(0), row.text(1), row.integer(2) != 0};
        });
}

StoreResult<std::optional<ResourceRecord>> find_resource(Database& db, const std::string& id) {
    return first_row<ResourceRecord>(db.query(std::string(kResourceSelect) + "WHERE r.id = ?", id), read_resource);
}

StoreResult<std::vector<ResourceRecord>> site_resources(Database& db, const std::string& site_id) {
    return collect<ResourceRecord>(
        db.query(std::string(kResourceSelect) + "WHERE r.site_id = ? " + std::string(kResourceOrder), site_id),
        read_resource);
}

StoreResult<wire::BookingRules> booking_rules(Database& db, const std::string& site_id) {
    auto rules = default_booking_rules();
    auto site = first_row<int>(db.query("SELECT slot_minutes, max_days_ahead, no_show_grace_minutes "
                                        "FROM booking_rules WHERE site_id = ?",
                                        site_id),
                               [&rules](const Statement& row) {
                                   rules.slot_minutes = static_cast<int>(row.integer(0));
                                   rules.max_days_ahead = static_cast<int>(row.integer(1));
                                   rules.no_show_grace_minutes = static_cast<int>(row.integer(2));
                                   return 1;
                               });
    if (!site) {
        return std::unexpected(site.error());
    }
    auto kinds = collect<wire::BookingRules::KindRule>(
        db.query("SELECT kind, max_minutes, free_period_allowed FROM booking_kind_rules WHERE site_id = ?", site_id),
        [](const Statement& row) {
            return wire::BookingRules::KindRule{wire::resource_kind_from(row.text(0)).value_or(ResourceKind::office),
                                                static_cast<int>(row.integer(1)), row.integer(2) != 0};
        });
    if (!kinds) {
        return std::unexpected(kinds.error());
    }
    // A site's own row replaces the default for its kind; kinds it does not list keep the default.
    for (const auto& own : *kinds) {
        auto same = std::find_if(rules.kinds.begin(), rules.kinds.end(),
                                 [&own](const auto& rule) { return rule.kind == own.kind; });
        *same = own;
    }
    return rules;
}

StoreResult<std::vector<ClosureRecord>> closures(Database& db, const std::string& site_id, wire::Date first_day,
                                                 wire::Date last_day) {
    return collect<ClosureRecord>(
        db.query("SELECT site_id, first_day, last_day, reason FROM closures "
                 "WHERE (site_id = ? OR site_id IS NULL) AND first_day <= ? AND last_day >= ? ORDER BY first_day, id",
                 site_id, date_column(last_day), date_column(first_day)),
        [](const Statement& row) {
            return ClosureRecord{row.optional_text(0), date_from_column(row.text(1)), date_from_column(row.text(2)),
                                 row.text(3)};
        });
}

StoreResult<std::optional<wire::Booking>> find_booking(Database& db, const std::string& id) {
    return first_row<wire::Booking>(db.query(std::string(kBookingSelect) + "WHERE b.id = ?", id), read_booking);
}

StoreResult<std::vector<wire::Booking>> bookings_where(Database& db, std::string_view column, const std::string& value,
                                                       wire::TimePoint from, wire::TimePoint to) {
    return collect<wire::Booking>(db.query(std::string(kBookingSelect) + "WHERE " + std::string(column) +
                                               " = ? AND b.status = 'confirmed' AND b.start_at < ? AND b.end_at > ? "
                                               "ORDER BY b.start_at, b.id",
                                           value, to_column(to), to_column(from)),
                                  read_booking);
}

StoreResult<std::vector<wire::Booking>> unattended_bookings(Database& db, wire::TimePoint started_by) {
    return collect<wire::Booking>(db.query(std::string(kBookingSelect) +
                                               "WHERE b.status = 'confirmed' AND b.checked_in_at IS NULL "
                                               "AND b.start_at <= ? ORDER BY b.start_at, b.id",
                                           to_column(started_by)),
                                  read_booking);
}

StoreResult<std::optional<PresenceSession>> open_session(Database& db, const std::string& member_id) {
    return first_row<PresenceSession>(
        db.query(std::string(kSessionSelect) + "WHERE member_id = ? AND out_at IS NULL", member_id), read_session);
}

StoreResult<std::vector<PresenceSession>> sessions_between(Database& db, const std::string& member_id,
                                                           wire::TimePoint from, wire::TimePoint to) {
    return collect<PresenceSession>(
        db.query(std::string(kSessionSelect) +
                     "WHERE member_id = ? AND in_at < ? AND (out_at IS NULL OR out_at > ?) ORDER BY in_at",
                 member_id, to_column(to), to_column(from)),
        read_session);
}

StoreResult<std::optional<CalendarSubject>> find_calendar_feed(Database& db, const std::string& token_hash) {
    return first_row<CalendarSubject>(
        db.query("SELECT subject_kind, subject_id FROM calendar_feeds WHERE token_hash = ? AND revoked_at IS NULL",
                 token_hash),
        [](const Statement& row) {
            return CalendarSubject{
                row.text(0) == "resource" ? CalendarSubjectKind::resource : CalendarSubjectKind::member, row.text(1)};
        });
}

} // namespace telecentre::backend::sqlite
