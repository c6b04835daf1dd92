//! What the daily run claims and revokes (issue 12): expiry warnings and
//! the stale-token policy. A warning is claimed by inserting its
//! `token_warnings` row; the row's key (token, kind, date) makes the claim
//! once-only, however often or concurrently the run goes.

use serde::Deserialize;
use worker::D1Database;

use super::{int, text};
use crate::error::AppResult;

/// A claimed warning: which token, about which date.
#[derive(Debug, Deserialize)]
pub struct Claimed {
    pub token_id: i64,
    pub about: String,
}

/// How many claims or revocations one statement makes at most: the run
/// repeats until a round makes fewer.
pub const ROUND: i64 = 200;

/// Claims up to `ROUND` expiry warnings due `today`: each live token with a
/// string whose Expiry On is within 30 days, for the nearest of 30, 7 and 1
/// days it has reached (a token made with 5 days left gets the 7-day
/// warning, not the 30-day one). Dates are `YYYY-MM-DD`, compared as text.
pub async fn claim_expiry_warnings(
    db: &D1Database,
    today: &str,
    in_1_day: &str,
    in_7_days: &str,
    in_30_days: &str,
    now: i64,
) -> AppResult<Vec<Claimed>> {
    let statement = db
        .prepare(
            "INSERT INTO token_warnings (token_id, organization_id, kind, about, sent_at) \
             SELECT id, organization_id, kind, expiry_on, ?6 FROM ( \
                 SELECT t.id, t.organization_id, t.expiry_on, \
                     CASE WHEN t.expiry_on <= ?2 THEN 'expiry_1' \
                          WHEN t.expiry_on <= ?3 THEN 'expiry_7' ELSE 'expiry_30' END AS kind \
                 FROM tokens t WHERE t.revoked_at IS NULL AND t.secret_hash IS NOT NULL \
                     AND t.expiry_on >= ?1 AND t.expiry_on <= ?4) due \
             WHERE NOT EXISTS (SELECT 1 FROM token_warnings w \
                 WHERE w.token_id = due.id AND w.kind = due.kind AND w.about = due.expiry_on) \
             LIMIT ?5 \
             ON CONFLICT DO NOTHING RETURNING token_id, about",
        )
        .bind(&[
            text(today),
            text(in_1_day),
            text(in_7_days),
            text(in_30_days),
            int(ROUND),
            int(now),
        ])?;
    Ok(statement.all().await?.results()?)
}

/// The last time anything happened to a token: used, given a string,
/// edited or made. The stale-token policy counts from it.
const LAST_ACTIVITY: &str =
    "max(COALESCE(t.last_used_at, 0), COALESCE(t.generated_at, 0), t.updated_at, t.created_at)";

/// Claims up to `ROUND` stale warnings: live tokens of organizations with a
/// stale-token policy of N days, unused for N - `warning_days` days but not
/// yet N. `about` is the day the policy will revoke it (UTC), so a use that
/// moves that day makes a new warning due later.
pub async fn claim_stale_warnings(
    db: &D1Database,
    warning_days: i64,
    now: i64,
) -> AppResult<Vec<Claimed>> {
    let statement = db
        .prepare(format!(
            "INSERT INTO token_warnings (token_id, organization_id, kind, about, sent_at) \
             SELECT id, organization_id, 'stale_7', revoke_on, ?2 FROM ( \
                 SELECT t.id, t.organization_id, \
                     date({LAST_ACTIVITY} + o.stale_after_days * 86400, 'unixepoch') AS revoke_on \
                 FROM tokens t JOIN organizations o ON o.id = t.organization_id \
                 WHERE o.stale_after_days IS NOT NULL AND t.revoked_at IS NULL \
                     AND {LAST_ACTIVITY} <= ?2 - (o.stale_after_days - ?1) * 86400 \
                     AND {LAST_ACTIVITY} > ?2 - o.stale_after_days * 86400) due \
             WHERE NOT EXISTS (SELECT 1 FROM token_warnings w \
                 WHERE w.token_id = due.id AND w.kind = 'stale_7' AND w.about = due.revoke_on) \
             LIMIT ?3 \
             ON CONFLICT DO NOTHING RETURNING token_id, about"
        ))
        .bind(&[int(warning_days), int(now), int(ROUND)])?;
    Ok(statement.all().await?.results()?)
}

/// A token the stale-token policy revokes now, and the policy's days.
#[derive(Debug, Deserialize)]
pub struct Stale {
    pub token_id: i64,
    pub stale_after_days: i64,
}

/// Up to `ROUND` live tokens unused for their organization's stale-token period.
pub async fn stale_tokens(db: &D1Database, now: i64) -> AppResult<Vec<Stale>> {
    let statement = db
        .prepare(format!(
            "SELECT t.id AS token_id, o.stale_after_days FROM tokens t \
             JOIN organizations o ON o.id = t.organization_id \
             WHERE o.stale_after_days IS NOT NULL AND t.revoked_at IS NULL \
                 AND {LAST_ACTIVITY} <= ?1 - o.stale_after_days * 86400 \
             ORDER BY t.id LIMIT ?2"
        ))
        .bind(&[int(now), int(ROUND)])?;
    Ok(statement.all().await?.results()?)
}

/// Revokes each of `stale` if it is still unused for its period, each with
/// its REVOKE entry naming the policy, in one transaction. A token revoked
/// by someone else, or used, in between is left alone; a second run at the
/// same time revokes (and logs) nothing twice. Returns the ids revoked.
pub async fn revoke_stale(
    db: &D1Database,
    stale: &[Stale],
    now: i64,
    at_ms: i64,
) -> AppResult<Vec<i64>> {
    let mut statements = Vec::with_capacity(2 * stale.len());
    for token in stale {
        statements.push(
            db.prepare(format!(
                "UPDATE tokens AS t SET revoked_at = ?2, overlap_open = 0, version = version + 1 \
                 WHERE t.id = ?1 AND t.revoked_at IS NULL AND {LAST_ACTIVITY} <= ?2 - ?3 * 86400"
            ))
            .bind(&[int(token.token_id), int(now), int(token.stale_after_days)])?,
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
                    "Revoked by the organization's policy: unused for {} days.",
                    token.stale_after_days
                )),
            ])?,
        );
    }
    let results = db.batch(statements).await?;
    let mut revoked = Vec::new();
    for (token, pair) in stale.iter().zip(results.chunks(2)) {
        let logged = pair
            .get(1)
            .and_then(|result| result.meta().ok().flatten())
            .and_then(|meta| meta.changes)
            .unwrap_or(0);
        if logged == 1 {
            revoked.push(token.token_id);
        }
    }
    Ok(revoked)
}

/// Who revoked, in Token Logs: the policy, by its period.
pub fn policy_actor(days: i64) -> String {
    format!("Policy: unused for {days} days")
}
