-- Conference rooms (docs/conference.md): the Janus VideoRoom room made for a booking of a visio
-- room, with the secret that guards its destruction, the PIN that guards joining it and the
-- token Janus's stored-token authentication lets its terminal and guests in with; at most one
-- open conference per booking. Its end is the booking's (read through the join, so an
-- extended booking extends it); ended_at is set when the room was destroyed.
-- Guest links keep only the SHA-256 of their token, like device tokens; they are purged a week
-- after they expire (until then an old link is told its conference ended).

CREATE TABLE conferences (
    id          text PRIMARY KEY,
    booking_id  text NOT NULL REFERENCES bookings(id),
    janus_room  bigint NOT NULL UNIQUE CHECK (janus_room BETWEEN 1 AND 9007199254740991),
    room_secret text NOT NULL CHECK (length(room_secret) >= 16),
    pin         text NOT NULL CHECK (length(pin) BETWEEN 4 AND 16),
    janus_token text NOT NULL CHECK (length(janus_token) >= 16),
    started_by  text NOT NULL,
    started_at  timestamptz NOT NULL,
    ended_at    timestamptz
);
CREATE UNIQUE INDEX conferences_one_open_per_booking ON conferences (booking_id) WHERE ended_at IS NULL;
CREATE INDEX conferences_open ON conferences (started_at) WHERE ended_at IS NULL;

CREATE TABLE conference_guest_links (
    token_hash    text PRIMARY KEY CHECK (length(token_hash) = 64),
    conference_id text NOT NULL REFERENCES conferences(id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL,
    expires_at    timestamptz NOT NULL
);
CREATE INDEX conference_guest_links_by_conference ON conference_guest_links (conference_id);
