//! The `sign_in_throttle` table: password attempts counted per key (a
//! login from an address, an address, a login) and until when the key must
//! wait. The schedule itself (free attempts, waits) is the caller's.

use worker::D1Database;

use super::{int, text};
use crate::error::AppResult;

/// One key an attempt is counted against.
pub struct Counted<'a> {
    pub key: &'a str,
    /// Attempts it may make before waiting.
    pub free: i64,
}

/// How a key's wait grows, in seconds.
pub struct Schedule {
    pub first_lock: i64,
    pub max_lock: i64,
    /// Attempts older than this many seconds are forgotten.
    pub forget_after: i64,
}

/// The attempt number a key reaches with this attempt, as SQL over the row
/// before it (SQLite evaluates every `SET` over the old row).
const NEXT_ATTEMPTS: &str = "(CASE WHEN last_attempt_at < ?3 THEN 1 ELSE attempts + 1 END)";

/// Counts one attempt against each of `keys`, in one transaction, in
/// order: a key that is waiting refuses the attempt, and the keys after it
/// do not count it. A key reaching its free allowance locks at once, so the
/// attempt that does is the last one checked until the wait is over.
/// Returns `None` when every key let the attempt through, or the latest
/// `locked_until` of the key that refused it.
pub async fn count_attempt(
    db: &D1Database,
    keys: &[Counted<'_>],
    schedule: &Schedule,
    now: i64,
) -> AppResult<Option<i64>> {
    let mut statements = Vec::with_capacity(keys.len());
    for (index, counted) in keys.iter().enumerate() {
        // Earlier keys of this batch that refused: their `refused` is this
        // attempt's, written by their statement just before this one.
        let earlier: Vec<String> = (0..index).map(|i| format!("?{}", 7 + i)).collect();
        let earlier_refused = if earlier.is_empty() {
            "0".to_owned()
        } else {
            format!(
                "EXISTS (SELECT 1 FROM sign_in_throttle WHERE refused = 1 AND key IN ({}))",
                earlier.join(", ")
            )
        };
        let wait = format!(
            "(CASE WHEN {NEXT_ATTEMPTS} < ?4 THEN 0 ELSE MIN(?6, ?5 << MIN({NEXT_ATTEMPTS} - ?4, 20)) END)"
        );
        let sql = format!(
            "INSERT INTO sign_in_throttle (key, attempts, last_attempt_at, locked_until, refused) \
             SELECT ?1, 1, ?2, CASE WHEN 1 < ?4 THEN 0 ELSE ?2 + ?5 END, 0 WHERE NOT {earlier_refused} \
             ON CONFLICT (key) DO UPDATE SET \
             refused = (locked_until > ?2), \
             attempts = CASE WHEN locked_until > ?2 THEN attempts ELSE {NEXT_ATTEMPTS} END, \
             last_attempt_at = CASE WHEN locked_until > ?2 THEN last_attempt_at ELSE ?2 END, \
             locked_until = CASE WHEN locked_until > ?2 THEN locked_until ELSE ?2 + {wait} END \
             RETURNING refused, locked_until"
        );
        let mut binds = vec![
            text(counted.key),
            int(now),
            int(now - schedule.forget_after),
            int(counted.free),
            int(schedule.first_lock),
            int(schedule.max_lock),
        ];
        binds.extend(keys[..index].iter().map(|earlier| text(earlier.key)));
        statements.push(db.prepare(sql).bind(&binds)?);
    }
    #[derive(serde::Deserialize)]
    struct Outcome {
        refused: i64,
        locked_until: i64,
    }
    for result in db.batch(statements).await? {
        // A key that did not count the attempt returns no row: an earlier
        // key refused it, and that key's row said until when.
        if let Some(outcome) = result.results::<Outcome>()?.into_iter().next()
            && outcome.refused == 1
        {
            return Ok(Some(outcome.locked_until));
        }
    }
    Ok(None)
}

/// Forgets `key` entirely: its owner has just proved the password.
pub fn clear(db: &D1Database, key: &str) -> AppResult<worker::D1PreparedStatement> {
    Ok(db
        .prepare("DELETE FROM sign_in_throttle WHERE key = ?1")
        .bind(&[text(key)])?)
}

/// Takes back one counted attempt of `key` that turned out to be right,
/// and the lock it brought if it was the one that reached the allowance.
pub fn uncount(db: &D1Database, key: &str, free: i64) -> AppResult<worker::D1PreparedStatement> {
    Ok(db
        .prepare(
            "UPDATE sign_in_throttle SET attempts = MAX(attempts - 1, 0), \
             locked_until = CASE WHEN attempts - 1 < ?2 THEN 0 ELSE locked_until END \
             WHERE key = ?1",
        )
        .bind(&[text(key), int(free)])?)
}

/// Runs the statements of a success in one transaction.
pub async fn run(db: &D1Database, statements: Vec<worker::D1PreparedStatement>) -> AppResult<()> {
    db.batch(statements).await?;
    Ok(())
}
