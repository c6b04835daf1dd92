//! The `sign_in_throttle` table: consecutive failed sign-ins per key
//! (an email address or a client address) and until when the key must wait.

use worker::D1Database;

use super::{int, text};
use crate::error::AppResult;

/// Until when `key` must wait, if it has ever failed.
pub async fn locked_until(db: &D1Database, key: &str) -> AppResult<Option<i64>> {
    let statement = db
        .prepare("SELECT locked_until FROM sign_in_throttle WHERE key = ?1")
        .bind(&[text(key)])?;
    Ok(statement.first(Some("locked_until")).await?)
}

/// Counts one more failure for `key` in a single atomic statement, starting
/// again from one when the previous failure is older than `forget_before`.
/// Returns the count.
pub async fn record_failure(
    db: &D1Database,
    key: &str,
    now: i64,
    forget_before: i64,
) -> AppResult<i64> {
    let statement = db
        .prepare(
            "INSERT INTO sign_in_throttle (key, failures, last_failure_at, locked_until) \
             VALUES (?1, 1, ?2, 0) ON CONFLICT (key) DO UPDATE SET \
             failures = CASE WHEN last_failure_at < ?3 THEN 1 ELSE failures + 1 END, \
             last_failure_at = ?2 \
             RETURNING failures",
        )
        .bind(&[text(key), int(now), int(forget_before)])?;
    Ok(statement.first(Some("failures")).await?.unwrap_or(1))
}

pub async fn lock(db: &D1Database, key: &str, until: i64) -> AppResult<()> {
    db.prepare("UPDATE sign_in_throttle SET locked_until = MAX(locked_until, ?2) WHERE key = ?1")
        .bind(&[text(key), int(until)])?
        .run()
        .await?;
    Ok(())
}

pub async fn clear(db: &D1Database, key: &str) -> AppResult<()> {
    db.prepare("DELETE FROM sign_in_throttle WHERE key = ?1")
        .bind(&[text(key)])?
        .run()
        .await?;
    Ok(())
}
