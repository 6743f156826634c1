#include "sqlite_rows.hpp"

namespace telecentre::backend::sqlite {

MemberRecord read_member(const Statement& row) {
    MemberRecord member;
    member.id = row.text(0);
    member.first_name = row.text(1);
    member.last_name = row.text(2);
    member.display_name = row.text(3);
    member.home_site_id = row.optional_text(4);
    member.erased = row.integer(5) != 0;
    member.pass.kind = row.text(6);
    member.pass.dates.joined = date_from_column(row.text(7));
    member.pass.dates.free_until = date_from_column(row.text(8));
    member.pass.dates.paid_until = date_from_column(row.text(9));
    member.pass.dates.suspended = row.integer(10) != 0;
    member.pass.monthly_fee_cents = static_cast<int>(row.integer(11));
    return member;
}

PresenceSession read_session(const Statement& row) {
    PresenceSession session;
    session.id = row.integer(0);
    session.member_id = row.text(1);
    session.site_id = row.text(2);
    session.in_at = time_from_column(row.text(3));
    if (auto out_at = row.optional_text(4)) {
        session.out_at = time_from_column(*out_at);
    }
    session.auto_closed = row.integer(5) != 0;
    return session;
}

namespace {

int minutes_from(const std::string& hh_mm) {
    if (hh_mm.size() != 5) {
        return 0;
    }
    return ((hh_mm[0] - '0') * 10 + (hh_mm[1] - '0')) * 60 + (hh_mm[3] - '0') * 10 + (hh_mm[4] - '0');
}

} // namespace

StoreResult<std::vector<OpeningInterval>> load_opening_hours(Database& db, const std::string& site_id) {
    return collect<OpeningInterval>(
        db.query("SELECT weekday, opens, closes FROM opening_hours WHERE site_id = ? ORDER BY weekday, opens", site_id),
        [](const Statement& row) {
            return OpeningInterval{static_cast<int>(row.integer(0)), minutes_from(row.text(1)),
                                   minutes_from(row.text(2))};
        });
}

StoreResult<std::optional<MemberRecord>> load_member(Database& db, const std::string& member_id) {
    return first_row<MemberRecord>(db.query(std::string(kMemberSelect) + "WHERE m.id = ?", member_id), read_member);
}

ScopedTransaction::~ScopedTransaction() {
    if (m_open) {
        // Nothing useful can be done if the rollback itself fails: the connection is then closed
        // with the store, which rolls back too.
        (void)m_db.exec("ROLLBACK");
    }
}

StoreResult<void> ScopedTransaction::begin(Mode mode) {
    auto begun = m_db.exec(mode == Mode::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    m_open = begun.has_value();
    return begun;
}

StoreResult<void> ScopedTransaction::commit() {
    auto committed = m_db.exec("COMMIT");
    if (committed) {
        m_open = false;
    }
    return committed;
}

} // namespace telecentre::backend::sqlite
