-- Conference rooms (docs/conference.md): the Janus VideoRoom room made for a booking of a visio
-- room, with the secret that guards its destruction, the PIN that guards joining it and the
-- token Janus's stored-token authentication lets its terminal and guests in with; at most one
-- open conference per booking. Its end is the booking's (read through the join, so an
-- extended booking extends it); ended_at is set when the room was destroyed.
-- Guest links keep only the SHA-256 of their token, like device tokens; they are purged a week
-- after they expire (until then an old link is told its conference ended).

CREATE TABLE conferences (
    id          TEXT PRIMARY KEY,
    booking_id  TEXT NOT NULL REFERENCES bookings(id),
    janus_room  INTEGER NOT NULL UNIQUE CHECK (janus_room BETWEEN 1 AND 9007199254740991),
    room_secret TEXT NOT NULL CHECK (length(room_secret) >= 16),
    pin         TEXT NOT NULL CHECK (length(pin) BETWEEN 4 AND 16),
    janus_token TEXT NOT NULL CHECK (length(janus_token) >= 16),
    started_by  TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    ended_at    TEXT
);
CREATE UNIQUE INDEX conferences_one_open_per_booking ON conferences (booking_id) WHERE ended_at IS NULL;
CREATE INDEX conferences_open ON conferences (started_at) WHERE ended_at IS NULL;

CREATE TABLE conference_guest_links (
    token_hash    TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    conference_id TEXT NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL
);
CREATE INDEX conference_guest_links_by_conference ON conference_guest_links (conference_id);
