-- Every string a token has had, by its SHA-256, so that a leak report of
-- any of them revokes the token (services/tokens/leaks.rs): a string holder who
-- rotates the token to a new string cannot leave the old one reported in
-- vain. The token's row keeps only its current string and the one before.
--
-- Each write that gives a token a string (Generate Token, Rotate Token, a
-- token rotating itself: store/tokens.rs) adds its row in the same batch.
-- Edits and revocations end strings but give none.
-- `issued_at`: unix seconds, the token's `generated_at` then (NULL when
-- not known, for strings from before this table). A token rotating itself
-- is limited per day by its rows here (services/tokens.rs).
--
-- What bounds it: one row per string a person or the token itself made,
-- the token's rotations of itself limited per day. A token's rows go with
-- it (Tessera never deletes tokens, the cascade is for an operator who
-- does); the daily run deletes the rows of tokens revoked for longer than
-- their organization's log retention (services/tokens/leaks.rs).
CREATE TABLE token_string_history (
    secret_hash TEXT    PRIMARY KEY,
    token_id    INTEGER NOT NULL REFERENCES tokens (id) ON DELETE CASCADE,
    issued_at   INTEGER
);
CREATE INDEX token_string_history_by_token ON token_string_history (token_id, issued_at);

-- The strings tokens have now.
INSERT OR IGNORE INTO token_string_history (secret_hash, token_id, issued_at)
SELECT previous_secret_hash, id, NULL FROM tokens WHERE previous_secret_hash IS NOT NULL;
INSERT OR IGNORE INTO token_string_history (secret_hash, token_id, issued_at)
SELECT secret_hash, id, generated_at FROM tokens WHERE secret_hash IS NOT NULL;
