-- Token Logs are read newest first. AUTHENTICATE entries are written a
-- moment after their response (in batches, off the response path), so their
-- row ids no longer follow the order things happened in within one second:
-- each entry now carries the worker's clock in milliseconds, and the log is
-- ordered by it.
ALTER TABLE token_logs ADD COLUMN activity_at_ms INTEGER;
UPDATE token_logs SET activity_at_ms = activity_on * 1000;

DROP INDEX token_logs_by_organization;
DROP INDEX token_logs_by_owner;
CREATE INDEX token_logs_by_organization ON token_logs (organization_id, activity_at_ms DESC);
CREATE INDEX token_logs_by_owner ON token_logs (owner_login_id, activity_at_ms DESC);
