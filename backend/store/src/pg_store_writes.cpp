// PgStore writes outside of a Transaction object: devices, member changes, erasure, badge
// revocation, bookings made by staff tools or the demo, booking rules and closures.
#include "pg_rows.hpp"
#include "store_columns.hpp"

#include <chrono>

namespace telecentre::backend {

using pg::Connection;

namespace {

StoreResult<void> no_rows_needed(const StoreResult<int>& changed) {
    if (!changed) {
        return std::unexpected(changed.error());
    }
    return {};
}

} // namespace

StoreResult<DeviceRecord> PgStore::add_device(const DeviceRecord& device, const std::string& token_hash,
                                              wire::TimePoint now) {
    return pg::in_transaction<DeviceRecord>(
        m_state->pool, pg::kBeginTransaction, "add_device", [&](Connection& db) -> StoreResult<DeviceRecord> {
            auto inserted =
                pg::written("add_device", db.query("INSERT INTO devices (id, site_id, name, token_hash, "
                                                   "created_at) VALUES ($1, $2, $3, $4, $5)",
                                                   device.id, device.site_id, device.name, token_hash, now));
            if (!inserted) {
                return std::unexpected(inserted.error());
            }
            return device;
        });
}

StoreResult<void> PgStore::change_member(const MemberChange& change) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "change_member", [&](Connection& db) -> StoreResult<void> {
            // COALESCE keeps a column whose new value is not given; the triggers bump change_seq.
            if (change.first_name || change.last_name || change.display_name) {
                auto names = pg::written(
                    "change_member",
                    db.query("UPDATE members SET first_name = COALESCE($1, first_name), "
                             "last_name = COALESCE($2, last_name), display_name = COALESCE($3, display_name) "
                             "WHERE id = $4 AND NOT erased",
                             change.first_name, change.last_name, change.display_name, change.member_id));
                if (auto found = expect_one_row(names, "member " + change.member_id); !found) {
                    return found;
                }
            }
            if (change.pass_suspended || change.paid_until) {
                auto pass = pg::written("change_member",
                                        db.query("UPDATE passes SET suspended = COALESCE($1::boolean, suspended), "
                                                 "paid_until = COALESCE($2::date, paid_until) WHERE member_id = $3",
                                                 change.pass_suspended, change.paid_until, change.member_id));
                if (auto found = expect_one_row(pass, "pass of member " + change.member_id); !found) {
                    return found;
                }
            }
            return {};
        });
}

StoreResult<void> PgStore::erase_member(const std::string& member_id) {
    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "erase_member", [&](Connection& db) -> StoreResult<void> {
            auto member = pg::written("erase_member", db.query("UPDATE members SET first_name = '', last_name = '', "
                                                               "display_name = '', erased = true WHERE id = $1",
                                                               member_id));
            if (auto found = expect_one_row(member, "member " + member_id); !found) {
                return found;
            }
            return no_rows_needed(
                pg::written("erase_member",
                            db.query("UPDATE badges SET revoked_at = $1 WHERE member_id = $2 AND revoked_at IS NULL",
                                     now, member_id)));
        });
}

StoreResult<void> PgStore::revoke_badge(const std::string& uid, wire::TimePoint now) {
    return pg::in_transaction<void>(m_state->pool, pg::kBeginTransaction, "revoke_badge", [&](Connection& db) {
        return expect_one_row(
            pg::written("revoke_badge",
                        db.query("UPDATE badges SET revoked_at = COALESCE(revoked_at, $1) WHERE uid = $2", now, uid)),
            "badge " + uid);
    });
}

StoreResult<BookingOutcome> PgStore::add_booking(const BookingRecord& booking) {
    // Two staff tools adding the same id at once: the loser's insert is a unique violation,
    // retryable, and its second run finds the booking there.
    constexpr int kTries = 3;
    StoreResult<BookingOutcome> outcome = std::unexpected(StoreError{});
    for (int attempt = 0; attempt < kTries; ++attempt) {
        outcome = [&]() -> StoreResult<BookingOutcome> {
            auto transaction = begin();
            if (!transaction) {
                return std::unexpected(transaction.error());
            }
            auto existing = (*transaction)->find_booking(booking.id);
            if (!existing) {
                return std::unexpected(existing.error());
            }
            if (*existing) {
                return BookingOutcome::already_there;
            }
            auto added = (*transaction)->insert_booking(booking);
            if (!added || *added != BookingOutcome::added) {
                return added;
            }
            if (auto committed = (*transaction)->commit(); !committed) {
                return std::unexpected(committed.error());
            }
            return added;
        }();
        if (outcome || !outcome.error().retryable) {
            break;
        }
    }
    return outcome;
}

StoreResult<void> PgStore::set_booking_rules(const std::string& site_id, const wire::BookingRules& rules) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "set_booking_rules", [&](Connection& db) -> StoreResult<void> {
            auto site = pg::written(
                "set_booking_rules",
                db.query("INSERT INTO booking_rules (site_id, slot_minutes, max_days_ahead, no_show_grace_minutes) "
                         "VALUES ($1, $2, $3, $4) ON CONFLICT (site_id) DO UPDATE SET "
                         "slot_minutes = EXCLUDED.slot_minutes, max_days_ahead = EXCLUDED.max_days_ahead, "
                         "no_show_grace_minutes = EXCLUDED.no_show_grace_minutes",
                         site_id, rules.slot_minutes, rules.max_days_ahead, rules.no_show_grace_minutes));
            if (!site) {
                return std::unexpected(site.error());
            }
            auto cleared = pg::written("set_booking_rules",
                                       db.query("DELETE FROM booking_kind_rules WHERE site_id = $1", site_id));
            if (!cleared) {
                return std::unexpected(cleared.error());
            }
            for (const auto& kind : rules.kinds) {
                auto added = pg::written("set_booking_rules",
                                         db.query("INSERT INTO booking_kind_rules (site_id, kind, max_minutes, "
                                                  "free_period_allowed) VALUES ($1, $2, $3, $4)",
                                                  site_id, wire::to_string(kind.kind), kind.max_minutes,
                                                  kind.free_period_allowed));
                if (!added) {
                    return std::unexpected(added.error());
                }
            }
            return {};
        });
}

StoreResult<void> PgStore::add_closure(const ClosureRecord& closure) {
    return pg::in_transaction<void>(m_state->pool, pg::kBeginTransaction, "add_closure", [&](Connection& db) {
        return no_rows_needed(
            pg::written("add_closure", db.query("INSERT INTO closures (site_id, first_day, last_day, reason) "
                                                "VALUES ($1, $2, $3, $4)",
                                                closure.site_id, closure.first_day, closure.last_day, closure.reason)));
    });
}

} // namespace telecentre::backend
