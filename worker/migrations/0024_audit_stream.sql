-- R30: the audit stream. Every Token Logs entry and every policy or role
-- change of an organization with a stream goes into `audit_outbox`, in
-- the same transaction as what it records, numbered by one sequence
-- (`seq`): the stream delivers it from the organization's cursor
-- (`audit_streams.delivered_seq`), at least once and in order, then
-- deletes what the destination accepted. Organizations without a stream
-- add nothing (the triggers' EXISTS reads one primary key).
ALTER TABLE token_logs ADD COLUMN token_hash TEXT;

CREATE TABLE audit_streams (
    organization_id INTEGER PRIMARY KEY REFERENCES organizations (id),
    url             TEXT    NOT NULL,
    -- The signing secret is derived from WEBHOOK_SIGNING_KEY, the
    -- organization and this version; never stored.
    secret_version  INTEGER NOT NULL DEFAULT 1,
    -- The last event the destination accepted.
    delivered_seq   INTEGER NOT NULL DEFAULT 0,
    failures        INTEGER NOT NULL DEFAULT 0,
    -- Unix seconds: no attempt before then (after a failure).
    retry_at        INTEGER,
    failing_since   INTEGER,
    last_error      TEXT,
    last_delivered_at INTEGER,
    -- Whether the system administrators were told it has failed for an hour.
    failing_told    INTEGER NOT NULL DEFAULT 0 CHECK (failing_told IN (0, 1))
) WITHOUT ROWID;

-- AUTOINCREMENT: a delivered batch is deleted, and without it SQLite
-- would give the next event the number of a deleted one, below a cursor
-- that has passed it, and the event would never be sent.
CREATE TABLE audit_outbox (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    at_ms           INTEGER NOT NULL,
    -- The event as a JSON object, without its id (`seq`).
    event           TEXT    NOT NULL
);
CREATE INDEX audit_outbox_by_organization ON audit_outbox (organization_id, seq);

CREATE TRIGGER audit_from_token_logs AFTER INSERT ON token_logs
WHEN NEW.organization_id IS NOT NULL
    AND EXISTS (SELECT 1 FROM audit_streams WHERE organization_id = NEW.organization_id)
BEGIN
    INSERT INTO audit_outbox (organization_id, at_ms, event)
    VALUES (NEW.organization_id, coalesce(NEW.activity_at_ms, NEW.activity_on * 1000), json_object(
        'type', 'token_log',
        'entry_id', NEW.id,
        'activity', NEW.activity,
        'token_id', NEW.token_id,
        'token_name', NEW.token_name,
        'owner_login_id', NEW.owner_login_id,
        'actor_login_id', NEW.activity_by_login_id,
        'actor', NEW.activity_by,
        'result', NEW.result,
        'detail', NEW.detail,
        'client_address', NEW.client_address,
        'endpoint', NEW.endpoint,
        'token_hash', NEW.token_hash));
END;
