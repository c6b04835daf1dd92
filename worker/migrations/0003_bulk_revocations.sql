-- R13: one row per bulk revocation from the token inventory. The CHECK makes
-- a bulk revocation all-or-nothing: the batch that revokes the tokens
-- records how many it was asked to revoke and how many it did, and if they
-- differ (a token already revoked, or not the organization's) the row is
-- refused and the whole batch rolls back.
CREATE TABLE bulk_revocations (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    revoked_by      INTEGER NOT NULL REFERENCES logins (id),
    revoked_at      INTEGER NOT NULL,
    requested       INTEGER NOT NULL,
    revoked         INTEGER NOT NULL,
    CHECK (revoked = requested)
);
