-- Booking: equipment of each resource, rules per site, closures, the full bookings table with
-- its life cycle (confirmed -> cancelled or released as a no-show), and calendar feeds.

CREATE TABLE resource_equipment (
    resource_id TEXT NOT NULL REFERENCES resources(id),
    item        TEXT NOT NULL CHECK (item IN ('screen', 'webcam', 'microphone', 'whiteboard', 'phone',
                                              'printer', 'lockable', 'second_screen')),
    PRIMARY KEY (resource_id, item)
);

-- One row per site; the store falls back to its built-in defaults for a site without one.
CREATE TABLE booking_rules (
    site_id               TEXT PRIMARY KEY REFERENCES sites(id),
    slot_minutes          INTEGER NOT NULL CHECK (slot_minutes IN (5, 10, 15, 20, 30, 60)),
    max_days_ahead        INTEGER NOT NULL CHECK (max_days_ahead BETWEEN 0 AND 365),
    no_show_grace_minutes INTEGER NOT NULL CHECK (no_show_grace_minutes BETWEEN 0 AND 240)
);

-- What a pass may book, and for how long at once. Paid passes may book every kind; members in
-- their free months only the kinds flagged here.
CREATE TABLE booking_kind_rules (
    site_id             TEXT NOT NULL REFERENCES sites(id),
    kind                TEXT NOT NULL CHECK (kind IN ('office', 'open_space', 'meeting_room', 'visio_room')),
    max_minutes         INTEGER NOT NULL CHECK (max_minutes BETWEEN 1 AND 10080),
    free_period_allowed INTEGER NOT NULL CHECK (free_period_allowed IN (0, 1)),
    PRIMARY KEY (site_id, kind)
);

-- Whole days closed, inclusive; a NULL site closes every site of the network.
CREATE TABLE closures (
    id        INTEGER PRIMARY KEY,
    site_id   TEXT REFERENCES sites(id),
    first_day TEXT NOT NULL CHECK (first_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    last_day  TEXT NOT NULL CHECK (last_day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]' AND last_day >= first_day),
    reason    TEXT NOT NULL
);
CREATE INDEX closures_by_day ON closures(last_day);

-- The bookings table of the foundation, rebuilt with the booking life cycle. closed_at is when a
-- booking was cancelled or released; a confirmed booking has none.
CREATE TABLE bookings_v2 (
    id                TEXT PRIMARY KEY,
    resource_id       TEXT NOT NULL REFERENCES resources(id),
    member_id         TEXT NOT NULL REFERENCES members(id),
    start_at          TEXT NOT NULL,
    end_at            TEXT NOT NULL CHECK (end_at > start_at),
    status            TEXT NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled', 'no_show')),
    created_at        TEXT NOT NULL,
    created_by_device TEXT REFERENCES devices(id),
    checked_in_at     TEXT,
    closed_at         TEXT,
    CHECK ((status = 'confirmed') = (closed_at IS NULL))
);
INSERT INTO bookings_v2 (id, resource_id, member_id, start_at, end_at, status, created_at, closed_at)
SELECT id, resource_id, member_id, start_at, end_at, status, start_at,
       CASE status WHEN 'confirmed' THEN NULL ELSE start_at END
FROM bookings;
DROP TABLE bookings;
ALTER TABLE bookings_v2 RENAME TO bookings;
CREATE INDEX bookings_by_member ON bookings(member_id, end_at);
CREATE INDEX bookings_by_resource ON bookings(resource_id, start_at) WHERE status = 'confirmed';
CREATE INDEX bookings_unattended ON bookings(start_at) WHERE status = 'confirmed' AND checked_in_at IS NULL;

-- No two confirmed bookings of one resource may overlap. The writer runs inside BEGIN IMMEDIATE
-- (one writer at a time), so these checks see every committed booking: the database refuses the
-- overlap whatever the code above it does. PostgreSQL does the same with an exclusion constraint.
CREATE TRIGGER bookings_no_overlap_on_insert BEFORE INSERT ON bookings WHEN NEW.status = 'confirmed' BEGIN
    SELECT RAISE(ABORT, 'booking_overlap') FROM bookings
    WHERE resource_id = NEW.resource_id AND status = 'confirmed' AND start_at < NEW.end_at AND end_at > NEW.start_at;
END;
CREATE TRIGGER bookings_no_overlap_on_update
BEFORE UPDATE OF resource_id, start_at, end_at, status ON bookings WHEN NEW.status = 'confirmed' BEGIN
    SELECT RAISE(ABORT, 'booking_overlap') FROM bookings
    WHERE resource_id = NEW.resource_id AND status = 'confirmed' AND id <> NEW.id
      AND start_at < NEW.end_at AND end_at > NEW.start_at;
END;

-- Secret calendar URLs: only the SHA-256 of the token is kept, like device tokens.
CREATE TABLE calendar_feeds (
    token_hash   TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    subject_kind TEXT NOT NULL CHECK (subject_kind IN ('member', 'resource')),
    subject_id   TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    revoked_at   TEXT
);

-- Seed: the network's usual rules. Open space is free during the free months of the pass,
-- offices and rooms need a paid pass (the network's fee schedule).
INSERT INTO booking_rules (site_id, slot_minutes, max_days_ahead, no_show_grace_minutes)
SELECT id, 30, 60, 30 FROM sites;
INSERT INTO booking_kind_rules (site_id, kind, max_minutes, free_period_allowed)
SELECT s.id, k.kind, k.max_minutes, k.free_period_allowed
FROM sites s, (SELECT 'office' AS kind, 600 AS max_minutes, 0 AS free_period_allowed
               UNION ALL SELECT 'open_space', 600, 1
               UNION ALL SELECT 'meeting_room', 240, 0
               UNION ALL SELECT 'visio_room', 180, 0) k;

INSERT INTO resource_equipment (resource_id, item)
SELECT r.id, e.item FROM resources r,
     (SELECT 'meeting_room' AS kind, 'screen' AS item UNION ALL SELECT 'meeting_room', 'whiteboard'
      UNION ALL SELECT 'meeting_room', 'phone' UNION ALL SELECT 'visio_room', 'screen'
      UNION ALL SELECT 'visio_room', 'webcam' UNION ALL SELECT 'visio_room', 'microphone'
      UNION ALL SELECT 'office', 'lockable' UNION ALL SELECT 'office', 'second_screen') e
WHERE r.kind = e.kind;

-- French public holidays, the whole network closed.
INSERT INTO closures (site_id, first_day, last_day, reason) VALUES
    (NULL, '2026-12-25', '2026-12-25', 'Noël'),
    (NULL, '2027-01-01', '2027-01-01', 'Jour de l''an'),
    (NULL, '2027-03-29', '2027-03-29', 'Lundi de Pâques'),
    (NULL, '2027-05-01', '2027-05-01', 'Fête du travail'),
    (NULL, '2027-05-06', '2027-05-06', 'Ascension'),
    (NULL, '2027-05-08', '2027-05-08', 'Victoire 1945'),
    (NULL, '2027-05-17', '2027-05-17', 'Lundi de Pentecôte'),
    (NULL, '2027-07-14', '2027-07-14', 'Fête nationale'),
    (NULL, '2027-08-15', '2027-08-15', 'Assomption'),
    (NULL, '2027-11-01', '2027-11-01', 'Toussaint'),
    (NULL, '2027-11-11', '2027-11-11', 'Armistice'),
    (NULL, '2027-12-25', '2027-12-25', 'Noël');
