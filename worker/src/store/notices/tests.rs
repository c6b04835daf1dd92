use rusqlite::{Connection, params};

use super::*;
use crate::store::test_database;

/// Alice of Demo Org and Olga of Other Org (docs/rules.md#demo-data).
const ALICE: i64 = 3;
const OLGA: i64 = 6;
const NOW: i64 = 1_795_953_600;

/// A notice for `login` about `token` (or none); its id.
fn notice(db: &Connection, login: i64, token: Option<i64>, kind: &str, made: i64) -> i64 {
    db.query_row(
        "INSERT INTO notices (organization_id, login_id, token_id, kind, message, created_at) \
         SELECT organization_id, id, ?2, ?3, 'words', ?4 FROM logins WHERE id = ?1 RETURNING id",
        params![login, token, kind, made],
        |row| row.get(0),
    )
    .expect("a notice")
}

/// What `OF_LOGIN` lists for `login`: (id, kind, token name, expiry, revoked).
fn listed(
    db: &Connection,
    login: i64,
) -> Vec<(i64, String, Option<String>, Option<String>, Option<i64>)> {
    let mut statement = db.prepare(OF_LOGIN).expect("the listing's SQL");
    statement
        .query_map(params![login, SHOWN], |row| {
            Ok((
                row.get("id")?,
                row.get("kind")?,
                row.get("token_name")?,
                row.get("expiry_on")?,
                row.get("token_revoked")?,
            ))
        })
        .expect("the listing")
        .collect::<Result<_, _>>()
        .expect("its rows")
}

fn dismiss(db: &Connection, login: i64, ids: &[i64]) -> usize {
    let ids = serde_json::to_string(ids).unwrap();
    db.execute(DISMISS_ALL, params![ids, login, NOW])
        .expect("the dismissal")
}

#[test]
fn a_notice_comes_with_its_kind_and_its_token_as_it_is_now() {
    let db = test_database::with_demo_data();
    db.execute(
        "UPDATE tokens SET expiry_on = '2027-01-03' WHERE id = 1",
        [],
    )
    .unwrap();
    db.execute("UPDATE tokens SET revoked_at = ?1 WHERE id = 2", [NOW])
        .unwrap();
    let expiring = notice(&db, ALICE, Some(1), "expiring", NOW - 20);
    let alert = notice(&db, ALICE, Some(2), "new_address", NOW - 10);
    let about_nothing = notice(&db, ALICE, None, "other", NOW);
    notice(&db, OLGA, Some(3), "new_address", NOW);

    let token = |name: &str, expiry_on: &str, revoked| {
        (
            Some(name.to_owned()),
            Some(expiry_on.to_owned()),
            Some(revoked),
        )
    };
    let listed: Vec<_> = listed(&db, ALICE)
        .into_iter()
        .map(|(id, kind, name, expiry_on, revoked)| (id, kind, (name, expiry_on, revoked)))
        .collect();
    assert_eq!(
        listed,
        vec![
            (about_nothing, "other".into(), (None, None, None)),
            (
                alert,
                "new_address".into(),
                token("Power BI refresh", "2027-06-30", 1)
            ),
            (
                expiring,
                "expiring".into(),
                token("Nightly export", "2027-01-03", 0)
            ),
        ],
        "newest first, only Alice's, each with its token"
    );
}

#[test]
fn a_group_dismissal_touches_only_the_logins_own_notices_still_shown() {
    let db = test_database::with_demo_data();
    let mine: Vec<i64> = (0..3)
        .map(|n| notice(&db, ALICE, Some(1), "expiring", NOW + n))
        .collect();
    let olgas = notice(&db, OLGA, Some(3), "expiring", NOW);
    assert_eq!(dismiss(&db, ALICE, &mine[..1]), 1);

    // One dismissed already, one of Olga's, one that never was: only the
    // two of Alice's still shown are counted.
    let asked = [mine[0], mine[1], mine[2], olgas, 9_999];
    assert_eq!(dismiss(&db, ALICE, &asked), 2);
    assert!(listed(&db, ALICE).is_empty());
    assert_eq!(listed(&db, OLGA).len(), 1, "Olga's notice stays");
}
