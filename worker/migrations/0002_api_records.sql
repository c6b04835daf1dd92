-- The organization's records that tokens unlock (R5): its setup under
-- /api/meta (Meta Record scope) and its report data under /api/data
-- (Report Record scope).

CREATE TABLE locations (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    name            TEXT    NOT NULL,
    city            TEXT    NOT NULL,
    country         TEXT    NOT NULL,
    kind            TEXT    NOT NULL
);
CREATE INDEX locations_by_organization ON locations (organization_id, id);

CREATE TABLE report_definitions (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    name            TEXT    NOT NULL,
    description     TEXT    NOT NULL,
    frequency       TEXT    NOT NULL
);
CREATE INDEX report_definitions_by_organization ON report_definitions (organization_id, id);

CREATE TABLE readings (
    id              INTEGER PRIMARY KEY,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    location_id     INTEGER NOT NULL REFERENCES locations (id),
    -- YYYY-MM
    month           TEXT    NOT NULL,
    metric          TEXT    NOT NULL,
    value           REAL    NOT NULL,
    unit            TEXT    NOT NULL
);
-- Pages of /api/data walk this index in id order.
CREATE INDEX readings_by_organization ON readings (organization_id, id);
