//! What the daily run claims and revokes (R18, R21): expiry warnings and
//! the stale-token policy. A warning is claimed by inserting its
//! `token_warnings` row, in one transaction with the owner's portal notice;
//! the row's key (token, kind, date) makes the claim once-only, however
//! often or concurrently the run goes. The policy revokes only a token
//! whose stale warning was claimed (and its notice recorded) at least
//! `STALE_WARNING_DAYS` before, since its last activity, for a date that
//! has come.

use serde::Deserialize;
use worker::D1Database;

use super::{int, optional_int, text};
use crate::error::AppResult;

/// A warning that is due: which token, of which kind, about which date.
#[derive(Debug, Clone, Deserialize)]
pub struct Due {
    pub token_id: i64,
    pub organization_id: i64,
    pub kind: String,
    pub about: String,
}

/// How many claims or revocations one statement makes at most: the run
/// repeats until a round makes fewer.
pub const ROUND: i64 = 200;

/// Up to `ROUND` expiry warnings due `today`: each live token with a
/// string whose Expiry On is within 30 days, for the nearest of 30, 7 and 1
/// days it has reached (a token made with 5 days left gets the 7-day
/// warning, not the 30-day one), not claimed yet. Dates are `YYYY-MM-DD`,
/// compared as text.
pub async fn due_expiry_warnings(
    db: &D1Database,
    today: &str,
    in_1_day: &str,
    in_7_days: &str,
    in_30_days: &str,
) -> AppResult<Vec<Due>> {
    let statement = db.prepare(DUE_EXPIRY_WARNINGS).bind(&[
        text(today),
        text(in_1_day),
        text(in_7_days),
        text(in_30_days),
        int(ROUND),
    ])?;
    Ok(statement.all().await?.results()?)
}

/// `due_expiry_warnings`: ?1 today, ?2 in 1 day, ?3 in 7 days, ?4 in 30 days, ?5 `ROUND`.
const DUE_EXPIRY_WARNINGS: &str = "SELECT id AS token_id, organization_id, kind, expiry_on AS about FROM ( \
         SELECT t.id, t.organization_id, t.expiry_on, \
             CASE WHEN t.expiry_on <= ?2 THEN 'expiry_1' \
                  WHEN t.expiry_on <= ?3 THEN 'expiry_7' ELSE 'expiry_30' END AS kind \
         FROM tokens t WHERE t.revoked_at IS NULL AND t.secret_hash IS NOT NULL \
             AND t.expiry_on >= ?1 AND t.expiry_on <= ?4) due \
     WHERE NOT EXISTS (SELECT 1 FROM token_warnings w \
         WHERE w.token_id = due.id AND w.kind = due.kind AND w.about = due.expiry_on) \
     ORDER BY id LIMIT ?5";

/// The last time anything happened to a token: used, given a string,
/// edited or made. The stale-token policy counts from it.
const LAST_ACTIVITY: &str =
    "max(COALESCE(t.last_used_at, 0), COALESCE(t.generated_at, 0), t.updated_at, t.created_at)";

/// Up to `ROUND` stale warnings due: live tokens of organizations with a
/// stale-token policy of N days, unused for N - `warning_days` days or
/// more, and not warned since their last activity. Tokens already past N
/// days (the policy just turned on or shortened) are warned like the
/// others. `about` is the day the policy will revoke the token (UTC): N
/// days after its last activity, and never sooner than `warning_days` from
/// now.
pub async fn due_stale_warnings(
    db: &D1Database,
    warning_days: i64,
    now: i64,
) -> AppResult<Vec<Due>> {
    let statement =
        db.prepare(due_stale_warnings_sql())
            .bind(&[int(warning_days), int(now), int(ROUND)])?;
    Ok(statement.all().await?.results()?)
}

