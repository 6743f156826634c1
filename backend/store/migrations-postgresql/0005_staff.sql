-- Staff accounts of the web console (reception agents now, the operations console later) and
-- their log-in sessions. Logins are stored lower-case, so "Accueil" and "accueil" are one login.
-- Passwords are kept only as scrypt hashes that carry their own parameters and salt
-- ("scrypt$N$r$p$salt$hash"); sessions only as the SHA-256 of their token, like device tokens
-- and calendar feeds: a copy of the database lets nobody log in.

CREATE TABLE staff (
    id            text PRIMARY KEY,
    login         text NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9._-]{3,64}$'),
    display_name  text NOT NULL CHECK (char_length(display_name) BETWEEN 1 AND 128),
    role          text NOT NULL CHECK (role IN ('admin', 'animateur', 'reception')),
    site_id       text REFERENCES sites(id), -- an animateur's own site
    password_hash text NOT NULL,
    created_at    timestamptz NOT NULL,
    disabled_at   timestamptz,
    CHECK (role <> 'animateur' OR site_id IS NOT NULL)
);

CREATE TABLE staff_sessions (
    token_hash text PRIMARY KEY CHECK (length(token_hash) = 64),
    staff_id   text NOT NULL REFERENCES staff(id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
