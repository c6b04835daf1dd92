use rusqlite::{Connection, params};
use tessera_shared::organization::STALE_WARNING_DAYS;

use super::*;
use crate::store::test_database;

/// 2026-11-29T12:00:00Z.
const NOW: i64 = 1_795_953_600;
const DAY: i64 = 86_400;
/// Alice of Demo Org (docs/rules.md#demo-data).
const ALICE: i64 = 3;

/// A live token of Alice with a string, made long ago; its id.
fn token(db: &Connection, id: i64, expiry_on: Option<&str>) -> i64 {
    let made = NOW - 400 * DAY;
    db.execute(
        "INSERT INTO tokens (id, organization_id, owner_login_id, name, scope_meta, scope_report, \
         expiry_on, secret_hash, created_at, created_by, updated_at, updated_by, generated_at) \
         VALUES (?1, 1, ?2, ?3, 1, 0, ?4, ?5, ?6, ?2, ?6, ?2, ?6)",
        params![
            id,
            ALICE,
            format!("token {id}"),
            expiry_on,
            format!("hash {id}"),
            made
        ],
    )
    .expect("a token");
    id
}

fn set(db: &Connection, id: i64, assignment: &str) {
    db.execute(
        &format!("UPDATE tokens SET {assignment} WHERE id = ?1"),
        [id],
    )
    .expect("an update");
}

/// Demo Org revokes tokens unused for `days`; its demo tokens were just used.
fn policy(db: &Connection, days: i64) {
    db.execute(
        "UPDATE organizations SET stale_after_days = ?1 WHERE id = 1",
        [days],
    )
    .expect("the policy");
    db.execute("UPDATE tokens SET last_used_at = ?1 WHERE id < 100", [NOW])
        .expect("the demo tokens used");
}

fn warned(db: &Connection, id: i64, kind: &str, about: &str, sent_at: i64) {
    db.execute(
        "INSERT INTO token_warnings (token_id, organization_id, kind, about, sent_at) \
         VALUES (?1, 1, ?2, ?3, ?4)",
        params![id, kind, about, sent_at],
    )
    .expect("a claimed warning");
}

/// The expiry warnings due on 2026-11-29: (token, kind, about).
fn due_expiry(db: &Connection) -> Vec<(i64, String, String)> {
    let mut statement = db.prepare(DUE_EXPIRY_WARNINGS).expect("the SQL prepares");
    let rows = statement
        .query_map(
            params![
                "2026-11-29",
                "2026-11-30",
                "2026-12-06",
                "2026-12-29",
                ROUND
            ],
            |row| Ok((row.get(0)?, row.get(2)?, row.get(3)?)),
        )
        .expect("the SQL runs");
    rows.map(|row| row.expect("a row")).collect()
}

fn due_stale(db: &Connection, now: i64) -> Vec<(i64, String)> {
    let mut statement = db
        .prepare(&due_stale_warnings_sql())
        .expect("the SQL prepares");
    let rows = statement
        .query_map(params![STALE_WARNING_DAYS, now, ROUND], |row| {
            let kind: String = row.get(2)?;
            assert_eq!(kind, "stale_7");
            Ok((row.get(0)?, row.get(3)?))
        })
        .expect("the SQL runs");
    rows.map(|row| row.expect("a row")).collect()
}

fn stale(db: &Connection, now: i64) -> Vec<(i64, i64)> {
    let mut statement = db.prepare(&stale_tokens_sql()).expect("the SQL prepares");
    let rows = statement
        .query_map(params![now, ROUND, STALE_WARNING_DAYS], |row| {
            Ok((row.get(0)?, row.get(1)?))
        })
        .expect("the SQL runs");
    rows.map(|row| row.expect("a row")).collect()
}

fn kind(due: &[(i64, String, String)], id: i64) -> Option<&str> {
    due.iter()
        .find(|(token, _, _)| *token == id)
        .map(|(_, kind, _)| kind.as_str())
}

#[test]
fn each_token_gets_the_nearest_expiry_warning_it_has_reached_r18() {
    let db = test_database::with_demo_data();
    let expiring = [
        ("2026-11-29", Some("expiry_1")),
        ("2026-11-30", Some("expiry_1")),
        ("2026-12-01", Some("expiry_7")),
        ("2026-12-06", Some("expiry_7")),
        ("2026-12-07", Some("expiry_30")),
        ("2026-12-29", Some("expiry_30")),
        ("2026-12-30", None),
        ("2026-11-28", None),
    ];
    for (i, (expiry_on, _)) in expiring.iter().enumerate() {
        token(&db, 100 + i as i64, Some(expiry_on));
    }
    let due = due_expiry(&db);
    for (i, (expiry_on, expected)) in expiring.iter().enumerate() {
        assert_eq!(
            kind(&due, 100 + i as i64),
            *expected,
            "Expiry On {expiry_on}"
        );
    }
    assert!(
        due.iter()
            .all(|(id, _, about)| *about == expiring[(id - 100) as usize].0),
        "each warning is about its token's Expiry On"
    );
}

