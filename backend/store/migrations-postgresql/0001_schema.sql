-- PostgreSQL port of migrations/0001_schema.sql: the same tables, keys, CHECKs and change
-- tracking, in PostgreSQL's own types. Times are timestamptz (the store's sessions run in UTC),
-- dates are date, flags are boolean. Text ids keep the SQLite ids, so a network can move its
-- data from one store to the other as it is.

CREATE TABLE sites (
    id          text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]{1,64}$'),
    name        text NOT NULL,
    street      text,                 -- NULL while the network has not confirmed the address
    postal_code text NOT NULL,
    town        text NOT NULL,
    description text NOT NULL DEFAULT ''
);

-- Several rows on one day describe a lunch break; weekday is ISO 8601 (1 = Monday). Times of
-- day are whole minutes, like the SQLite store's "HH:MM".
CREATE TABLE opening_hours (
    site_id text NOT NULL REFERENCES sites(id),
    weekday integer NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    opens   time NOT NULL CHECK (extract(second FROM opens) = 0),
    closes  time NOT NULL CHECK (extract(second FROM closes) = 0 AND closes > opens),
    PRIMARY KEY (site_id, weekday, opens)
);

CREATE TABLE resources (
    id       text PRIMARY KEY,
    site_id  text NOT NULL REFERENCES sites(id),
    kind     text NOT NULL CHECK (kind IN ('office', 'open_space', 'meeting_room', 'visio_room')),
    name     text NOT NULL,
    capacity integer NOT NULL CHECK (capacity > 0)
);
CREATE INDEX resources_by_site ON resources(site_id);

-- One network-wide counter, bumped by the triggers below on every write to members, passes and
-- badges; each written row keeps the value it got. A kiosk asks for "everything after N".
-- Bumping takes this row's lock until commit, so values are handed out in commit order and a
-- reader never sees N+1 committed while N is still to come.
CREATE TABLE change_counter (
    id    integer PRIMARY KEY CHECK (id = 1),
    value bigint NOT NULL
);
INSERT INTO change_counter (id, value) VALUES (1, 0);

CREATE TABLE members (
    id           text PRIMARY KEY,
    first_name   text NOT NULL,
    last_name    text NOT NULL,
    display_name text NOT NULL,
    home_site_id text REFERENCES sites(id),
    erased       boolean NOT NULL DEFAULT false,
    change_seq   bigint NOT NULL DEFAULT 0
);

-- The Pass Actifs Mobiles: free for the first six months, then a monthly fee of 50 to 100 EUR.
CREATE TABLE passes (
    member_id         text PRIMARY KEY REFERENCES members(id),
    kind              text NOT NULL DEFAULT 'pass_actifs_mobiles',
    joined            date NOT NULL,
    free_until        date NOT NULL,
    paid_until        date NOT NULL,
    suspended         boolean NOT NULL DEFAULT false,
    monthly_fee_cents integer NOT NULL CHECK (monthly_fee_cents BETWEEN 5000 AND 10000),
    change_seq        bigint NOT NULL DEFAULT 0
);

-- UIDs are upper-case hex of 4, 7 or 10 bytes, as the kiosk reads them.
CREATE TABLE badges (
    uid        text PRIMARY KEY CHECK (uid ~ '^([0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$'),
    member_id  text NOT NULL REFERENCES members(id),
    revoked_at timestamptz,
    change_seq bigint NOT NULL DEFAULT 0
);
CREATE INDEX badges_by_member ON badges(member_id);
CREATE INDEX badges_by_change ON badges(change_seq);

-- A BEFORE trigger stamps the row being written, where SQLite needs an AFTER trigger updating
-- the row again (and a WHEN clause to stop that update from firing it once more).
CREATE FUNCTION stamp_change_seq() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counter SET value = value + 1 WHERE id = 1 RETURNING value INTO NEW.change_seq;
    RETURN NEW;
END;
$$;
CREATE TRIGGER members_changed BEFORE INSERT OR UPDATE ON members
    FOR EACH ROW EXECUTE FUNCTION stamp_change_seq();
CREATE TRIGGER passes_changed BEFORE INSERT OR UPDATE ON passes
    FOR EACH ROW EXECUTE FUNCTION stamp_change_seq();
CREATE TRIGGER badges_changed BEFORE INSERT OR UPDATE ON badges
    FOR EACH ROW EXECUTE FUNCTION stamp_change_seq();

-- Kiosks. Only the SHA-256 of a device token is kept: a copy of the database does not let anyone
-- act as a kiosk.
CREATE TABLE devices (
    id         text PRIMARY KEY,
    site_id    text NOT NULL REFERENCES sites(id),
    name       text NOT NULL,
    token_hash text NOT NULL UNIQUE CHECK (length(token_hash) = 64),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);

-- Minimal for now (the booking system is a later issue): enough to list a member's day.
CREATE TABLE bookings (
    id          text PRIMARY KEY,
    resource_id text NOT NULL REFERENCES resources(id),
    member_id   text NOT NULL REFERENCES members(id),
    start_at    timestamptz NOT NULL,
    end_at      timestamptz NOT NULL CHECK (end_at > start_at),
    status      text NOT NULL DEFAULT 'confirmed'
                CONSTRAINT bookings_status_check CHECK (status IN ('confirmed', 'cancelled'))
);
CREATE INDEX bookings_by_member ON bookings(member_id, start_at);
CREATE INDEX bookings_by_resource ON bookings(resource_id, start_at);

-- Time spent inside, for the yearly evaluation (hours of use, fill rate). At most one open
-- session per member, whatever the site. BY DEFAULT rather than ALWAYS so that rows moved over
-- from a SQLite store keep their ids.
CREATE TABLE presence_sessions (
    id          bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    member_id   text NOT NULL REFERENCES members(id),
    site_id     text NOT NULL REFERENCES sites(id),
    in_at       timestamptz NOT NULL,
    out_at      timestamptz CHECK (out_at IS NULL OR out_at >= in_at),
    auto_closed boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX presence_one_open_session ON presence_sessions(member_id) WHERE out_at IS NULL;
CREATE INDEX presence_sessions_by_member ON presence_sessions(member_id, in_at);

-- Every badge tap a kiosk reports, refused ones included (an unknown badge has no member).
CREATE TABLE presence_events (
    id              text PRIMARY KEY,
    device_id       text NOT NULL REFERENCES devices(id),
    site_id         text NOT NULL REFERENCES sites(id),
    badge_uid       text NOT NULL,
    member_id       text REFERENCES members(id),
    direction       text NOT NULL CHECK (direction IN ('auto', 'in', 'out')),
    outcome         text NOT NULL CHECK (outcome IN ('checked_in', 'checked_out', 'refused')),
    reason          text NOT NULL,
    at              timestamptz NOT NULL,
    decided_offline boolean NOT NULL,
    recorded_at     timestamptz NOT NULL,
    session_id      bigint REFERENCES presence_sessions(id)
);
CREATE INDEX presence_events_by_member ON presence_events(member_id, at);

-- The first answer to each (device, Idempotency-Key), replayed byte for byte.
CREATE TABLE idempotent_requests (
    device_id     text NOT NULL REFERENCES devices(id),
    key           text NOT NULL,
    request_hash  text NOT NULL,
    status        integer NOT NULL,
    response_body text NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (device_id, key)
);
