-- R14, R16: a session's end takes effect on the very next request at every
-- location. KV, where sessions live, may answer a read from a cache for up
-- to 60 s after a delete, so what must be consistent is read from D1, in
-- the read of the login every signed-in request already makes:
-- - `session_generation`: every session records the generation it was
--   opened in; signing out everywhere and disabling the login bump it, so
--   every older session ends at once, and enabling the login again does not
--   bring them back.
-- - `ended_sessions`: one session signed out (by the SHA-256 of its id, as
--   KV keys it), kept until it would have expired anyway.
ALTER TABLE logins ADD COLUMN session_generation INTEGER NOT NULL DEFAULT 0;

CREATE TABLE ended_sessions (
    session_hash TEXT    PRIMARY KEY,
    -- After this the session's own expiry refuses it; the row can go.
    forget_after INTEGER NOT NULL
);
CREATE INDEX ended_sessions_by_forget_after ON ended_sessions (forget_after);
