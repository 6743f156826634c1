-- Visio-accueil's calls survive a backend that dies without stopping (kill -9, a power cut, the
-- out-of-memory killer). Until now a call left its record only when it ended, so the calls
-- waiting or in progress at such a moment left nothing, and the network is funded on these
-- figures. Now each call is journaled in calls_open while it lasts: inserted when it is queued,
-- updated when it is answered, its last_seen_at refreshed once a minute by the running backend,
-- and deleted in the transaction that writes its row in calls. At the next start, the backend
-- moves what is left to calls with the outcome 'interrupted', ended at last_seen_at: the call
-- lasted at least that long, and the downtime is not counted as hours of use.

-- The column's CHECK of 0006 took PostgreSQL's default name, <table>_<column>_check.
ALTER TABLE calls DROP CONSTRAINT calls_outcome_check;
ALTER TABLE calls ADD CONSTRAINT calls_outcome_check
    CHECK (outcome IN ('visitor_hung_up', 'agent_hung_up', 'cancelled', 'unanswered', 'kiosk_lost', 'agent_lost',
                       'server_restart', 'interrupted'));

-- No visitor data here either. agent_id is the staff member who answered; last_seen_at starts at
-- queued_at and never goes back.
CREATE TABLE calls_open (
    id           text PRIMARY KEY,
    site_id      text NOT NULL REFERENCES sites(id),
    device_id    text NOT NULL,
    queued_at    timestamptz NOT NULL,
    answered_at  timestamptz,
    agent_id     text,
    last_seen_at timestamptz NOT NULL,
    CHECK (answered_at IS NULL OR answered_at >= queued_at),
    CHECK (last_seen_at >= queued_at)
);
