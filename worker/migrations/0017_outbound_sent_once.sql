-- Notifications that one organization, address or string holder cannot
-- multiply (docs/security.md, "Noisy neighbours"; docs/scale.md, "What
-- bounds each table").

-- Each email the notifications queue sends, by the id it was queued with:
-- a message the queue delivers again (a retried batch, a duplicate) is
-- skipped once its id is sent. A row is claimed before the send and marked
-- after it; a claim whose sender died is taken over after a few minutes.
-- Bounded by the emails of the last week: the daily scheduled run deletes
-- older rows (services::outbound::purge), long after the queue has given
-- up on any message.
CREATE TABLE sent_emails (
    id         TEXT    PRIMARY KEY,
    claimed_at INTEGER NOT NULL,
    sent_at    INTEGER
) WITHOUT ROWID;
CREATE INDEX sent_emails_by_claim ON sent_emails (claimed_at);

-- New-address alerts per token and UTC day: the first few are sent, then
-- one summary, then nothing until the next day (services::recent_addresses).
-- Bounded by one row per token alerted about per day; the daily scheduled
-- run deletes the days before yesterday.
CREATE TABLE new_address_alerts (
    token_id INTEGER NOT NULL,
    day      TEXT    NOT NULL,
    alerts   INTEGER NOT NULL,
    PRIMARY KEY (token_id, day)
) WITHOUT ROWID;
CREATE INDEX new_address_alerts_by_day ON new_address_alerts (day);

-- Until when an organization's webhook is held after its receiver did not
-- answer in time (NULL: not held). A held webhook's deliveries wait instead
-- of each holding the shared queue consumer for the timeout; one attempt
-- probes the receiver when the hold is over (services::webhook).
ALTER TABLE organizations ADD COLUMN webhook_held_until INTEGER;
