//! Slowing down password guessing (R11, R14, R16): each attempt is counted
//! against its keys (shared/src/sign_in_throttle.rs) before any password is
//! checked, in one atomic batch, so parallel guesses cannot slip past a lock
//! that none of them has recorded yet.

use tessera_shared::sign_in_throttle::{
    FIRST_LOCK_SECONDS, FORGET_AFTER_SECONDS, MAX_LOCK_SECONDS, attempt_keys,
};
use worker::D1Database;

use crate::error::{AppError, AppResult};
use crate::store::sign_in_throttle::{self, Counted, Schedule};

const SCHEDULE: Schedule = Schedule {
    first_lock: FIRST_LOCK_SECONDS,
    max_lock: MAX_LOCK_SECONDS,
    forget_after: FORGET_AFTER_SECONDS,
};

/// One password attempt for a login from a client address.
pub struct PasswordAttempt {
    /// The login from this address, the address, the login: each with its free attempts.
    keys: [(String, i64); 3],
}

impl PasswordAttempt {
    pub fn new(email: &str, client_address: &str) -> Self {
        Self {
            keys: attempt_keys(email, client_address),
        }
    }

    /// Counts the attempt; refuses it with `429` and the wait when a key is
    /// waiting. Only an attempt let through here may check a password.
    pub async fn count(&self, db: &D1Database, now: i64) -> AppResult<()> {
        let keys: Vec<Counted> = self
            .keys
            .iter()
            .map(|(key, free)| Counted { key, free: *free })
            .collect();
        match sign_in_throttle::count_attempt(db, &keys, &SCHEDULE, now).await? {
            None => Ok(()),
            Some(locked_until) => Err(AppError::TooManyAttempts {
                retry_after: (locked_until - now).max(1),
            }),
        }
    }

    /// The password was right: the login forgets this address's attempts,
    /// and the wider keys take this one back (a busy office's sign-ins are
    /// not guesses).
    pub async fn succeeded(&self, db: &D1Database) -> AppResult<()> {
        let [(pair, _), (address, address_free), (login, login_free)] = &self.keys;
        sign_in_throttle::run(
            db,
            vec![
                sign_in_throttle::clear(db, pair)?,
                sign_in_throttle::uncount(db, address, *address_free)?,
                sign_in_throttle::uncount(db, login, *login_free)?,
            ],
        )
        .await
    }
}
