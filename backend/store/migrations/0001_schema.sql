-- The first schema of the network: sites and what can be booked there, members with their
-- Pass Actifs Mobiles and badges, kiosks, presence, a minimal bookings table and stored answers
-- for idempotent writes. Times are ISO 8601 UTC text ("2026-11-23T09:05:00Z"): fixed width, so
-- they sort and compare as text, and stay readable in the sqlite3 shell. Dates are "YYYY-MM-DD".

CREATE TABLE sites (
    id          TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64 AND id NOT GLOB '*[^a-z0-9-]*'),
    name        TEXT NOT NULL,
    street      TEXT,                 -- NULL while the network has not confirmed the address
    postal_code TEXT NOT NULL,
    town        TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);

-- Several rows on one day describe a lunch break; weekday is ISO 8601 (1 = Monday).
CREATE TABLE opening_hours (
    site_id TEXT NOT NULL REFERENCES sites(id),
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens   TEXT NOT NULL CHECK (opens GLOB '[0-2][0-9]:[0-5][0-9]'),
    closes  TEXT NOT NULL CHECK (closes GLOB '[0-2][0-9]:[0-5][0-9]' AND closes > opens),
    PRIMARY KEY (site_id, weekday, opens)
);

CREATE TABLE resources (
    id       TEXT PRIMARY KEY,
    site_id  TEXT NOT NULL REFERENCES sites(id),
    kind     TEXT NOT NULL CHECK (kind IN ('office', 'open_space', 'meeting_room', 'visio_room')),
    name     TEXT NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0)
);
CREATE INDEX resources_by_site ON resources(site_id);

-- One network-wide counter, bumped by the triggers below on every write to members, passes and
-- badges; each written row keeps the value it got. A kiosk asks for "everything after N".
CREATE TABLE change_counter (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);

CREATE TABLE members (
    id           TEXT PRIMARY KEY,
    first_name   TEXT NOT NULL,
    last_name    TEXT NOT NULL,
    display_name TEXT NOT NULL,
    home_site_id TEXT REFERENCES sites(id),
    erased       INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)),
    change_seq   INTEGER NOT NULL DEFAULT 0
);

-- The Pass Actifs Mobiles: free for the first six months, then a monthly fee of 50 to 100 EUR.
CREATE TABLE passes (
    member_id         TEXT PRIMARY KEY REFERENCES members(id),
    kind              TEXT NOT NULL DEFAULT 'pass_actifs_mobiles',
    joined            TEXT NOT NULL,
    free_until        TEXT NOT NULL,
    paid_until        TEXT NOT NULL,
    suspended         INTEGER NOT NULL DEFAULT 0 CHECK (suspended IN (0, 1)),
    monthly_fee_cents INTEGER NOT NULL CHECK (monthly_fee_cents BETWEEN 5000 AND 10000),
    change_seq        INTEGER NOT NULL DEFAULT 0
);

