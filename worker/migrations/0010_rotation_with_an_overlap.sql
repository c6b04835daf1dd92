-- Rotate Token (R19): a new string while the previous one keeps
-- working for a grace period, or until the new one is first used.
--
-- `previous_secret_hash`: the string the current one replaced (by Generate
-- Token, an edit or a rotation), by its SHA-256, so that its later use is
-- told apart from a string that never existed (`revoked_or_replaced`).
-- `previous_secret_until`: unix seconds; the previous string works while
-- the time is before it. NULL: it works no longer (Generate Token and edits
-- stop it at once, R3 and R6).
-- `overlap_open`: a rotation's overlap whose end Token Logs has not
-- recorded yet: the new string's first use, or the grace period's end as
-- the frequent Cron Trigger finds it, records it (and clears this).
-- `self_rotation`: the token may rotate itself with its own string.
ALTER TABLE tokens ADD COLUMN previous_secret_hash TEXT;
ALTER TABLE tokens ADD COLUMN previous_secret_until INTEGER;
ALTER TABLE tokens ADD COLUMN overlap_open INTEGER NOT NULL DEFAULT 0 CHECK (overlap_open IN (0, 1));
ALTER TABLE tokens ADD COLUMN self_rotation INTEGER NOT NULL DEFAULT 0 CHECK (self_rotation IN (0, 1));
CREATE UNIQUE INDEX tokens_by_previous_secret_hash ON tokens (previous_secret_hash)
    WHERE previous_secret_hash IS NOT NULL;
CREATE INDEX tokens_in_overlap ON tokens (previous_secret_until) WHERE overlap_open = 1;

-- Token Logs learn ROTATE, and who acted when no login did (`activity_by`:
-- the token itself, a policy, Tessera). SQLite cannot change a CHECK in
-- place: the table is rebuilt, every entry kept with its id.
CREATE TABLE token_logs_rebuilt (
    id                   INTEGER PRIMARY KEY,
    organization_id      INTEGER REFERENCES organizations (id),
    token_id             INTEGER REFERENCES tokens (id),
    token_name           TEXT    NOT NULL,
    owner_login_id       INTEGER REFERENCES logins (id),
    activity             TEXT    NOT NULL
        CHECK (activity IN ('CREATE', 'GENERATE', 'UPDATE', 'REVOKE', 'AUTHENTICATE', 'ROTATE')),
    activity_on          INTEGER NOT NULL,
    activity_by_login_id INTEGER REFERENCES logins (id),
    result               TEXT CHECK (result IN ('OK', 'Fail')),
    detail               TEXT,
    activity_at_ms       INTEGER,
    request_id           TEXT,
    -- Who acted when no login did; NULL when a login did, or for AUTHENTICATE.
    activity_by          TEXT
);
INSERT INTO token_logs_rebuilt (id, organization_id, token_id, token_name, owner_login_id, activity,
    activity_on, activity_by_login_id, result, detail, activity_at_ms, request_id)
SELECT id, organization_id, token_id, token_name, owner_login_id, activity,
    activity_on, activity_by_login_id, result, detail, activity_at_ms, request_id
FROM token_logs;
DROP TABLE token_logs;
ALTER TABLE token_logs_rebuilt RENAME TO token_logs;
CREATE INDEX token_logs_by_organization ON token_logs (organization_id, activity_at_ms DESC);
CREATE INDEX token_logs_by_owner ON token_logs (owner_login_id, activity_at_ms DESC);

-- Each report is made of one metric of the readings: `GET /api/data/{report_name}`.
ALTER TABLE report_definitions ADD COLUMN metric TEXT NOT NULL DEFAULT '';
CREATE INDEX readings_by_metric ON readings (organization_id, metric, id);
