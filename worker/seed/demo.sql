-- Demo data of SPEC.md, for local development and tests only: `make dev`
-- and the test harness load it; no deployment ever does.
-- Every demo login's password is correct-horse-battery.

INSERT INTO organizations (id, name, created_at) VALUES
    (1, 'Demo Org', 1764374400),
    (2, 'Other Org', 1764374400);

INSERT INTO logins (id, organization_id, display_name, email, password_hash,
    system_admin, token_admin_role, personal_token_role, activated_at, created_at) VALUES
    (1, 1, 'Sys Admin', 'sysadmin@demo.example', 'pbkdf2_sha256$100000$By9LmiA4DvKagMN9HB2C+Q==$1V2iEldUmrHceobxIotoromITDyzqvqL/nCibUoTvdk=', 1, 1, 1, 1764374400, 1764374400),
    (2, 1, 'Sam Sysadmin', 'sam@demo.example', 'pbkdf2_sha256$100000$Ctzf4TncYbaencJ3o73kgw==$CfegfSdbW5N4vL2E1nAgDJUDSwYR5QJhfyKSpz9bTgY=', 1, 0, 0, 1764374400, 1764374400),
    (3, 1, 'Alice Analyst', 'alice@demo.example', 'pbkdf2_sha256$100000$IlJC/U45e+DuJ/m1YAd1sQ==$Ddbyuu5KS99BSdDZjiJYk6eRq8Bmmm5gwypOraTPxWk=', 0, 0, 1, 1764374400, 1764374400),
    (4, 1, 'Bob Builder', 'bob@demo.example', 'pbkdf2_sha256$100000$XzySNHB1nPUufUjQQPW9sw==$BqrUX1g8X/LEkz9b88qWfUoHuoRo5fUJkksu9g0/sdw=', 0, 0, 1, NULL, 1764374400),
    (5, 1, 'Dave Developer', 'dave@demo.example', 'pbkdf2_sha256$100000$3wadJ/67l1v76r98LRhZTg==$GyoFbd6U3yGw7XKh0+/RFF6ACCyb+a79ouc4SI8xy78=', 0, 0, 0, 1764374400, 1764374400),
    (6, 2, 'Olga Other', 'admin@other.example', 'pbkdf2_sha256$100000$WwdyPpDQTMkdwzvkLwSsRw==$6OFLkvIcBKHo06/WCantIdin/QtdfELxKVm1dADL+qU=', 1, 1, 1, 1764374400, 1764374400);

-- Alice's two tokens and Other Org's one, not generated yet: a token string
-- exists only once someone generates it.
INSERT INTO tokens (id, organization_id, owner_login_id, name, scope_meta, scope_report,
    expiry_on, created_at, created_by, updated_at, updated_by) VALUES
    (1, 1, 3, 'Nightly export', 0, 1, NULL, 1764374400, 3, 1764374400, 3),
    (2, 1, 3, 'Power BI refresh', 1, 1, '2027-06-30', 1764374400, 3, 1764374400, 3),
    (3, 2, 6, 'Other Org integration', 1, 1, NULL, 1764374400, 6, 1764374400, 6);

INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity,
    activity_on, activity_by_login_id) VALUES
    (1, 1, 'Nightly export', 3, 'CREATE', 1764374400, 3),
    (1, 2, 'Power BI refresh', 3, 'CREATE', 1764374400, 3),
    (2, 3, 'Other Org integration', 6, 'CREATE', 1764374400, 6);
