-- Usage detail (R22): each AUTHENTICATE entry keeps where the request
-- came from (the client address as the runtime saw it, and its country
-- when the runtime knows it), what it was (its user agent, trimmed, and
-- its method and path), so that Token Logs can show and filter them.
ALTER TABLE token_logs ADD COLUMN client_address TEXT;
ALTER TABLE token_logs ADD COLUMN client_country TEXT;
ALTER TABLE token_logs ADD COLUMN user_agent TEXT;
ALTER TABLE token_logs ADD COLUMN endpoint TEXT;