/// `due_stale_warnings`: ?1 the warning's days, ?2 now, ?3 `ROUND`.
fn due_stale_warnings_sql() -> String {
    format!(
        "SELECT t.id AS token_id, t.organization_id, 'stale_7' AS kind, \
             date(max({LAST_ACTIVITY} + o.stale_after_days * 86400, ?2 + ?1 * 86400), \
                 'unixepoch') AS about \
         FROM tokens t JOIN organizations o ON o.id = t.organization_id \
         WHERE o.stale_after_days IS NOT NULL AND t.revoked_at IS NULL \
             AND {LAST_ACTIVITY} <= ?2 - (o.stale_after_days - ?1) * 86400 \
             AND NOT EXISTS (SELECT 1 FROM token_warnings w \
                 WHERE w.token_id = t.id AND w.kind = 'stale_7' \
                     AND w.sent_at >= {LAST_ACTIVITY}) \
         ORDER BY t.id LIMIT ?3"
    )
}

/// The portal notice recorded with a claim or a revocation: to whom, what.
#[derive(Debug, Clone)]
pub struct Notice {
    pub login_id: i64,
    pub message: String,
}

/// Claims each due warning and records its notice, in one transaction;
/// for each, whether this run claimed it (a concurrent run may have).
pub async fn claim(db: &D1Database, due: &[(Due, Notice)], now: i64) -> AppResult<Vec<bool>> {
    if due.is_empty() {
        return Ok(Vec::new());
    }
    let mut statements = Vec::with_capacity(2 * due.len());
    for (warning, notice) in due {
        statements.push(
            db.prepare(
                "INSERT INTO token_warnings (token_id, organization_id, kind, about, sent_at) \
                 VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING",
            )
            .bind(&[
                int(warning.token_id),
                int(warning.organization_id),
                text(&warning.kind),
                text(&warning.about),
                int(now),
            ])?,
        );
        statements.push(notice_if_changed(
            db,
            warning.organization_id,
            warning.token_id,
            notice,
            now,
        )?);
    }
    let results = db.batch(statements).await?;
    Ok(results
        .chunks(2)
        .map(|pair| changed(pair.get(1)) == 1)
        .collect())
}

/// The notice, inserted only if the statement before it changed a row.
fn notice_if_changed(
    db: &D1Database,
    organization_id: i64,
    token_id: i64,
    notice: &Notice,
    now: i64,
) -> AppResult<worker::D1PreparedStatement> {
    Ok(db
        .prepare(
            "INSERT INTO notices (organization_id, login_id, token_id, message, created_at) \
             SELECT ?1, ?2, ?3, ?4, ?5 WHERE changes() = 1",
        )
        .bind(&[
            int(organization_id),
            int(notice.login_id),
            optional_int(Some(token_id)),
            text(&notice.message),
            int(now),
        ])?)
}

fn changed(result: Option<&worker::D1Result>) -> i64 {
    result
        .and_then(|result| result.meta().ok().flatten())
        .and_then(|meta| meta.changes)
        .unwrap_or(0) as i64
}

/// A token the stale-token policy revokes now, and the policy's days.
#[derive(Debug, Deserialize)]
pub struct Stale {
    pub token_id: i64,
    pub stale_after_days: i64,
}

/// A stale warning that allows the revocation at `?1` (now): claimed since
/// the token's last activity, at least `?3` days ago, about a date that
/// has come.
const WARNED: &str = "EXISTS (SELECT 1 FROM token_warnings w \
    WHERE w.token_id = t.id AND w.kind = 'stale_7' \
        AND w.sent_at >= max(COALESCE(t.last_used_at, 0), COALESCE(t.generated_at, 0), t.updated_at, t.created_at) \
        AND w.sent_at <= ?1 - ?3 * 86400 AND w.about <= date(?1, 'unixepoch'))";

