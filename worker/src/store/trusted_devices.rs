//! The `trusted_devices` table: browsers a login has signed in from, by the
//! SHA-256 of their device cookie's value.

use serde::Deserialize;
use worker::D1Database;

use super::{delete_bounded, int, text};
use crate::error::AppResult;

/// Devices one login keeps; signing in from another forgets the one used longest ago.
const KEPT_PER_LOGIN: i64 = 10;

/// The email of the login `device_hash` was given to, if it is known.
pub async fn login_email(db: &D1Database, device_hash: &str) -> AppResult<Option<String>> {
    #[derive(Deserialize)]
    struct Row {
        email: String,
    }
    let row: Option<Row> = db
        .prepare(
            "SELECT l.email FROM trusted_devices d JOIN logins l ON l.id = d.login_id \
             WHERE d.device_hash = ?1",
        )
        .bind(&[text(device_hash)])?
        .first(None)
        .await?;
    Ok(row.map(|row| row.email))
}

/// Remembers (or refreshes) `device_hash` as a browser of `login_id`, and
/// forgets the login's devices past the latest `KEPT_PER_LOGIN`.
pub async fn remember(
    db: &D1Database,
    device_hash: &str,
    login_id: i64,
    now: i64,
) -> AppResult<()> {
    let remember = db
        .prepare(
            "INSERT INTO trusted_devices (device_hash, login_id, created_at, last_used_at) \
             VALUES (?1, ?2, ?3, ?3) \
             ON CONFLICT (device_hash) DO UPDATE SET last_used_at = ?3 WHERE login_id = ?2",
        )
        .bind(&[text(device_hash), int(login_id), int(now)])?;
    let trim = db
        .prepare(
            "DELETE FROM trusted_devices WHERE login_id = ?1 AND device_hash NOT IN \
             (SELECT device_hash FROM trusted_devices WHERE login_id = ?1 \
              ORDER BY last_used_at DESC LIMIT ?2)",
        )
        .bind(&[int(login_id), int(KEPT_PER_LOGIN)])?;
    db.batch(vec![remember, trim]).await?;
    Ok(())
}

/// Deletes at most `limit` devices unused since `before`; returns how many went.
pub async fn delete_unused(db: &D1Database, before: i64, limit: i64) -> AppResult<usize> {
    delete_bounded(
        db,
        "DELETE FROM trusted_devices WHERE device_hash IN (SELECT device_hash \
         FROM trusted_devices WHERE last_used_at < ?1 LIMIT ?2)",
        &[int(before), int(limit)],
    )
    .await
}
