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
