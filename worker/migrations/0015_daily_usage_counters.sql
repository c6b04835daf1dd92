-- Usage at a glance (R22): each token's requests per day, OK and Fail
-- apart. The detail panel's 30-day chart, Token Inventory's spark lines
-- and the week's busiest and most-failing tokens read these few rows,
-- never Token Logs. The daily run deletes the days no chart shows any more.
CREATE TABLE token_usage_days (
    token_id        INTEGER NOT NULL REFERENCES tokens (id),
    -- Days since 1970-01-01, in UTC.
    day             INTEGER NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    ok              INTEGER NOT NULL DEFAULT 0,
    fail            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (token_id, day)
);

-- The week's leaders and the retention run read one organization's days.
CREATE INDEX token_usage_days_by_organization ON token_usage_days (organization_id, day);

-- The counters are kept by the database as each AUTHENTICATE attributed to
-- a token is recorded, in the same statement and so in the same batch:
-- as durable as the entry, with no statement of their own for the worker
-- to send. An entry is either a Token Logs
-- line or, past the log's budget, a step of its hour's count
-- (authentication_counts, token_id 0 when no token); both feed the day.
CREATE TRIGGER token_usage_days_from_lines AFTER INSERT ON token_logs
WHEN NEW.activity = 'AUTHENTICATE' AND NEW.token_id IS NOT NULL
BEGIN
    INSERT INTO token_usage_days (token_id, day, organization_id, ok, fail)
    VALUES (NEW.token_id, NEW.activity_on / 86400, NEW.organization_id,
            NEW.result = 'OK', NEW.result = 'Fail')
    ON CONFLICT (token_id, day) DO UPDATE SET ok = ok + excluded.ok, fail = fail + excluded.fail;
END;

CREATE TRIGGER token_usage_days_from_new_counts AFTER INSERT ON authentication_counts
WHEN NEW.token_id > 0
BEGIN
    INSERT INTO token_usage_days (token_id, day, organization_id, ok, fail)
    VALUES (NEW.token_id, NEW.hour / 86400, NEW.organization_id, NEW.ok, NEW.fail)
    ON CONFLICT (token_id, day) DO UPDATE SET ok = ok + excluded.ok, fail = fail + excluded.fail;
END;

CREATE TRIGGER token_usage_days_from_counts AFTER UPDATE OF ok, fail ON authentication_counts
WHEN NEW.token_id > 0
BEGIN
    INSERT INTO token_usage_days (token_id, day, organization_id, ok, fail)
    VALUES (NEW.token_id, NEW.hour / 86400, NEW.organization_id,
            NEW.ok - OLD.ok, NEW.fail - OLD.fail)
    ON CONFLICT (token_id, day) DO UPDATE SET ok = ok + excluded.ok, fail = fail + excluded.fail;
END;
