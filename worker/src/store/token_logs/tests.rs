use rusqlite::Connection;

use super::*;
use crate::store::test_database;

fn entry(organization_id: Option<i64>) -> Authentication {
    Authentication {
        organization_id,
        token_id: None,
        token_name: "t".into(),
        owner_login_id: None,
        ok: true,
        detail: None,
        now: 0,
        at_ms: 0,
        request_id: None,
        client_address: None,
        usage: Usage::default(),
        token_hash: None,
    }
}

#[test]
fn each_entry_takes_its_place_among_its_own_organizations_entries() {
    let group = [
        entry(Some(1)),
        entry(Some(2)),
        entry(Some(1)),
        entry(None),
        entry(Some(1)),
        entry(Some(2)),
    ];
    let entries: Vec<&Authentication> = group.iter().collect();
    assert_eq!(places(&entries), [0, 0, 1, 0, 2, 1]);
}

/// 2026-11-29T12:00:00Z.
const NOW: i64 = 1_795_953_600;
const HOUR: i64 = 3600;

/// An AUTHENTICATE of `token_id` (of organization `organization_id`) at `now`.
fn authentication(organization_id: i64, token_id: i64, ok: bool, now: i64) -> Authentication {
    Authentication {
        token_id: Some(token_id),
        ok,
        now,
        at_ms: now * 1000,
        client_address: Some("203.0.113.7".into()),
        ..entry(Some(organization_id))
    }
}

/// A string matching no token, from `address_key` at `now`.
fn unknown(address_key: &str, now: i64) -> Authentication {
    Authentication {
        ok: false,
        now,
        client_address: Some(address_key.into()),
        ..entry(None)
    }
}

/// Writes `group` as `record_authentications` does, with `budget_rows`.
fn record(db: &Connection, group: &[Authentication], budget_rows: i64) {
    let (attributed, unknown): (Vec<&Authentication>, Vec<&Authentication>) = group
        .iter()
        .partition(|entry| entry.organization_id.is_some());
    if !unknown.is_empty() {
        let json = entry_rows_json(&unknown).expect("JSON");
        db.execute(
            COUNT_UNKNOWN,
            (json, UNKNOWN_ADDRESSES_PER_HOUR, OTHER_ADDRESSES),
        )
        .expect("counted");
    }
    if !attributed.is_empty() {
        let json = entry_rows_json(&attributed).expect("JSON");
        for sql in record_attributed_sql() {
            db.execute(&sql, (&json, budget_rows)).expect("recorded");
        }
    }
}

/// `(token, result)` of the AUTHENTICATE lines, in order.
fn lines(db: &Connection) -> Vec<(i64, String)> {
    let mut statement = db
        .prepare(
            "SELECT token_id, result FROM token_logs WHERE activity = 'AUTHENTICATE' ORDER BY id",
        )
        .expect("prepared");
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("read")
        .map(|row| row.expect("a row"))
        .collect()
}

/// `(token, hour, ok, fail)` counted past the budget.
fn counts(db: &Connection) -> Vec<(i64, i64, i64, i64)> {
    let mut statement = db
        .prepare(
            "SELECT token_id, hour, ok, fail FROM authentication_counts ORDER BY token_id, hour",
        )
        .expect("prepared");
    statement
        .query_map([], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
        })
        .expect("read")
        .map(|row| row.expect("a row"))
        .collect()
}

fn budget_used(db: &Connection, organization_id: i64) -> Option<i64> {
    db.query_row(
        "SELECT authenticate_rows FROM organization_log_budget WHERE organization_id = ?1",
        [organization_id],
        |row| row.get(0),
    )
    .ok()
}

fn unknown_attempts(db: &Connection) -> Vec<(String, i64, i64)> {
    let mut statement = db
        .prepare("SELECT address_key, hour, attempts FROM unknown_token_attempts ORDER BY hour, address_key")
        .expect("prepared");
    statement
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .expect("read")
        .map(|row| row.expect("a row"))
        .collect()
}

#[test]
fn within_its_budget_each_authentication_is_a_line_with_its_result_r12() {
    let db = test_database::with_demo_data();
    let before = lines(&db).len();
    record(
        &db,
        &[
            authentication(1, 1, true, NOW),
            authentication(1, 2, false, NOW),
        ],
        400,
    );
    assert_eq!(
        lines(&db)[before..],
        [(1, "OK".to_owned()), (2, "Fail".to_owned())]
    );
    assert_eq!(counts(&db), []);
    assert_eq!(budget_used(&db, 1), Some(2));
}

