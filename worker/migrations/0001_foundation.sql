-- Tessera's system of record. Times are Unix seconds (UTC); booleans are 0/1.

CREATE TABLE organizations (
    id                      INTEGER PRIMARY KEY,
    name                    TEXT    NOT NULL UNIQUE,
    -- R11: Basic authentication on the API is off until a system administrator turns it on.
    basic_auth_enabled      INTEGER NOT NULL DEFAULT 0 CHECK (basic_auth_enabled IN (0, 1)),
    -- NULL: no maximum token lifetime.
    max_token_lifetime_days INTEGER CHECK (max_token_lifetime_days > 0),
    created_at              INTEGER NOT NULL
);

CREATE TABLE logins (
    id                  INTEGER PRIMARY KEY,
    organization_id     INTEGER NOT NULL REFERENCES organizations (id),
    display_name        TEXT    NOT NULL,
    -- The sign-in name: trimmed and lower-cased by EmailAddress::parse before it gets here.
    email               TEXT    NOT NULL UNIQUE,
    -- pbkdf2_sha256$<iterations>$<salt>$<hash>, never the password itself.
    password_hash       TEXT    NOT NULL,
    system_admin        INTEGER NOT NULL DEFAULT 0 CHECK (system_admin IN (0, 1)),
    token_admin_role    INTEGER NOT NULL DEFAULT 0 CHECK (token_admin_role IN (0, 1)),
    personal_token_role INTEGER NOT NULL DEFAULT 0 CHECK (personal_token_role IN (0, 1)),
    -- R10: set by the first successful web sign-in, never cleared.
    activated_at        INTEGER,
    disabled            INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at          INTEGER NOT NULL,
    -- R8: only a system administrator can hold the API Token Admin Role.
    CHECK (token_admin_role = 0 OR system_admin = 1)
);
CREATE INDEX logins_by_organization ON logins (organization_id);

CREATE TABLE tokens (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    owner_login_id  INTEGER NOT NULL REFERENCES logins (id),
    name            TEXT    NOT NULL,
    scope_meta      INTEGER NOT NULL CHECK (scope_meta IN (0, 1)),
    scope_report    INTEGER NOT NULL CHECK (scope_report IN (0, 1)),
    -- YYYY-MM-DD, the last day the token works; NULL: never expires.
    expiry_on       TEXT,
    -- SHA-256 of the current token string, hex; NULL until generated and after
    -- any edit. Kept on revocation so that a revoked string's use is attributed.
    secret_hash     TEXT,
    -- A short non-secret reminder of the current string, shown in the grid.
    secret_hint     TEXT,
    -- Bumped by every change: optimistic concurrency for edits (R6).
    version         INTEGER NOT NULL DEFAULT 1,
    revoked_at      INTEGER,
    created_at      INTEGER NOT NULL,
    created_by      INTEGER NOT NULL REFERENCES logins (id),
    updated_at      INTEGER NOT NULL,
    updated_by      INTEGER NOT NULL REFERENCES logins (id),
    generated_at    INTEGER,
    generated_by    INTEGER REFERENCES logins (id),
    last_used_at    INTEGER,
    CHECK (scope_meta + scope_report > 0)
);
-- A name is unique among the owner's live tokens only: a revoked name may be reused.
CREATE UNIQUE INDEX tokens_live_name ON tokens (owner_login_id, name) WHERE revoked_at IS NULL;
-- The one indexed read every API request makes (R5).
CREATE UNIQUE INDEX tokens_by_secret_hash ON tokens (secret_hash) WHERE secret_hash IS NOT NULL;
CREATE INDEX tokens_by_organization ON tokens (organization_id) WHERE revoked_at IS NULL;

CREATE TABLE token_logs (
    id                   INTEGER PRIMARY KEY,
    -- NULL only for an AUTHENTICATE with a well-formed string that matches no
    -- token: kept for operators, shown to no organization.
    organization_id      INTEGER REFERENCES organizations (id),
    token_id             INTEGER REFERENCES tokens (id),
    token_name           TEXT    NOT NULL,
    owner_login_id       INTEGER REFERENCES logins (id),
    activity             TEXT    NOT NULL
        CHECK (activity IN ('CREATE', 'GENERATE', 'UPDATE', 'REVOKE', 'AUTHENTICATE')),
    activity_on          INTEGER NOT NULL,
    -- The acting login; NULL for AUTHENTICATE, which the API client performs.
    activity_by_login_id INTEGER REFERENCES logins (id),
    -- OK / Fail for AUTHENTICATE, NULL otherwise.
    result               TEXT CHECK (result IN ('OK', 'Fail')),
    -- Why an AUTHENTICATE failed, in words; never any secret.
    detail               TEXT
);
CREATE INDEX token_logs_by_organization ON token_logs (organization_id, activity_on DESC);
CREATE INDEX token_logs_by_owner ON token_logs (owner_login_id, activity_on DESC);

-- R14: repeated failed sign-ins are slowed down, per email address and per client address.
CREATE TABLE sign_in_throttle (
    key             TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL,
    last_failure_at INTEGER NOT NULL,
    locked_until    INTEGER NOT NULL
);
