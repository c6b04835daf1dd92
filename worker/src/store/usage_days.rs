//! The `token_usage_days` table: each token's requests per day, OK and Fail
//! apart (R22). The database counts them itself as each AUTHENTICATE
//! entry is written (migration 0015's triggers); read here by the detail
//! panel, the inventory's spark lines and the organization's week.

use serde::Deserialize;
use worker::D1Database;

use super::{delete_bounded, int, text};
use crate::error::AppResult;

const DAY_SECONDS: i64 = 24 * 60 * 60;

/// The day (since 1970-01-01, UTC) that `timestamp` falls on.
pub fn day_of(timestamp: i64) -> i64 {
    timestamp.div_euclid(DAY_SECONDS)
}

/// A counted day of a token.
#[derive(Debug, Deserialize)]
pub struct UsageDay {
    pub token_id: i64,
    pub day: i64,
    pub ok: i64,
    pub fail: i64,
}

/// The counted days from `first_day` on of each of `token_ids` (days
/// nobody used a token have no row).
pub async fn of_tokens(
    db: &D1Database,
    token_ids: &[i64],
    first_day: i64,
) -> AppResult<Vec<UsageDay>> {
    if token_ids.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(token_ids).unwrap_or_else(|_| "[]".into());
    let statement = db
        .prepare(
            "SELECT token_id, day, ok, fail FROM token_usage_days \
             WHERE token_id IN (SELECT value FROM json_each(?1)) AND day >= ?2",
        )
        .bind(&[text(&ids), int(first_day)])?;
    Ok(statement.all().await?.results()?)
}

/// A token's requests over some days, with its name and whose it is.
#[derive(Debug, Deserialize)]
pub struct TokenTotal {
    pub token_id: i64,
    pub token_name: String,
    pub owner_name: String,
    #[serde(deserialize_with = "super::from_flag")]
    pub revoked: bool,
    pub ok: i64,
    pub fail: i64,
}

/// What the organization's week ranks tokens by.
#[derive(Debug, Clone, Copy)]
pub enum Ranking {
    /// The most requests, OK and Fail together.
    Busiest,
    /// The most failed requests, among tokens that failed at all.
    MostFailing,
}

/// The organization's `limit` first tokens by `ranking` over the days from
/// `first_day` on; ties go to the older token.
pub async fn leaders(
    db: &D1Database,
    organization_id: i64,
    first_day: i64,
    ranking: Ranking,
    limit: i64,
) -> AppResult<Vec<TokenTotal>> {
    let (having, order) = match ranking {
        Ranking::Busiest => ("", "SUM(u.ok) + SUM(u.fail)"),
        Ranking::MostFailing => ("HAVING SUM(u.fail) > 0", "SUM(u.fail)"),
    };
    let statement = db
        .prepare(format!(
            "SELECT u.token_id, t.name AS token_name, o.display_name AS owner_name, \
             (t.revoked_at IS NOT NULL) AS revoked, SUM(u.ok) AS ok, SUM(u.fail) AS fail \
             FROM token_usage_days u JOIN tokens t ON t.id = u.token_id \
             JOIN logins o ON o.id = t.owner_login_id \
             WHERE u.organization_id = ?1 AND u.day >= ?2 GROUP BY u.token_id {having} \
             ORDER BY {order} DESC, u.token_id LIMIT ?3"
        ))
        .bind(&[int(organization_id), int(first_day), int(limit)])?;
    Ok(statement.all().await?.results()?)
}

/// Deletes at most `limit` of the organization's days before `first_kept`;
/// returns how many went.
pub async fn delete_older(
    db: &D1Database,
    organization_id: i64,
    first_kept: i64,
    limit: i64,
) -> AppResult<usize> {
    delete_bounded(
        db,
        "DELETE FROM token_usage_days WHERE rowid IN (SELECT rowid FROM token_usage_days \
         WHERE organization_id = ?1 AND day < ?2 LIMIT ?3)",
        &[int(organization_id), int(first_kept), int(limit)],
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_start_at_midnight_utc() {
        assert_eq!(day_of(0), 0);
        assert_eq!(day_of(DAY_SECONDS - 1), 0);
        assert_eq!(day_of(DAY_SECONDS), 1);
        assert_eq!(day_of(-1), -1);
    }
}
