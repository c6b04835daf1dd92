-- R28: service accounts are logins no person owns. They have no password
-- (an empty hash, which no password verifies), hold no role, never sign in
-- and are activated when created, so their tokens work at once.
-- `contacts` is a JSON array of the organization's person logins who hear
-- about the account's tokens (shared/src/service_accounts.rs).
ALTER TABLE logins ADD COLUMN kind TEXT NOT NULL DEFAULT 'person'
    CHECK (kind IN ('person', 'service'));
ALTER TABLE logins ADD COLUMN description TEXT;
ALTER TABLE logins ADD COLUMN contacts TEXT;
