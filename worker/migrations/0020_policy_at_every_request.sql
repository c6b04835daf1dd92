-- R26: the organization's token policy holds at every request
-- (shared/src/policy.rs). The maximum lifetime was already here
-- (max_token_lifetime_days); these are the other rules. The token check
-- reads them in its one statement, joined by the organization's key.
ALTER TABLE organizations ADD COLUMN policy_expiry_required INTEGER NOT NULL DEFAULT 0
    CHECK (policy_expiry_required IN (0, 1));
ALTER TABLE organizations ADD COLUMN policy_scope_meta INTEGER NOT NULL DEFAULT 1
    CHECK (policy_scope_meta IN (0, 1));
ALTER TABLE organizations ADD COLUMN policy_scope_report INTEGER NOT NULL DEFAULT 1
    CHECK (policy_scope_report IN (0, 1));
ALTER TABLE organizations ADD COLUMN policy_allowlist_required INTEGER NOT NULL DEFAULT 0
    CHECK (policy_allowlist_required IN (0, 1));