-- UIDs are upper-case hex of 4, 7 or 10 bytes, as the kiosk reads them.
CREATE TABLE badges (
    uid        TEXT PRIMARY KEY CHECK (length(uid) IN (8, 14, 20) AND uid NOT GLOB '*[^0-9A-F]*'),
    member_id  TEXT NOT NULL REFERENCES members(id),
    revoked_at TEXT,
    change_seq INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX badges_by_member ON badges(member_id);
CREATE INDEX badges_by_change ON badges(change_seq);

-- The WHEN clause keeps a trigger from firing again on its own change_seq update.
CREATE TRIGGER members_changed_on_insert AFTER INSERT ON members BEGIN
    UPDATE change_counter SET value = value + 1 WHERE id = 1;
    UPDATE members SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER members_changed_on_update AFTER UPDATE ON members WHEN NEW.change_seq = OLD.change_seq BEGIN
    UPDATE change_counter SET value = value + 1 WHERE id = 1;
    UPDATE members SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE id = NEW.id;
END;
CREATE TRIGGER passes_changed_on_insert AFTER INSERT ON passes BEGIN
    UPDATE change_counter SET value = value + 1 WHERE id = 1;
    UPDATE passes SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE member_id = NEW.member_id;
END;
CREATE TRIGGER passes_changed_on_update AFTER UPDATE ON passes WHEN NEW.change_seq = OLD.change_seq BEGIN
    UPDATE change_counter SET value = value + 1 WHERE id = 1;
    UPDATE passes SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE member_id = NEW.member_id;
END;
CREATE TRIGGER badges_changed_on_insert AFTER INSERT ON badges BEGIN
    UPDATE change_counter SET value = value + 1 WHERE id = 1;
    UPDATE badges SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE uid = NEW.uid;
END;
CREATE TRIGGER badges_changed_on_update AFTER UPDATE ON badges WHEN NEW.change_seq = OLD.change_seq BEGIN
    UPDATE change_counter SET value = value + 1 WHERE id = 1;
    UPDATE badges SET change_seq = (SELECT value FROM change_counter WHERE id = 1) WHERE uid = NEW.uid;
END;

-- Kiosks. Only the SHA-256 of a device token is kept: a copy of the database does not let anyone
-- act as a kiosk.
CREATE TABLE devices (
    id         TEXT PRIMARY KEY,
    site_id    TEXT NOT NULL REFERENCES sites(id),
    name       TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at TEXT NOT NULL,
    revoked_at TEXT
);

-- Minimal for now (the booking system is a later issue): enough to list a member's day.
CREATE TABLE bookings (
    id          TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL REFERENCES resources(id),
    member_id   TEXT NOT NULL REFERENCES members(id),
    start_at    TEXT NOT NULL,
    end_at      TEXT NOT NULL CHECK (end_at > start_at),
    status      TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled'))
);
CREATE INDEX bookings_by_member ON bookings(member_id, start_at);
CREATE INDEX bookings_by_resource ON bookings(resource_id, start_at);

-- Time spent inside, for the yearly evaluation (hours of use, fill rate). At most one open
-- session per member, whatever the site.
CREATE TABLE presence_sessions (
    id          INTEGER PRIMARY KEY,
    member_id   TEXT NOT NULL REFERENCES members(id),
    site_id     TEXT NOT NULL REFERENCES sites(id),
    in_at       TEXT NOT NULL,
    out_at      TEXT CHECK (out_at IS NULL OR out_at >= in_at),
    auto_closed INTEGER NOT NULL DEFAULT 0 CHECK (auto_closed IN (0, 1))
);
CREATE UNIQUE INDEX presence_one_open_session ON presence_sessions(member_id) WHERE out_at IS NULL;
CREATE INDEX presence_sessions_by_member ON presence_sessions(member_id, in_at);

-- Every badge tap a kiosk reports, refused ones included (an unknown badge has no member).
CREATE TABLE presence_events (
    id              TEXT PRIMARY KEY,
    device_id       TEXT NOT NULL REFERENCES devices(id),
    site_id         TEXT NOT NULL REFERENCES sites(id),
    badge_uid       TEXT NOT NULL,
    member_id       TEXT REFERENCES members(id),
    direction       TEXT NOT NULL CHECK (direction IN ('auto', 'in', 'out')),
    outcome         TEXT NOT NULL CHECK (outcome IN ('checked_in', 'checked_out', 'refused')),
    reason          TEXT NOT NULL,
    at              TEXT NOT NULL,
    decided_offline INTEGER NOT NULL CHECK (decided_offline IN (0, 1)),
    recorded_at     TEXT NOT NULL,
    session_id      INTEGER REFERENCES presence_sessions(id)
);
CREATE INDEX presence_events_by_member ON presence_events(member_id, at);

-- The first answer to each (device, Idempotency-Key), replayed byte for byte.
CREATE TABLE idempotent_requests (
    device_id     TEXT NOT NULL REFERENCES devices(id),
    key           TEXT NOT NULL,
    request_hash  TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response_body TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (device_id, key)
);
