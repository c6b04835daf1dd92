-- R27: an organization may require a token admin's approval for tokens
-- working more than `approval_beyond_days` days (or never expiring), or
-- holding a chosen scope (shared/src/approval.rs). NULL / 0: not required.
ALTER TABLE organizations ADD COLUMN approval_beyond_days INTEGER;
ALTER TABLE organizations ADD COLUMN approval_scope_meta INTEGER NOT NULL DEFAULT 0
    CHECK (approval_scope_meta IN (0, 1));
ALTER TABLE organizations ADD COLUMN approval_scope_report INTEGER NOT NULL DEFAULT 0
    CHECK (approval_scope_report IN (0, 1));

-- A token's approval: NULL when it never needed one. A pending or denied
-- token gets no string (the write that would give it one checks the state).
-- The requester and the owner never decide: the deciding UPDATE says so.
ALTER TABLE tokens ADD COLUMN approval_state TEXT
    CHECK (approval_state IN ('pending', 'approved', 'denied'));
ALTER TABLE tokens ADD COLUMN approval_requested_by INTEGER REFERENCES logins (id);
ALTER TABLE tokens ADD COLUMN approval_requested_at INTEGER;
ALTER TABLE tokens ADD COLUMN approval_reason TEXT;
ALTER TABLE tokens ADD COLUMN approval_decided_by INTEGER REFERENCES logins (id);
ALTER TABLE tokens ADD COLUMN approval_decision_reason TEXT;
CREATE INDEX tokens_pending_approval ON tokens (organization_id, approval_requested_at)
    WHERE approval_state = 'pending' AND revoked_at IS NULL;

-- The daily digest to token admins goes once a day per organization,
-- however often the daily run goes: the day is claimed here first. Rows
-- older than a week are purged by the same run.
CREATE TABLE approval_digests (
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    day             INTEGER NOT NULL,
    PRIMARY KEY (organization_id, day)
) WITHOUT ROWID;

-- Token Logs learn REQUEST, APPROVE and DENY. SQLite cannot change a CHECK
-- in place: the table is rebuilt, every entry kept with its id, and its
-- indexes and the daily counters' trigger made again.
CREATE TABLE token_logs_rebuilt (
    id                   INTEGER PRIMARY KEY,
    organization_id      INTEGER REFERENCES organizations (id),
    token_id             INTEGER REFERENCES tokens (id),
    token_name           TEXT    NOT NULL,
    owner_login_id       INTEGER REFERENCES logins (id),
    activity             TEXT    NOT NULL
        CHECK (activity IN ('CREATE', 'GENERATE', 'UPDATE', 'REVOKE', 'AUTHENTICATE', 'ROTATE',
                            'REQUEST', 'APPROVE', 'DENY')),
    activity_on          INTEGER NOT NULL,
    activity_by_login_id INTEGER REFERENCES logins (id),
    result               TEXT CHECK (result IN ('OK', 'Fail')),
    detail               TEXT,
    activity_at_ms       INTEGER,
    request_id           TEXT,
    -- Who acted when no login did; NULL when a login did, or for AUTHENTICATE.
    activity_by          TEXT,
    client_address       TEXT,
    client_country       TEXT,
    user_agent           TEXT,
    endpoint             TEXT
);
INSERT INTO token_logs_rebuilt (id, organization_id, token_id, token_name, owner_login_id, activity,
    activity_on, activity_by_login_id, result, detail, activity_at_ms, request_id, activity_by,
    client_address, client_country, user_agent, endpoint)
SELECT id, organization_id, token_id, token_name, owner_login_id, activity,
    activity_on, activity_by_login_id, result, detail, activity_at_ms, request_id, activity_by,
    client_address, client_country, user_agent, endpoint
FROM token_logs;
DROP TABLE token_logs;
ALTER TABLE token_logs_rebuilt RENAME TO token_logs;
CREATE INDEX token_logs_by_organization ON token_logs (organization_id, activity_at_ms DESC);
CREATE INDEX token_logs_by_owner ON token_logs (owner_login_id, activity_at_ms DESC);
CREATE TRIGGER token_usage_days_from_lines AFTER INSERT ON token_logs
WHEN NEW.activity = 'AUTHENTICATE' AND NEW.token_id IS NOT NULL
BEGIN
    INSERT INTO token_usage_days (token_id, day, organization_id, ok, fail)
    VALUES (NEW.token_id, NEW.activity_on / 86400, NEW.organization_id,
            NEW.result = 'OK', NEW.result = 'Fail')
    ON CONFLICT (token_id, day) DO UPDATE SET ok = ok + excluded.ok, fail = fail + excluded.fail;
END;
