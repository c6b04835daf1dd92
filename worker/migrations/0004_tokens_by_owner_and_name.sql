-- R1: the Access Tokens page reads one login's live tokens a page at a time,
-- by name (case-insensitive) then id. This index holds them in exactly that
-- order, so a page is read by walking the index from the owner's first entry
-- instead of sorting all of the owner's tokens for every request, and the
-- count beside it reads the index alone.
CREATE INDEX tokens_live_by_owner_and_name
    ON tokens (owner_login_id, name COLLATE NOCASE, id) WHERE revoked_at IS NULL;
