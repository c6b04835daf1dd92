-- R30: an audit stream may go to a Splunk HTTP Event Collector instead of a
-- signed-NDJSON receiver. Its HEC token is kept sealed (AES-256-GCM under a
-- key derived from WEBHOOK_SIGNING_KEY: worker/src/sealed.rs), never in clear.
ALTER TABLE audit_streams ADD COLUMN kind TEXT NOT NULL DEFAULT 'webhook'
    CHECK (kind IN ('webhook', 'splunk_hec'));
ALTER TABLE audit_streams ADD COLUMN splunk_token_sealed TEXT;
