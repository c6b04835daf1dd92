-- R16: a password attempt is counted before its password is checked, in one
-- statement that also decides whether the attempt may go ahead, so parallel
-- guesses cannot all read "not locked" before any of them is recorded.
-- `refused` is what that statement decided for the latest attempt: the
-- next key's statement in the same batch reads it, so an attempt refused by
-- one key is not counted against the keys after it. The keys changed shape
-- (login and address together; see shared/src/sign_in_throttle.rs), so the
-- old counts are dropped: at worst a guesser gets one fresh allowance.
DROP TABLE sign_in_throttle;
CREATE TABLE sign_in_throttle (
    key             TEXT    PRIMARY KEY,
    attempts        INTEGER NOT NULL,
    last_attempt_at INTEGER NOT NULL,
    locked_until    INTEGER NOT NULL,
    refused         INTEGER NOT NULL DEFAULT 0 CHECK (refused IN (0, 1))
);
