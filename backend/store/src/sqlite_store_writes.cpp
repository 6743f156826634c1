// SqliteStore writes outside check-ins: member changes, erasure, badge revocation, bookings.
#include "sqlite_rows.hpp"

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

StoreResult<void> expect_one_row(const StoreResult<int>& changed, const std::string& what) {
    if (!changed) {
        return std::unexpected(changed.error());
    }
    if (*changed == 0) {
        return std::unexpected(StoreError{what + " not found"});
    }
    return {};
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
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    // SQLite has no exclusion constraint: the overlap check and the insert share one IMMEDIATE
    // transaction, so two writers cannot both see the slot free.
    return write_transaction<BookingOutcome>(db, [&]() -> StoreResult<BookingOutcome> {
        auto existing = sqlite::first_row<int>(db.query("SELECT 1 FROM bookings WHERE id = ?", booking.id),
                                               [](const Statement&) { return 1; });
        if (!existing) {
            return std::unexpected(existing.error());
        }
        if (*existing) {
            return BookingOutcome::already_there;
        }
        const auto start = sqlite::to_column(booking.start);
        const auto end = sqlite::to_column(booking.end);
        auto overlap = sqlite::first_row<std::string>(
            db.query("SELECT id FROM bookings WHERE resource_id = ? AND status = 'confirmed' "
                     "AND start_at < ? AND end_at > ? LIMIT 1",
                     booking.resource_id, end, start),
            [](const Statement& row) { return row.text(0); });
        if (!overlap) {
            return std::unexpected(overlap.error());
        }
        if (*overlap) {
            return BookingOutcome::overlaps;
        }
        auto inserted = db.execute("INSERT INTO bookings (id, resource_id, member_id, start_at, end_at, status) "
                                   "VALUES (?, ?, ?, ?, ?, 'confirmed')",
                                   booking.id, booking.resource_id, booking.member_id, start, end);
        if (!inserted) {
            return std::unexpected(inserted.error());
        }
        return BookingOutcome::added;
    });
}

} // namespace telecentre::backend
