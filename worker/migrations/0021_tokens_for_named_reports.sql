-- R29: a token may be limited to the reports whose names match its patterns
-- (shared/src/report_patterns.rs): a JSON array of checked patterns, or NULL
-- for every report. The token check reads it in its one statement.
ALTER TABLE tokens ADD COLUMN report_patterns TEXT;
