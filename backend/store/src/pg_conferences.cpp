// PgStore: conference rooms and their guest links (migration 0009), through the store's own helpers.
#include "pg_rows.hpp"
#include "store_columns.hpp"

namespace telecentre::backend {

using pg::Connection;
using pg::Row;

namespace {

ConferenceRow read_conference(const Row& row) {
    ConferenceRow conference;
    conference.id = row.text(0);
    conference.booking_id = row.text(1);
    conference.room = row.integer(2);
    conference.room_secret = row.text(3);
    conference.pin = row.text(4);
    conference.started_by = row.text(5);
    conference.started_at = row.time(6);
    conference.ended_at = row.optional_time(7);
    conference.ends_at = row.time(8);
    conference.booking_confirmed = row.text(9) == "confirmed";
    conference.member_id = row.text(10);
    conference.host_name = row.text(11);
    conference.resource_id = row.text(12);
    conference.resource_name = row.text(13);
    conference.site_id = row.text(14);
    conference.site_name = row.text(15);
    conference.janus_token = row.text(16);
    return conference;
}

} // namespace

StoreResult<std::pair<ConferenceRow, bool>> PgStore::open_conference(const ConferenceRow& conference) {
    return pg::in_transaction<std::pair<ConferenceRow, bool>>(
        m_state->pool, pg::kBeginTransaction, "open_conference",
        [&](Connection& db) -> StoreResult<std::pair<ConferenceRow, bool>> {
            // A concurrent open of the same booking makes this one wait for it and then add
            // nothing; the read after it (READ COMMITTED: a new snapshot) sees what it committed.
            auto inserted = pg::written(
                "open_conference",
                db.query("INSERT INTO conferences (id, booking_id, janus_room, room_secret, pin, janus_token, "
                         "started_by, started_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                         "ON CONFLICT (booking_id) WHERE ended_at IS NULL DO NOTHING",
                         conference.id, conference.booking_id, conference.room, conference.room_secret, conference.pin,
                         conference.janus_token, conference.started_by, conference.started_at));
            if (!inserted) {
                return std::unexpected(inserted.error());
            }
            auto open = pg::first_row<ConferenceRow>(
                "open_conference",
                db.query(kConferenceSelect + "WHERE c.booking_id = $1 AND c.ended_at IS NULL", conference.booking_id),
                read_conference);
            if (!open) {
                return std::unexpected(open.error());
            }
            if (!*open) {
                return std::unexpected(
                    StoreError{"PostgreSQL open_conference: the booking's conference is missing", true});
            }
            return std::pair{std::move(**open), *inserted > 0};
        });
}

StoreResult<std::optional<ConferenceRow>> PgStore::find_conference(const std::string& id) {
    return pg::in_one_statement<std::optional<ConferenceRow>>(m_state->pool, "find_conference", [&](Connection& db) {
        return pg::first_row<ConferenceRow>("find_conference", db.query(kConferenceSelect + "WHERE c.id = $1", id),
                                            read_conference);
    });
}

StoreResult<std::vector<ConferenceRow>> PgStore::open_conferences() {
    return pg::in_one_statement<std::vector<ConferenceRow>>(m_state->pool, "open_conferences", [&](Connection& db) {
        return pg::collect<ConferenceRow>(
            "open_conferences", db.query(kConferenceSelect + "WHERE c.ended_at IS NULL ORDER BY c.started_at, c.id"),
            read_conference);
    });
}

StoreResult<void> PgStore::end_conference(const std::string& id, wire::TimePoint at) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "end_conference", [&](Connection& db) -> StoreResult<void> {
            auto ended = pg::written(
                "end_conference",
                db.query("UPDATE conferences SET ended_at = $1 WHERE id = $2 AND ended_at IS NULL", at, id));
            if (!ended) {
                return std::unexpected(ended.error());
            }
            return {};
        });
}

StoreResult<int> PgStore::purge_guest_links(wire::TimePoint expired_before) {
    return pg::in_transaction<int>(m_state->pool, pg::kBeginTransaction, "purge_guest_links", [&](Connection& db) {
        return pg::written("purge_guest_links",
                           db.query("DELETE FROM conference_guest_links WHERE expires_at < $1", expired_before));
    });
}

StoreResult<void> PgStore::add_guest_link(const GuestLinkRow& link) {
    return pg::in_transaction<void>(
        m_state->pool, pg::kBeginTransaction, "add_guest_link", [&](Connection& db) -> StoreResult<void> {
            auto added = pg::written("add_guest_link",
                                     db.query("INSERT INTO conference_guest_links (token_hash, conference_id, "
                                              "created_at, expires_at) VALUES ($1, $2, $3, $4)",
                                              link.token_hash, link.conference_id, link.created_at, link.expires_at));
            if (!added) {
                return std::unexpected(added.error());
            }
            return {};
        });
}

StoreResult<std::optional<std::pair<GuestLinkRow, ConferenceRow>>>
PgStore::find_guest_link(const std::string& token_hash) {
    return pg::in_one_statement<std::optional<std::pair<GuestLinkRow, ConferenceRow>>>(
        m_state->pool, "find_guest_link", [&](Connection& db) {
            return pg::first_row<std::pair<GuestLinkRow, ConferenceRow>>(
                "find_guest_link",
                db.query(std::string(kConferenceColumns) +
                             ", g.token_hash, g.conference_id, g.created_at, g.expires_at" +
                             std::string(kConferenceFrom) +
                             "JOIN conference_guest_links g ON g.conference_id = c.id WHERE g.token_hash = $1",
                         token_hash),
                [](const Row& row) {
                    GuestLinkRow link;
                    link.token_hash = row.text(kConferenceColumnCount);
                    link.conference_id = row.text(kConferenceColumnCount + 1);
                    link.created_at = row.time(kConferenceColumnCount + 2);
                    link.expires_at = row.time(kConferenceColumnCount + 3);
                    return std::pair{std::move(link), read_conference(row)};
                });
        });
}

} // namespace telecentre::backend
