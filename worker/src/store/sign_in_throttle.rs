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
mod tests {
    use rusqlite::types::Value;
    use rusqlite::{Connection, params_from_iter};
    use tessera_shared::sign_in_throttle::{
        FIRST_LOCK_SECONDS, FORGET_AFTER_SECONDS, MAX_LOCK_SECONDS, lock_seconds_after,
    };

    use super::*;
    use crate::store::test_database;

    const NOW: i64 = 1_795_953_600;
    const PAIR: (&str, i64) = ("login:alice@demo.example|address:203.0.113.7", 5);
    const ADDRESS: (&str, i64) = ("address:203.0.113.7", 20);

    /// One attempt against `keys` at `now`, as `count_attempt` makes it:
    /// `None` when counted, or until when a key refuses it.
    fn attempt(db: &Connection, keys: &[(&str, i64)], now: i64) -> Option<i64> {
        let (refusing, counting) = count_attempt_sql(keys.len());
        let tx = db.unchecked_transaction().expect("a transaction");
        let refusing_params = std::iter::once(Value::from(now))
            .chain(keys.iter().map(|(key, _)| Value::from(key.to_string())));
        let locked_until: Option<i64> = tx
            .query_row(&refusing, params_from_iter(refusing_params), |row| {
                row.get(0)
            })
            .expect("the refusing keys read");
        let mut counting_params = vec![
            Value::from(now),
            Value::from(now - FORGET_AFTER_SECONDS),
            Value::from(FIRST_LOCK_SECONDS),
            Value::from(MAX_LOCK_SECONDS),
        ];
        for (key, free) in keys {
            counting_params.push(Value::from(key.to_string()));
            counting_params.push(Value::from(*free));
        }
        tx.execute(&counting, params_from_iter(counting_params))
            .expect("the attempt counted");
        tx.commit().expect("committed");
        locked_until
    }

    /// `(attempts, seconds left to wait)` of `key` at `now`, if it has a row.
    fn row(db: &Connection, key: &str, now: i64) -> Option<(i64, i64)> {
        db.query_row(
            "SELECT attempts, MAX(locked_until - ?2, 0) FROM sign_in_throttle WHERE key = ?1",
            (key, now),
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .ok()
    }

    #[test]
    fn five_attempts_are_free_and_the_fifth_locks_for_30_seconds_r14() {
        let db = test_database::with_demo_data();
        for i in 0..4 {
            assert_eq!(attempt(&db, &[PAIR], NOW + i), None);
            assert_eq!(
                row(&db, PAIR.0, NOW + i),
                Some((i + 1, 0)),
                "attempt {}",
                i + 1
            );
        }
        assert_eq!(attempt(&db, &[PAIR], NOW + 4), None, "the fifth is checked");
        assert_eq!(row(&db, PAIR.0, NOW + 4), Some((5, 30)));
        assert_eq!(
            attempt(&db, &[PAIR], NOW + 5),
            Some(NOW + 34),
            "the sixth waits"
        );
    }

    #[test]
    fn each_attempt_past_the_free_ones_doubles_the_wait_up_to_15_minutes_r14() {
        let db = test_database::with_demo_data();
        let mut now = NOW;
        let mut waits = Vec::new();
        for attempts in 1..=12 {
            assert_eq!(attempt(&db, &[PAIR], now), None, "attempt {attempts}");
            let (counted, wait) = row(&db, PAIR.0, now).expect("a row");
            assert_eq!(counted, attempts);
            assert_eq!(
                wait,
                lock_seconds_after(attempts, PAIR.1),
                "attempt {attempts}"
            );
            waits.push(wait);
            now += wait.max(1);
        }
        assert_eq!(waits, [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900, 900]);
    }

    #[test]
    fn a_refused_attempt_is_counted_by_no_key_and_writes_nothing_r16() {
        let db = test_database::with_demo_data();
        for i in 0..5 {
            attempt(&db, &[PAIR], NOW + i);
        }
        let login = ("login:alice@demo.example", 100);
        let refused = attempt(&db, &[PAIR, ADDRESS, login], NOW + 10);
        assert_eq!(refused, Some(NOW + 4 + 30));
        assert_eq!(
            row(&db, PAIR.0, NOW + 4),
            Some((5, 30)),
            "the wait does not grow"
        );
        assert_eq!(row(&db, ADDRESS.0, NOW), None);
        assert_eq!(row(&db, login.0, NOW), None);
    }

    #[test]
    fn the_attempt_that_locks_one_key_is_still_counted_by_the_others_r16() {
        let db = test_database::with_demo_data();
        for i in 0..5 {
            assert_eq!(attempt(&db, &[PAIR, ADDRESS], NOW + i), None);
        }
        assert_eq!(row(&db, PAIR.0, NOW + 4), Some((5, 30)));
        assert_eq!(row(&db, ADDRESS.0, NOW + 4), Some((5, 0)));
    }

    #[test]
    fn attempts_older_than_an_hour_are_forgotten_r14() {
        let db = test_database::with_demo_data();
        for i in 0..4 {
            attempt(&db, &[PAIR], NOW + i);
        }
        let later = NOW + 3 + FORGET_AFTER_SECONDS + 1;
        assert_eq!(attempt(&db, &[PAIR], later), None);
        assert_eq!(
            row(&db, PAIR.0, later),
            Some((1, 0)),
            "counting starts again"
        );
    }

    #[test]
    fn a_wait_ends_on_time_and_the_next_attempt_is_checked_r14() {
        let db = test_database::with_demo_data();
        for i in 0..5 {
            attempt(&db, &[PAIR], NOW + i);
        }
        assert_eq!(attempt(&db, &[PAIR], NOW + 33), Some(NOW + 34));
        assert_eq!(attempt(&db, &[PAIR], NOW + 34), None);
        assert_eq!(row(&db, PAIR.0, NOW + 34), Some((6, 60)));
    }

    #[test]
    fn a_right_password_takes_its_attempt_and_lock_back_from_the_wider_keys_r16() {
        let db = test_database::with_demo_data();
        let one_free = ("address:198.51.100.1", 1);
        attempt(&db, &[one_free], NOW);
        assert_eq!(row(&db, one_free.0, NOW), Some((1, 30)));
        db.execute(UNCOUNT, [one_free.0]).expect("uncounted");
        assert_eq!(row(&db, one_free.0, NOW), Some((0, 0)));
        for i in 0..3 {
            attempt(&db, &[ADDRESS], NOW + i);
        }
        db.execute(UNCOUNT, [ADDRESS.0]).expect("uncounted");
        assert_eq!(row(&db, ADDRESS.0, NOW + 2), Some((2, 0)));
        db.execute(CLEAR, [ADDRESS.0]).expect("cleared");
        assert_eq!(row(&db, ADDRESS.0, NOW + 2), None);
    }
}
