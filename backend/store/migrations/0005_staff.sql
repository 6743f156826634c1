-- Staff accounts of the web console (reception agents now, the operations console later) and
-- their log-in sessions. Logins are stored lower-case, so "Accueil" and "accueil" are one login.
-- Passwords are kept only as scrypt hashes that carry their own parameters and salt
-- ("scrypt$N$r$p$salt$hash"); sessions only as the SHA-256 of their token, like device tokens
-- and calendar feeds: a copy of the database lets nobody log in.

CREATE TABLE staff (
    id            TEXT PRIMARY KEY,
    login         TEXT NOT NULL UNIQUE
                  CHECK (length(login) BETWEEN 3 AND 64 AND login NOT GLOB '*[^a-z0-9._-]*'),
    display_name  TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 128),
    role          TEXT NOT NULL CHECK (role IN ('admin', 'animateur', 'reception')),
    site_id       TEXT REFERENCES sites(id), -- an animateur's own site
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    disabled_at   TEXT,
    CHECK (role <> 'animateur' OR site_id IS NOT NULL)
);

CREATE TABLE staff_sessions (
    token_hash TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    staff_id   TEXT NOT NULL REFERENCES staff(id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE INDEX staff_sessions_by_staff ON staff_sessions (staff_id);
