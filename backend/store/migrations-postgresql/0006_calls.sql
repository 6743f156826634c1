-- Visio-accueil's call records, for the statistics the network is funded on: where and when a
-- visitor called, who answered and how long after, how the call ended. Written once, when the
-- call ends; no visitor data (the name and reason typed at the kiosk live only while the call
-- waits or runs). agent_id is not a foreign key: a record outlives the staff account.

CREATE TABLE calls (
    id          text PRIMARY KEY,
    site_id     text NOT NULL REFERENCES sites(id),
    device_id   text NOT NULL,
    queued_at   timestamptz NOT NULL,
    answered_at timestamptz,
    ended_at    timestamptz NOT NULL,
    agent_id    text,
    outcome     text NOT NULL CHECK (outcome IN ('visitor_hung_up', 'agent_hung_up', 'cancelled', 'unanswered',
                                                 'kiosk_lost', 'agent_lost', 'server_restart')),
    CHECK (answered_at IS NULL OR answered_at >= queued_at),
    CHECK (ended_at >= queued_at)
);
CREATE INDEX calls_by_end ON calls (ended_at);
CREATE INDEX calls_by_site ON calls (site_id, ended_at);
