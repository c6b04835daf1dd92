//! What the daily run claims and revokes (R18, R21): expiry warnings and
//! the stale-token policy. A warning is claimed by inserting its
//! `token_warnings` row, in one transaction with the owner's portal notice;
//! the row's key (token, kind, date) makes the claim once-only, however
//! often or concurrently the run goes. The policy revokes only a token
//! whose stale warning was claimed (and its notice recorded) at least
//! `STALE_WARNING_DAYS` before, since its last activity, for a date that
//! has come.

use serde::Deserialize;
use tessera_shared::notices::NoticeKind;
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
    pub kind: NoticeKind,
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
            "INSERT INTO notices (organization_id, login_id, token_id, kind, message, created_at) \
             SELECT ?1, ?2, ?3, ?4, ?5, ?6 WHERE changes() = 1",
        )
        .bind(&[
            int(organization_id),
            int(notice.login_id),
            optional_int(Some(token_id)),
            text(notice.kind.as_str()),
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
mod tests;
