//! Slowing down password guessing (R11, R14): failures are counted per key
//! (an email address, a client address) in D1, and a key past its free
//! failures must wait, doubling, before its next attempt is even checked.

use tessera_shared::sign_in_throttle::{FORGET_AFTER_SECONDS, lock_seconds_after};
use worker::D1Database;

use crate::error::{AppError, AppResult};
use crate::store::sign_in_throttle;

/// A throttled key and the failures it may make before waiting.
pub struct ThrottleKey {
    pub key: String,
    pub free_failures: i64,
}

/// Refuses with `429` and the wait when any key is locked.
pub async fn check(db: &D1Database, keys: &[ThrottleKey], now: i64) -> AppResult<()> {
    for key in keys {
        if let Some(until) = sign_in_throttle::locked_until(db, &key.key).await? {
            if until > now {
                return Err(AppError::TooManyAttempts {
                    retry_after: until - now,
                });
            }
        }
    }
    Ok(())
}

/// Counts one failure against every key, locking those past their free failures.
pub async fn record_failure(db: &D1Database, keys: &[ThrottleKey], now: i64) -> AppResult<()> {
    for key in keys {
        let failures =
            sign_in_throttle::record_failure(db, &key.key, now, now - FORGET_AFTER_SECONDS).await?;
        let wait = lock_seconds_after(failures, key.free_failures);
        if wait > 0 {
            sign_in_throttle::lock(db, &key.key, now + wait).await?;
        }
    }
    Ok(())
}

/// A success forgets the key's failures.
pub async fn clear(db: &D1Database, key: &ThrottleKey) -> AppResult<()> {
    sign_in_throttle::clear(db, &key.key).await
}
