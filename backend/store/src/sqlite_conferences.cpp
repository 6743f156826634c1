// SqliteStore: conference rooms and their guest links (migration 0009). Times are ISO 8601 UTC
// text of fixed width, so they order and compare as text.
#include "sqlite_rows.hpp"
#include "store_columns.hpp"

namespace telecentre::backend {

using sqlite::Statement;

namespace {

ConferenceRow read_conference(const Statement& row, int first = 0) {
    ConferenceRow conference;
    conference.id = row.text(first + 0);
    conference.booking_id = row.text(first + 1);
    conference.room = row.integer(first + 2);
    conference.room_secret = row.text(first + 3);
    conference.pin = row.text(first + 4);
    conference.started_by = row.text(first + 5);
    conference.started_at = sqlite::time_from_column(row.text(first + 6));
    if (auto ended = row.optional_text(first + 7)) {
        conference.ended_at = sqlite::time_from_column(*ended);
    }
    conference.ends_at = sqlite::time_from_column(row.text(first + 8));
    conference.booking_confirmed = row.text(first + 9) == "confirmed";
    conference.member_id = row.text(first + 10);
    conference.host_name = row.text(first + 11);
    conference.resource_id = row.text(first + 12);
    conference.resource_name = row.text(first + 13);
    conference.site_id = row.text(first + 14);
    conference.site_name = row.text(first + 15);
    conference.janus_token = row.text(first + 16);
    return conference;
}

} // namespace

StoreResult<std::pair<ConferenceRow, bool>> SqliteStore::open_conference(const ConferenceRow& conference) {
    std::lock_guard lock(m_state->mutex);
    auto& db = m_state->db;
    // The one writer connection, held for both statements: nothing comes between the insert and
    // the read of the booking's open conference.
    auto inserted =
        db.execute("INSERT INTO conferences (id, booking_id, janus_room, room_secret, pin, janus_token, "
                   "started_by, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT (booking_id) WHERE ended_at IS NULL DO NOTHING",
                   conference.id, conference.booking_id, conference.room, conference.room_secret, conference.pin,
                   conference.janus_token, conference.started_by, sqlite::to_column(conference.started_at));
    if (!inserted) {
        return std::unexpected(inserted.error());
    }
    auto open = sqlite::first_row<ConferenceRow>(
        db.query(kConferenceSelect + "WHERE c.booking_id = ? AND c.ended_at IS NULL", conference.booking_id),
        [](const Statement& row) { return read_conference(row); });
    if (!open) {
        return std::unexpected(open.error());
    }
    if (!*open) {
        return std::unexpected(StoreError{"open_conference: the booking's conference is missing"});
    }
    return std::pair{std::move(**open), *inserted > 0};
}

StoreResult<std::optional<ConferenceRow>> SqliteStore::find_conference(const std::string& id) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::first_row<ConferenceRow>(m_state->db.query(kConferenceSelect + "WHERE c.id = ?", id),
                                            [](const Statement& row) { return read_conference(row); });
}

StoreResult<std::vector<ConferenceRow>> SqliteStore::open_conferences() {
    std::lock_guard lock(m_state->mutex);
    return sqlite::collect<ConferenceRow>(
        m_state->db.query(kConferenceSelect + "WHERE c.ended_at IS NULL ORDER BY c.started_at, c.id"),
        [](const Statement& row) { return read_conference(row); });
}

StoreResult<void> SqliteStore::end_conference(const std::string& id, wire::TimePoint at) {
    std::lock_guard lock(m_state->mutex);
    auto ended = m_state->db.execute("UPDATE conferences SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
                                     sqlite::to_column(at), id);
    if (!ended) {
        return std::unexpected(ended.error());
    }
    return {};
}

StoreResult<int> SqliteStore::purge_guest_links(wire::TimePoint expired_before) {
    std::lock_guard lock(m_state->mutex);
    return m_state->db.execute("DELETE FROM conference_guest_links WHERE expires_at < ?",
                               sqlite::to_column(expired_before));
}

StoreResult<void> SqliteStore::add_guest_link(const GuestLinkRow& link) {
    std::lock_guard lock(m_state->mutex);
    auto added = m_state->db.execute("INSERT INTO conference_guest_links (token_hash, conference_id, created_at, "
                                     "expires_at) VALUES (?, ?, ?, ?)",
                                     link.token_hash, link.conference_id, sqlite::to_column(link.created_at),
                                     sqlite::to_column(link.expires_at));
    if (!added) {
        return std::unexpected(added.error());
    }
    return {};
}

StoreResult<std::optional<std::pair<GuestLinkRow, ConferenceRow>>>
SqliteStore::find_guest_link(const std::string& token_hash) {
    std::lock_guard lock(m_state->mutex);
    return sqlite::first_row<std::pair<GuestLinkRow, ConferenceRow>>(
        m_state->db.query(std::string(kConferenceColumns) +
                              ", g.token_hash, g.conference_id, g.created_at, g.expires_at" +
                              std::string(kConferenceFrom) +
                              "JOIN conference_guest_links g ON g.conference_id = c.id WHERE g.token_hash = ?",
                          token_hash),
        [](const Statement& row) {
            GuestLinkRow link;
            link.token_hash = row.text(kConferenceColumnCount);
            link.conference_id = row.text(kConferenceColumnCount + 1);
            link.created_at = sqlite::time_from_column(row.text(kConferenceColumnCount + 2));
            link.expires_at = sqlite::time_from_column(row.text(kConferenceColumnCount + 3));
            return std::pair{std::move(link), read_conference(row)};
        });
}

} // namespace telecentre::backend
