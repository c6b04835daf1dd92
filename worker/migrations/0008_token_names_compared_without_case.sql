-- R16: token names that look the same are the same name. A name is unique
-- among its owner's live tokens whatever its case (`Nightly` is `nightly`):
-- `name_key` is the name lower-cased, written by the worker with every name
-- (shared TokenName::key), and the unique index moves onto it.
--
-- Existing clashes are kept, not lost: of the live tokens of one owner whose
-- names differ only in case, the oldest keeps its name and each later one
-- is renamed "<name> (<id>)", with an UPDATE entry in Token Logs saying why.
-- The rename does not invalidate its token string (a person did not change
-- the token; its scripts keep working). SQLite's lower() folds ASCII letters
-- only; a name written before this migration with other capitals gets the
-- worker's full key when it is next edited.
ALTER TABLE tokens ADD COLUMN name_key TEXT;
UPDATE tokens SET name_key = lower(name);

INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity,
                        activity_on, activity_by_login_id, detail, activity_at_ms)
SELECT organization_id, id, name || ' (' || id || ')', owner_login_id, 'UPDATE',
       CAST(strftime('%s', 'now') AS INTEGER), NULL,
       'renamed from "' || name || '": names now differ by more than case',
       CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM tokens
WHERE revoked_at IS NULL AND EXISTS (
    SELECT 1 FROM tokens older
    WHERE older.owner_login_id = tokens.owner_login_id AND older.revoked_at IS NULL
      AND older.name_key = tokens.name_key AND older.id < tokens.id);

UPDATE tokens
SET name = name || ' (' || id || ')', name_key = lower(name || ' (' || id || ')')
WHERE revoked_at IS NULL AND EXISTS (
    SELECT 1 FROM tokens older
    WHERE older.owner_login_id = tokens.owner_login_id AND older.revoked_at IS NULL
      AND older.name_key = tokens.name_key AND older.id < tokens.id);

DROP INDEX tokens_live_name;
CREATE UNIQUE INDEX tokens_live_name ON tokens (owner_login_id, name_key) WHERE revoked_at IS NULL;

-- A row written by SQL alone (the demo data, a test's or the bench's seed)
-- gets its key here; the worker always writes the full key itself.
CREATE TRIGGER tokens_name_key_by_default AFTER INSERT ON tokens
WHEN NEW.name_key IS NULL
BEGIN
    UPDATE tokens SET name_key = lower(NEW.name) WHERE id = NEW.id;
END;