#[test]
fn tokens_that_never_expire_have_no_string_or_are_revoked_get_no_expiry_warning_r18() {
    let db = test_database::with_demo_data();
    token(&db, 100, None);
    token(&db, 101, Some("2026-11-30"));
    set(&db, 101, "secret_hash = NULL");
    token(&db, 102, Some("2026-11-30"));
    set(&db, 102, &format!("revoked_at = {}", NOW - DAY));
    assert_eq!(due_expiry(&db), []);
}

#[test]
fn an_expiry_warning_is_due_once_then_the_next_one_when_its_day_comes_r18() {
    let db = test_database::with_demo_data();
    token(&db, 100, Some("2026-12-06"));
    warned(&db, 100, "expiry_7", "2026-12-06", NOW - DAY);
    assert_eq!(due_expiry(&db), [], "the 7-day warning was claimed");
    warned(&db, 100, "expiry_30", "2026-12-06", NOW - 24 * DAY);
    assert_eq!(due_expiry(&db), []);
    // An edit moving Expiry On is a new date: warned about again.
    set(&db, 100, "expiry_on = '2026-12-05'");
    assert_eq!(
        due_expiry(&db),
        [(100, "expiry_7".to_owned(), "2026-12-05".to_owned())]
    );
}

#[test]
fn a_token_unused_for_its_period_less_the_warning_days_is_warned_of_its_revocation_day_r21() {
    let db = test_database::with_demo_data();
    policy(&db, 90);
    token(&db, 100, None);
    set(&db, 100, &format!("last_used_at = {}", NOW - 83 * DAY));
    token(&db, 101, None);
    set(&db, 101, &format!("last_used_at = {}", NOW - 82 * DAY));
    // Made, not used: counted from its newest string.
    token(&db, 102, None);
    set(&db, 102, &format!("generated_at = {}", NOW - 83 * DAY - 1));
    assert_eq!(
        due_stale(&db, NOW),
        [
            (100, "2026-12-06".to_owned()),
            (102, "2026-12-06".to_owned())
        ],
    );
}

#[test]
fn a_token_already_past_the_period_is_warned_a_full_week_ahead_r21() {
    let db = test_database::with_demo_data();
    policy(&db, 30);
    token(&db, 100, None);
    set(&db, 100, &format!("last_used_at = {}", NOW - 200 * DAY));
    assert_eq!(due_stale(&db, NOW), [(100, "2026-12-06".to_owned())]);
}

#[test]
fn a_stale_warning_is_sent_once_per_idle_spell_r21() {
    let db = test_database::with_demo_data();
    policy(&db, 90);
    token(&db, 100, None);
    set(&db, 100, &format!("last_used_at = {}", NOW - 85 * DAY));
    warned(&db, 100, "stale_7", "2026-12-04", NOW - 2 * DAY);
    assert_eq!(due_stale(&db, NOW), [], "warned since its last use");
    // Used after the warning, then idle again for as long: warned again.
    set(&db, 100, &format!("last_used_at = {}", NOW - 2 * DAY + 1));
    let later = NOW - 2 * DAY + 1 + 83 * DAY;
    let due = due_stale(&db, later);
    assert!(due.iter().any(|(id, _)| *id == 100), "{due:?}");
    assert!(!due_stale(&db, later - 1).iter().any(|(id, _)| *id == 100));
}

#[test]
fn tokens_without_a_policy_or_revoked_are_never_stale_r21() {
    let db = test_database::with_demo_data();
    token(&db, 100, None);
    set(&db, 100, &format!("last_used_at = {}", NOW - 400 * DAY));
    assert_eq!(due_stale(&db, NOW), [], "Demo Org has no policy");
    policy(&db, 30);
    set(&db, 100, &format!("revoked_at = {}", NOW - DAY));
    assert_eq!(due_stale(&db, NOW), []);
    assert_eq!(stale(&db, NOW), []);
}

#[test]
fn the_policy_revokes_only_after_a_warning_a_week_old_whose_day_has_come_r21() {
    let db = test_database::with_demo_data();
    policy(&db, 90);
    token(&db, 100, None);
    set(&db, 100, &format!("last_used_at = {}", NOW - 91 * DAY));
    assert_eq!(stale(&db, NOW), [], "never warned: not revoked");
    warned(&db, 100, "stale_7", "2026-11-30", NOW - 7 * DAY);
    assert_eq!(stale(&db, NOW), [], "the day it named has not come");
    assert_eq!(stale(&db, NOW + DAY), [(100, 90)]);
}

#[test]
fn a_warning_younger_than_a_week_or_older_than_the_last_use_revokes_nothing_r21() {
    let db = test_database::with_demo_data();
    policy(&db, 90);
    token(&db, 100, None);
    set(&db, 100, &format!("last_used_at = {}", NOW - 95 * DAY));
    warned(&db, 100, "stale_7", "2026-11-29", NOW - 6 * DAY);
    assert_eq!(stale(&db, NOW), [], "warned six days ago");
    assert_eq!(
        stale(&db, NOW + DAY),
        [(100, 90)],
        "seven days after the warning"
    );
    // Used since the warning (and idle again): the old warning no longer counts.
    set(&db, 100, &format!("last_used_at = {}", NOW - 5 * DAY));
    assert_eq!(stale(&db, NOW + 90 * DAY), []);
}
