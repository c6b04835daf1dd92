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
    activity_on, activity_by_login_id, activity_at_ms) VALUES
    (1, 1, 'Nightly export', 3, 'CREATE', 1764374400, 3, 1764374400000),
    (1, 2, 'Power BI refresh', 3, 'CREATE', 1764374400, 3, 1764374400000),
    (2, 3, 'Other Org integration', 6, 'CREATE', 1764374400, 6, 1764374400000);

-- Records the API serves (migration 0002): each organization's locations,
-- report definitions and a year of monthly readings per location.
INSERT INTO locations (id, organization_id, name, city, country, kind) VALUES
    (1, 1, 'Head Office', 'Sydney', 'Australia', 'Office'),
    (2, 1, 'Distribution Centre', 'Melbourne', 'Australia', 'Warehouse'),
    (3, 1, 'Data Centre', 'Brisbane', 'Australia', 'Data centre'),
    (4, 1, 'Retail Store 12', 'Perth', 'Australia', 'Retail'),
    (5, 2, 'Other Org Plant', 'Auckland', 'New Zealand', 'Factory');

INSERT INTO report_definitions (id, organization_id, name, description, frequency, metric) VALUES
    (1, 1, 'Energy by location', 'Electricity use per location and month', 'Monthly', 'Electricity'),
    (2, 1, 'Water by location', 'Water use per location and month', 'Monthly', 'Water'),
    (3, 2, 'Plant energy', 'Electricity use of the plant', 'Monthly', 'Electricity');

-- 12 months (2025-12 to 2026-11) x each location x electricity and water.
WITH RECURSIVE month_index (n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM month_index WHERE n < 11)
INSERT INTO readings (organization_id, location_id, month, metric, value, unit)
SELECT l.organization_id, l.id,
       strftime('%Y-%m', date('2025-12-01', '+' || m.n || ' months')),
       metric.name,
       ROUND(metric.base * (1 + l.id * 0.35) * (1 + 0.08 * ((m.n * 7 + l.id * 3) % 5)), 1),
       metric.unit
FROM locations l
CROSS JOIN month_index m
CROSS JOIN (SELECT 'Electricity' AS name, 'kWh' AS unit, 18500.0 AS base
            UNION ALL SELECT 'Water', 'kL', 420.0) AS metric
ORDER BY l.id, m.n, metric.name;