#[test]
fn past_its_budget_an_organizations_authentications_are_counted_per_token_and_hour_r17() {
    let db = test_database::with_demo_data();
    db.execute("INSERT INTO organization_log_budget VALUES (1, 398)", [])
        .expect("a budget nearly used");
    let before = lines(&db).len();
    record(
        &db,
        &[
            authentication(1, 1, true, NOW),
            authentication(1, 1, true, NOW + 1),
            authentication(1, 1, true, NOW + 2),
            authentication(1, 1, false, NOW + 3),
            authentication(1, 2, true, NOW + HOUR),
        ],
        400,
    );
    assert_eq!(
        lines(&db)[before..],
        [(1, "OK".to_owned()), (1, "OK".to_owned())]
    );
    assert_eq!(
        counts(&db),
        [
            (1, NOW - NOW % HOUR, 1, 1),
            (2, NOW - NOW % HOUR + HOUR, 1, 0)
        ]
    );
    assert_eq!(
        budget_used(&db, 1),
        Some(400),
        "the budget never goes past itself"
    );
}

#[test]
fn one_organizations_full_budget_takes_no_room_from_another_r25() {
    let db = test_database::with_demo_data();
    db.execute("INSERT INTO organization_log_budget VALUES (1, 400)", [])
        .expect("Demo Org's budget used up");
    let before = lines(&db).len();
    record(
        &db,
        &[
            authentication(1, 1, true, NOW),
            authentication(2, 3, true, NOW),
            authentication(1, 1, true, NOW),
            authentication(2, 3, false, NOW),
        ],
        400,
    );
    assert_eq!(
        lines(&db)[before..],
        [(3, "OK".to_owned()), (3, "Fail".to_owned())]
    );
    assert_eq!(counts(&db), [(1, NOW - NOW % HOUR, 2, 0)]);
    assert_eq!(budget_used(&db, 2), Some(2));
}

#[test]
fn every_authentication_counts_in_its_tokens_day_line_or_count_r22() {
    let db = test_database::with_demo_data();
    db.execute("INSERT INTO organization_log_budget VALUES (1, 399)", [])
        .expect("one line of room");
    record(
        &db,
        &[
            authentication(1, 1, true, NOW),
            authentication(1, 1, false, NOW),
            authentication(1, 1, true, NOW),
        ],
        400,
    );
    let day: (i64, i64) = db
        .query_row(
            "SELECT ok, fail FROM token_usage_days WHERE token_id = 1 AND day = ?1",
            [NOW / 86_400],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .expect("the token's day");
    assert_eq!(day, (2, 1));
}

#[test]
fn strings_matching_no_token_are_counted_per_address_and_hour_not_logged_r17() {
    let db = test_database::with_demo_data();
    let before = lines(&db).len();
    let hour = NOW - NOW % HOUR;
    record(
        &db,
        &[
            unknown("203.0.113.7", NOW),
            unknown("203.0.113.7", NOW + 1),
            unknown("2001:db8:1:2::/64", NOW),
            unknown("203.0.113.7", hour + HOUR),
        ],
        400,
    );
    assert_eq!(lines(&db).len(), before);
    assert_eq!(
        unknown_attempts(&db),
        [
            ("2001:db8:1:2::/64".to_owned(), hour, 1),
            ("203.0.113.7".to_owned(), hour, 2),
            ("203.0.113.7".to_owned(), hour + HOUR, 1),
        ]
    );
}

#[test]
fn past_a_thousand_addresses_an_hour_further_ones_are_counted_together_r25() {
    let db = test_database::with_demo_data();
    let hour = NOW - NOW % HOUR;
    db.execute(
        "WITH RECURSIVE n (i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) \
         INSERT INTO unknown_token_attempts SELECT 'address ' || i, ?2, 1 FROM n",
        (UNKNOWN_ADDRESSES_PER_HOUR, hour),
    )
    .expect("an hour's addresses");
    record(
        &db,
        &[
            unknown("203.0.113.7", NOW),
            unknown("203.0.113.8", NOW),
            unknown("address 1", NOW),
            unknown("203.0.113.7", NOW + HOUR),
        ],
        400,
    );
    let rows = unknown_attempts(&db);
    assert!(
        rows.contains(&(OTHER_ADDRESSES.to_owned(), hour, 2)),
        "the two new addresses"
    );
    assert!(
        rows.contains(&("address 1".to_owned(), hour, 2)),
        "a known address keeps its row"
    );
    assert!(
        rows.contains(&("203.0.113.7".to_owned(), hour + HOUR, 1)),
        "the next hour starts afresh"
    );
    let this_hour = rows.iter().filter(|(_, h, _)| *h == hour).count() as i64;
    assert_eq!(this_hour, UNKNOWN_ADDRESSES_PER_HOUR + 1);
}