/// Up to `ROUND` live tokens unused for their organization's stale-token
/// period whose warning allows the revocation now.
pub async fn stale_tokens(db: &D1Database, warning_days: i64, now: i64) -> AppResult<Vec<Stale>> {
    let statement =
        db.prepare(stale_tokens_sql())
            .bind(&[int(now), int(ROUND), int(warning_days)])?;
    Ok(statement.all().await?.results()?)
}

/// `stale_tokens`: ?1 now, ?2 `ROUND`, ?3 the warning's days.
fn stale_tokens_sql() -> String {
    format!(
        "SELECT t.id AS token_id, o.stale_after_days FROM tokens t \
         JOIN organizations o ON o.id = t.organization_id \
         WHERE o.stale_after_days IS NOT NULL AND t.revoked_at IS NULL \
             AND {LAST_ACTIVITY} <= ?1 - o.stale_after_days * 86400 AND {WARNED} \
         ORDER BY t.id LIMIT ?2"
    )
}

/// Revokes each of `stale` if it is still unused for its period and
/// warned, each with its REVOKE entry naming the policy and the owner's
/// notice, in one transaction. A token revoked by someone else, or used,
/// in between is left alone; a second run at the same time revokes (and
/// logs) nothing twice. Returns the ids revoked.
pub async fn revoke_stale(
    db: &D1Database,
    stale: &[(Stale, i64, Notice)],
    warning_days: i64,
    now: i64,
    at_ms: i64,
) -> AppResult<Vec<i64>> {
    if stale.is_empty() {
        return Ok(Vec::new());
    }
    let mut statements = Vec::with_capacity(3 * stale.len());
    for (token, organization_id, notice) in stale {
        statements.push(
            db.prepare(format!(
                "UPDATE tokens AS t SET revoked_at = ?1, overlap_open = 0, version = version + 1 \
                 WHERE t.id = ?2 AND t.revoked_at IS NULL AND {LAST_ACTIVITY} <= ?1 - ?4 * 86400 \
                     AND {WARNED}"
            ))
            .bind(&[
                int(now),
                int(token.token_id),
                int(warning_days),
                int(token.stale_after_days),
            ])?,
        );
        let actor = policy_actor(token.stale_after_days);
        statements.push(
            db.prepare(
                "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
                 activity_on, activity_at_ms, activity_by, detail) \
                 SELECT organization_id, id, name, owner_login_id, 'REVOKE', ?2, ?3, ?4, ?5 FROM tokens \
                 WHERE id = ?1 AND changes() = 1",
            )
            .bind(&[
                int(token.token_id),
                int(now),
                int(at_ms),
                text(&actor),
                text(&format!(
                    "Revoked by the organization's policy: unused for {}.",
                    tessera_shared::words::count(token.stale_after_days, "day")
                )),
            ])?,
        );
        statements.push(notice_if_changed(
            db,
            *organization_id,
            token.token_id,
            notice,
            now,
        )?);
    }
    let results = db.batch(statements).await?;
    Ok(stale
        .iter()
        .zip(results.chunks(3))
        .filter(|(_, statements)| changed(statements.get(1)) == 1)
        .map(|((token, _, _), _)| token.token_id)
        .collect())
}

/// Who revoked, in Token Logs: the policy, by its period.
pub fn policy_actor(days: i64) -> String {
    format!(
        "Policy: unused for {}",
        tessera_shared::words::count(days, "day")
    )
}

/// Deletes at most `limit` warning claims sent before `before`, whose dates
/// are long past; returns how many went.
pub async fn delete_sent_before(db: &D1Database, before: i64, limit: i64) -> AppResult<usize> {
    super::delete_bounded(
        db,
        "DELETE FROM token_warnings WHERE rowid IN (SELECT rowid FROM token_warnings \
         WHERE sent_at < ?1 LIMIT ?2)",
        &[super::int(before), super::int(limit)],
    )
    .await
}

#[cfg(test)]
mod tests {
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
            params![id, ALICE, format!("token {id}"), expiry_on, format!("hash {id}"), made],
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
}
