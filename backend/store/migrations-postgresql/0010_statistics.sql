-- Usage statistics and the yearly evaluation report (docs/statistics.md): the yearly cost of
-- each site that a network administrator enters, from which the report's cost per position is
-- computed, and the indexes the statistics' aggregates read through (presence by site and
-- time, by end; bookings and calls by start). set_by is the staff member's id, not a foreign
-- key: the figure outlives the account.

CREATE TABLE site_costs (
    site_id    text NOT NULL REFERENCES sites(id),
    year       integer NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    cost_cents bigint NOT NULL CHECK (cost_cents BETWEEN 0 AND 100000000000),
    set_at     timestamptz NOT NULL,
    set_by     text,
    PRIMARY KEY (site_id, year)
);

CREATE INDEX presence_sessions_by_site ON presence_sessions (site_id, in_at);
-- Covers the users' count (site, member, and the session's times for the period's filter), so a
-- year's users are read from the index in order, without a sort.
CREATE INDEX presence_sessions_users ON presence_sessions (site_id, member_id, in_at, out_at);
CREATE INDEX presence_sessions_by_end ON presence_sessions (out_at) WHERE out_at IS NOT NULL;
CREATE INDEX bookings_by_start ON bookings (start_at);
CREATE INDEX calls_by_queued ON calls (queued_at);
