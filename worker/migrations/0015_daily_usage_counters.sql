-- Usage at a glance (issue 13): each token's requests per day, OK and Fail
-- apart. The detail panel's 30-day chart, Token Inventory's spark lines
-- and the week's busiest and most-failing tokens read these few rows,
-- never Token Logs. Every AUTHENTICATE attributed to a token is counted
-- here in the batch that records it (whether or not Token Logs keeps its
-- line), one upsert per token and day of the batch; the daily run deletes
-- the days no chart shows any more.
CREATE TABLE token_usage_days (
    token_id        INTEGER NOT NULL REFERENCES tokens (id),
    -- Days since 1970-01-01, in UTC.
    day             INTEGER NOT NULL,
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    ok              INTEGER NOT NULL DEFAULT 0,
    fail            INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (token_id, day)
);

-- The week's leaders and the retention run read one organization's days.
CREATE INDEX token_usage_days_by_organization ON token_usage_days (organization_id, day);
