// SqliteStore writes outside check-ins: member changes, erasure, badge revocation, bookings.
#include "sqlite_rows.hpp"
#include "store_columns.hpp"

namespace telecentre::backend {

using sqlite::ScopedTransaction;
using sqlite::Statement;

namespace {

// Runs `work` inside BEGIN IMMEDIATE ... COMMIT; any failure rolls everything back.
template <typename T, typename Work> StoreResult<T> write_transaction(sqlite::Database& db, Work work) {
    ScopedTransaction transaction(db);
    if (auto begun = transaction.begin(ScopedTransaction::Mode::immediate); !begun) {
        return std::unexpected(begun.error());
    }
    auto result = work();
    if (!result) {
        return result;
    }
    if (auto committed = transaction.commit(); !committed) {
        return std::unexpected(committed.error());
    }
    return result;
}

} // namespace

StoreResult<void> SqliteStore::change_member(const MemberChange& change) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    return write_transaction<void>(db, [&]() -> StoreResult<void> {
        // COALESCE keeps a column whose new value is not given; the triggers bump change_seq.
        if (change.first_name || change.last_name || change.display_name) {
            auto names = db.execute("UPDATE members SET first_name = COALESCE(?, first_name), "
                                    "last_name = COALESCE(?, last_name), display_name = COALESCE(?, display_name) "
                                    "WHERE id = ? AND erased = 0",
                                    change.first_name, change.last_name, change.display_name, change.member_id);
            if (auto found = expect_one_row(names, "member " + change.member_id); !found) {
                return found;
            }
        }
        if (change.pass_suspended || change.paid_until) {
            std::optional<std::string> paid_until;
            if (change.paid_until) {
                paid_until = sqlite::date_column(*change.paid_until);
            }
            std::optional<std::int64_t> suspended;
            if (change.pass_suspended) {
                suspended = *change.pass_suspended ? 1 : 0;
            }
            auto pass = db.execute("UPDATE passes SET suspended = COALESCE(?, suspended), "
                                   "paid_until = COALESCE(?, paid_until) WHERE member_id = ?",
                                   suspended, paid_until, change.member_id);
            if (auto found = expect_one_row(pass, "pass of member " + change.member_id); !found) {
                return found;
            }
        }
        return {};
    });
}

StoreResult<void> SqliteStore::erase_member(const std::string& member_id) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    const auto now = sqlite::to_column(std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()));
    return write_transaction<void>(db, [&]() -> StoreResult<void> {
        auto member = db.execute("UPDATE members SET first_name = '', last_name = '', display_name = '', erased = 1 "
                                 "WHERE id = ?",
                                 member_id);
        if (auto found = expect_one_row(member, "member " + member_id); !found) {
            return found;
        }
        auto badges =
            db.execute("UPDATE badges SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL", now, member_id);
        if (!badges) {
            return std::unexpected(badges.error());
        }
        return {};
    });
}

StoreResult<void> SqliteStore::revoke_badge(const std::string& uid, wire::TimePoint now) {
    std::lock_guard lock(m_state->mutex);
    auto changed = m_state->db.execute("UPDATE badges SET revoked_at = COALESCE(revoked_at, ?) WHERE uid = ?",
                                       sqlite::to_column(now), uid);
    return expect_one_row(changed, "badge " + uid);
}

StoreResult<BookingOutcome> SqliteStore::add_booking(const BookingRecord& booking) {
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
}

StoreResult<void> SqliteStore::set_booking_rules(const std::string& site_id, const wire::BookingRules& rules) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    return write_transaction<void>(db, [&]() -> StoreResult<void> {
        auto site = db.execute("INSERT INTO booking_rules (site_id, slot_minutes, max_days_ahead, "
                               "no_show_grace_minutes) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (site_id) DO UPDATE "
                               "SET slot_minutes = ?2, max_days_ahead = ?3, no_show_grace_minutes = ?4",
                               site_id, rules.slot_minutes, rules.max_days_ahead, rules.no_show_grace_minutes);
        if (!site) {
            return std::unexpected(site.error());
        }
        if (auto cleared = db.execute("DELETE FROM booking_kind_rules WHERE site_id = ?", site_id); !cleared) {
            return std::unexpected(cleared.error());
        }
        for (const auto& kind : rules.kinds) {
            auto added = db.execute("INSERT INTO booking_kind_rules (site_id, kind, max_minutes, free_period_allowed) "
                                    "VALUES (?, ?, ?, ?)",
                                    site_id, wire::to_string(kind.kind), kind.max_minutes, kind.free_period_allowed);
            if (!added) {
                return std::unexpected(added.error());
            }
        }
        return {};
    });
}

StoreResult<void> SqliteStore::add_closure(const ClosureRecord& closure) {
    std::lock_guard lock(m_state->mutex);
    auto added = m_state->db.execute("INSERT INTO closures (site_id, first_day, last_day, reason) VALUES (?, ?, ?, ?)",
                                     closure.site_id, sqlite::date_column(closure.first_day),
                                     sqlite::date_column(closure.last_day), closure.reason);
    if (!added) {
        return std::unexpected(added.error());
    }
    return {};
}

} // namespace telecentre::backend
