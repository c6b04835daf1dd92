-- Expiry warnings, stale-token revocation, portal notices and the
-- organization webhook (R18, R21).

-- A system administrator's webhook: where deliveries go. Its signing secret
-- is never stored: the worker derives it from its WEBHOOK_SIGNING_KEY
-- secret, the organization and `webhook_secret_version` (bumped to replace
-- it), and shows it once.
ALTER TABLE organizations ADD COLUMN webhook_url TEXT;
ALTER TABLE organizations ADD COLUMN webhook_secret_version INTEGER NOT NULL DEFAULT 0;
-- "Revoke tokens unused for N days": off (NULL) by default.
ALTER TABLE organizations ADD COLUMN stale_after_days INTEGER
    CHECK (stale_after_days BETWEEN 30 AND 365);

-- Each warning once: a token is warned once per kind and per the date the
-- warning is about (its Expiry On, or the day the stale policy would revoke
-- it), however often or concurrently the daily trigger runs. A new Expiry On,
-- or a use that moves the stale date, is a new date to warn about.
CREATE TABLE token_warnings (
    token_id        INTEGER NOT NULL REFERENCES tokens (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    -- expiry_30, expiry_7, expiry_1 or stale_7
    kind            TEXT    NOT NULL CHECK (kind IN ('expiry_30', 'expiry_7', 'expiry_1', 'stale_7')),
    about           TEXT    NOT NULL,
    sent_at         INTEGER NOT NULL,
    PRIMARY KEY (token_id, kind, about)
);

-- What the portal tells a login about its tokens, until it is dismissed.
CREATE TABLE notices (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    login_id        INTEGER NOT NULL REFERENCES logins (id),
    token_id        INTEGER REFERENCES tokens (id),
    message         TEXT    NOT NULL,
    created_at      INTEGER NOT NULL,
    dismissed_at    INTEGER
);
CREATE INDEX notices_of_login ON notices (login_id, created_at DESC) WHERE dismissed_at IS NULL;

-- Each webhook delivery and how its attempts went: shown to the
-- organization's system administrators. The body holds no secret.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    event           TEXT    NOT NULL,
    url             TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- The last attempt's HTTP status, or its error in words.
    last_status     INTEGER,
    last_error      TEXT,
    created_at      INTEGER NOT NULL,
    last_attempt_at INTEGER
);
CREATE INDEX webhook_deliveries_of_organization ON webhook_deliveries (organization_id, id DESC);
