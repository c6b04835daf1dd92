//! The `sign_in_throttle` table: password attempts counted per key (a
//! login from an address, an address, a login, a trusted browser) and until
//! when the key must wait. The schedule itself (free attempts, waits) is
//! the caller's.

use worker::D1Database;

use super::{delete_bounded, int, text};
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
const NEXT_ATTEMPTS: &str = "(CASE WHEN last_attempt_at < ?2 THEN 1 ELSE attempts + 1 END)";

/// Counts one attempt against every one of `keys`, or against none: when
/// any key is waiting, the attempt is refused and nothing is written (no
/// key before or after it is created or counted), so a refused flood adds
/// no rows. A key reaching its free allowance locks at once, so the attempt
/// that does is the last one checked until the wait is over. Returns `None`
/// when the attempt was counted, or the latest `locked_until` of the keys
/// that refused it.
///
/// Two statements of one batch, one transaction: the first reads the waits,
/// the second counts all keys at once under the same condition (SQLite
/// evaluates its uncorrelated `NOT EXISTS` once, before the first row is
/// written, so a key this attempt locks does not refuse its own other keys).
pub async fn count_attempt(
    db: &D1Database,
    keys: &[Counted<'_>],
    schedule: &Schedule,
    now: i64,
) -> AppResult<Option<i64>> {
    let mut binds = vec![
        int(now),
        int(now - schedule.forget_after),
        int(schedule.first_lock),
        int(schedule.max_lock),
    ];
    for counted in keys {
        binds.push(text(counted.key));
        binds.push(int(counted.free));
    }
    let mut refusing_binds = vec![int(now)];
    refusing_binds.extend(keys.iter().map(|counted| text(counted.key)));
    let (refusing, counting) = count_attempt_sql(keys.len());
    let refusing = db.prepare(refusing).bind(&refusing_binds)?;
    let counting = db.prepare(counting).bind(&binds)?;
    #[derive(serde::Deserialize)]
    struct Refusing {
        locked_until: Option<i64>,
    }
    let results = db.batch(vec![refusing, counting]).await?;
    let locked_until = results
        .first()
        .map(|result| result.results::<Refusing>())
        .transpose()?
        .and_then(|rows| rows.into_iter().next())
        .and_then(|row| row.locked_until);
    Ok(locked_until)
}

/// `count_attempt`'s two statements for `keys` keys: the latest wait of
/// the keys refusing the attempt (?1 now, then each key), and the count
/// (?1 now, ?2 forgotten before, ?3 first lock, ?4 max lock, then each key
/// and its free attempts).
fn count_attempt_sql(keys: usize) -> (String, String) {
    let key_params: Vec<String> = (0..keys).map(|i| format!("?{}", 5 + 2 * i)).collect();
    let key_list = key_params.join(", ");
    let values: Vec<String> = (0..keys)
        .map(|i| format!("(?{}, ?{})", 5 + 2 * i, 6 + 2 * i))
        .collect();
    let waiting =
        format!("SELECT key FROM sign_in_throttle WHERE key IN ({key_list}) AND locked_until > ?1");
    // D1 wants exactly the parameters a statement names: this one has its own.
    let own_keys: Vec<String> = (0..keys).map(|i| format!("?{}", 2 + i)).collect();
    let refusing = format!(
        "SELECT MAX(locked_until) AS locked_until FROM sign_in_throttle \
         WHERE key IN ({}) AND locked_until > ?1",
        own_keys.join(", ")
    );
    let wait = format!(
        "(CASE WHEN {NEXT_ATTEMPTS} < free THEN 0 ELSE MIN(?4, ?3 << MIN({NEXT_ATTEMPTS} - free, 20)) END)"
    );
    let counting = format!(
        "WITH counted (key, free) AS (VALUES {values}) \
         INSERT INTO sign_in_throttle (key, free, attempts, last_attempt_at, locked_until) \
         SELECT key, free, 1, ?1, CASE WHEN 1 < free THEN 0 ELSE ?1 + ?3 END FROM counted \
         WHERE NOT EXISTS ({waiting}) \
         ON CONFLICT (key) DO UPDATE SET \
         attempts = {NEXT_ATTEMPTS}, last_attempt_at = ?1, locked_until = ?1 + {wait}",
        values = values.join(", "),
    );
    (refusing, counting)
}

/// Forgets `key` entirely: its owner has just proved the password.
pub fn clear(db: &D1Database, key: &str) -> AppResult<worker::D1PreparedStatement> {
    Ok(db.prepare(CLEAR).bind(&[text(key)])?)
}

/// Takes back one counted attempt of `key` that turned out to be right,
/// and the lock it brought if it was the one that reached the allowance.
pub fn uncount(db: &D1Database, key: &str) -> AppResult<worker::D1PreparedStatement> {
    Ok(db.prepare(UNCOUNT).bind(&[text(key)])?)
}

const CLEAR: &str = "DELETE FROM sign_in_throttle WHERE key = ?1";

const UNCOUNT: &str = "UPDATE sign_in_throttle SET attempts = MAX(attempts - 1, 0), \
     locked_until = CASE WHEN attempts - 1 < free THEN 0 ELSE locked_until END \
     WHERE key = ?1";

/// Runs the statements of a success in one transaction.
pub async fn run(db: &D1Database, statements: Vec<worker::D1PreparedStatement>) -> AppResult<()> {
    db.batch(statements).await?;
    Ok(())
}

/// Deletes at most `limit` keys that count as absent at `now`: their last
/// attempt is older than `forget_after` seconds and no wait is left.
/// Returns how many went.
pub async fn delete_forgotten(
    db: &D1Database,
    now: i64,
    forget_after: i64,
    limit: i64,
) -> AppResult<usize> {
    delete_bounded(
        db,
        "DELETE FROM sign_in_throttle WHERE key IN (SELECT key FROM sign_in_throttle \
         WHERE last_attempt_at < ?1 AND locked_until <= ?2 LIMIT ?3)",
        &[int(now - forget_after), int(now), int(limit)],
    )
    .await
}

#[cfg(test)]
mod tests;
