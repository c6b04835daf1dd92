-- R17: every AUTHENTICATE is durable before its answer, and the log stays
-- bounded under floods.
--
-- `request_id`: the client's own name for the request (`X-Request-Id`),
-- kept with its entry, so that a client (the bench, the crash test) can
-- tell exactly which of its answered requests were recorded.
ALTER TABLE token_logs ADD COLUMN request_id TEXT;

-- Attempts that name no organization (a string matching no token, Basic
-- with an unknown email) cost a counter per client address and hour, not a
-- row each: anyone can make such strings. For operators; no organization
-- sees them.
CREATE TABLE unknown_token_attempts (
    -- The client address as the throttle keys it (IPv6 by its /64).
    address_key TEXT    NOT NULL,
    -- Unix seconds at the start of the hour.
    hour        INTEGER NOT NULL,
    attempts    INTEGER NOT NULL,
    PRIMARY KEY (address_key, hour)
);

-- The rows such attempts wrote before: counted into the table (their
-- address was never kept), then removed.
INSERT INTO unknown_token_attempts (address_key, hour, attempts)
SELECT 'unknown', activity_on - (activity_on % 3600), COUNT(*)
FROM token_logs
WHERE organization_id IS NULL AND activity = 'AUTHENTICATE'
GROUP BY activity_on - (activity_on % 3600)
ON CONFLICT (address_key, hour) DO UPDATE SET attempts = attempts + excluded.attempts;
DELETE FROM token_logs WHERE organization_id IS NULL AND activity = 'AUTHENTICATE';

-- How long each organization keeps Token Logs (days); the daily Cron Trigger
-- deletes older entries in bounded batches (worker/src/services/organization/retention.rs).
ALTER TABLE organizations ADD COLUMN log_retention_days INTEGER NOT NULL DEFAULT 400
    CHECK (log_retention_days BETWEEN 30 AND 3660);

-- A size budget for AUTHENTICATE detail, so that the database never fills
-- with it and a revocation (whose REVOKE entry must be written with it)
-- always has room. `authenticate_rows` counts the AUTHENTICATE lines Token
-- Logs hold; each group write reserves a line per entry while under the
-- budget (TOKEN_LOG_BUDGET_ROWS), and past it counts the entry per token and
-- hour in `authentication_counts` instead. CREATE, GENERATE, UPDATE and
-- REVOKE are never shed. The daily retention run recounts it exactly.
CREATE TABLE token_log_budget (
    id                INTEGER PRIMARY KEY CHECK (id = 1),
    authenticate_rows INTEGER NOT NULL
);
INSERT INTO token_log_budget (id, authenticate_rows)
SELECT 1, COUNT(*) FROM token_logs WHERE activity = 'AUTHENTICATE';

CREATE TABLE authentication_counts (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    -- 0 for Basic authentication, which names a login, not a token.
    token_id        INTEGER NOT NULL,
    owner_login_id  INTEGER,
    -- Unix seconds at the start of the hour.
    hour            INTEGER NOT NULL,
    ok              INTEGER NOT NULL DEFAULT 0,
    fail            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id, token_id, hour)
);
