-- Visio-accueil's callback requests: a visitor whose call went unanswered (or failed) leaves a
-- name and a phone number at the kiosk; reception staff call back and mark the request handled;
-- handled requests are deleted after the retention period (docs/backend.md, "Callback
-- requests"). This is personal data: it lives here only, never in a log, and the kiosk's
-- Idempotency-Key is kept on the row itself (not in idempotent_requests, whose stored answers
-- are never purged), so the purge leaves nothing of the visitor behind.
-- device_id and handled_by are not foreign keys, like calls.device_id and calls.agent_id;
-- call_id names the call that led to the request, whose record may not be written yet.

CREATE TABLE callbacks (
    id              TEXT PRIMARY KEY,
    site_id         TEXT NOT NULL REFERENCES sites(id),
    device_id       TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    request_hash    TEXT NOT NULL,
    call_id         TEXT,
    visitor_name    TEXT NOT NULL CHECK (length(CAST(visitor_name AS BLOB)) BETWEEN 1 AND 80),
    phone           TEXT NOT NULL CHECK (length(phone) BETWEEN 6 AND 20),
    reason          TEXT NOT NULL CHECK (length(CAST(reason AS BLOB)) <= 200),
    requested_at    TEXT NOT NULL,
    handled_at      TEXT,
    handled_by      TEXT,
    UNIQUE (device_id, idempotency_key),
    CHECK ((handled_at IS NULL) = (handled_by IS NULL))
);
CREATE INDEX callbacks_open ON callbacks (requested_at) WHERE handled_at IS NULL;
CREATE INDEX callbacks_by_handled ON callbacks (handled_at) WHERE handled_at IS NOT NULL;
