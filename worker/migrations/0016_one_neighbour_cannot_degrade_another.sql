-- Isolation between organizations, addresses and clients (docs/security.md,
-- "Noisy neighbours"; docs/scale.md, "What bounds each table").

-- Password attempts: an attempt that any of its keys refuses writes
-- nothing at all (shared/src/sign_in_throttle.rs), so a locked address
-- sending made-up emails adds no rows. Each key carries its own free
-- allowance, so all of an attempt's keys are counted by one statement; and
-- the scheduled run deletes keys whose attempts are forgotten and whose
-- wait is over (they count as absent), by `last_attempt_at`. The old
-- counts are dropped: at worst a guesser gets one fresh allowance.
DROP TABLE sign_in_throttle;
CREATE TABLE sign_in_throttle (
    key             TEXT    PRIMARY KEY,
    -- Attempts this key may make before waiting.
    free            INTEGER NOT NULL,
    attempts        INTEGER NOT NULL,
    last_attempt_at INTEGER NOT NULL,
    locked_until    INTEGER NOT NULL
);
CREATE INDEX sign_in_throttle_by_last_attempt ON sign_in_throttle (last_attempt_at);

-- Browsers a login has signed in from (OWASP's device cookies): the
-- SHA-256 of the cookie's random value, never the value. A sign-in from such
-- a browser is counted against its own key, apart from the anonymous
-- attempts that may have locked the login, so guesses from many addresses
-- cannot keep the owner out. A login keeps its latest few; the scheduled run
-- deletes those unused for longer than a cookie lives.
CREATE TABLE trusted_devices (
    device_hash  TEXT    PRIMARY KEY,
    login_id     INTEGER NOT NULL REFERENCES logins (id),
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER NOT NULL
);
CREATE INDEX trusted_devices_by_login ON trusted_devices (login_id, last_used_at);

-- The AUTHENTICATE log budget is each organization's own: one
-- organization reaching it changes nothing for another. `authenticate_rows`
-- counts the organization's AUTHENTICATE lines; the daily retention run
-- recounts it exactly.
CREATE TABLE organization_log_budget (
    organization_id   INTEGER PRIMARY KEY REFERENCES organizations (id),
    authenticate_rows INTEGER NOT NULL
);
INSERT INTO organization_log_budget (organization_id, authenticate_rows)
SELECT organization_id, COUNT(*) FROM token_logs
WHERE activity = 'AUTHENTICATE' AND organization_id IS NOT NULL
GROUP BY organization_id;
DROP TABLE token_log_budget;

-- Unknown strings' hourly counts: an hour keeps at most so many addresses
-- apart (worker/src/store/token_logs.rs), counted by hour; the retention
-- run deletes by hour too.
CREATE INDEX unknown_token_attempts_by_hour ON unknown_token_attempts (hour);
