-- Visio-accueil's calls survive a backend that dies without stopping (kill -9, a power cut, the
-- out-of-memory killer). Until now a call left its record only when it ended, so the calls
-- waiting or in progress at such a moment left nothing, and the network is funded on these
-- figures. Now each call is journaled in calls_open while it lasts: inserted when it is queued,
-- updated when it is answered, its last_seen_at refreshed once a minute by the running backend,
-- and deleted in the transaction that writes its row in calls. At the next start, the backend
-- moves what is left to calls with the outcome 'interrupted', ended at last_seen_at: the call
-- lasted at least that long, and the downtime is not counted as hours of use.
--
-- SQLite cannot change a CHECK constraint: calls is rebuilt with 'interrupted' among the outcomes
-- (a new table, the rows copied, the old one dropped, the new one renamed, its indexes made
-- again). No other table refers to calls.

CREATE TABLE calls_new (
    id          TEXT PRIMARY KEY,
    site_id     TEXT NOT NULL REFERENCES sites(id),
    device_id   TEXT NOT NULL,
    queued_at   TEXT NOT NULL,
    answered_at TEXT,
    ended_at    TEXT NOT NULL,
    agent_id    TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('visitor_hung_up', 'agent_hung_up', 'cancelled', 'unanswered',
                                                 'kiosk_lost', 'agent_lost', 'server_restart', 'interrupted')),
    CHECK (answered_at IS NULL OR answered_at >= queued_at),
    CHECK (ended_at >= queued_at)
);
INSERT INTO calls_new (id, site_id, device_id, queued_at, answered_at, ended_at, agent_id, outcome)
    SELECT id, site_id, device_id, queued_at, answered_at, ended_at, agent_id, outcome FROM calls;
DROP TABLE calls;
ALTER TABLE calls_new RENAME TO calls;
CREATE INDEX calls_by_end ON calls (ended_at);
CREATE INDEX calls_by_site ON calls (site_id, ended_at);

-- No visitor data here either. agent_id is the staff member who answered; last_seen_at starts at
-- queued_at and never goes back.
CREATE TABLE calls_open (
    id           TEXT PRIMARY KEY,
    site_id      TEXT NOT NULL REFERENCES sites(id),
    device_id    TEXT NOT NULL,
    queued_at    TEXT NOT NULL,
    answered_at  TEXT,
    agent_id     TEXT,
    last_seen_at TEXT NOT NULL,
    CHECK (answered_at IS NULL OR answered_at >= queued_at),
    CHECK (last_seen_at >= queued_at)
);
