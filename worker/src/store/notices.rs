//! The `notices` table: what the portal tells a login about its tokens;
//! and `new_address_alerts`, how many new-address alerts each token has
//! had in a UTC day (one row per token alerted about per day, the days
//! before yesterday deleted daily).

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use tessera_shared::notices::NoticeKind;

use super::{changes, int, optional_int, text};
use crate::error::AppResult;

/// How many notices the portal shows at most.
const SHOWN: i64 = 50;

#[derive(Debug, Deserialize)]
pub struct NoticeRecord {
    pub id: i64,
    /// `NoticeKind::as_str`.
    pub kind: String,
    pub token_id: Option<i64>,
    /// The token's name and Expiry On as they are now, and whether it is
    /// revoked (1) or not (0); none if the notice is about no token.
    pub token_name: Option<String>,
    pub expiry_on: Option<String>,
    pub token_revoked: Option<i64>,
    pub message: String,
    pub created_at: i64,
}

/// A new notice for `login_id`, as a statement to batch with others.
pub fn insert(
    db: &D1Database,
    organization_id: i64,
    login_id: i64,
    token_id: Option<i64>,
    kind: NoticeKind,
    message: &str,
    now: i64,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "INSERT INTO notices (organization_id, login_id, token_id, kind, message, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(&[
            int(organization_id),
            int(login_id),
            optional_int(token_id),
            text(kind.as_str()),
            text(message),
            int(now),
        ])?)
}

/// `of_login`: ?1 the login, ?2 how many at most.
const OF_LOGIN: &str = "SELECT n.id, n.kind, n.token_id, t.name AS token_name, t.expiry_on, \
        CASE WHEN t.id IS NULL THEN NULL ELSE t.revoked_at IS NOT NULL END AS token_revoked, \
        n.message, n.created_at \
    FROM notices n LEFT JOIN tokens t ON t.id = n.token_id \
    WHERE n.login_id = ?1 AND n.dismissed_at IS NULL \
    ORDER BY n.created_at DESC, n.id DESC LIMIT ?2";

/// The login's notices not dismissed yet, newest first.
pub async fn of_login(db: &D1Database, login_id: i64) -> AppResult<Vec<NoticeRecord>> {
    let statement = db.prepare(OF_LOGIN).bind(&[int(login_id), int(SHOWN)])?;
    Ok(statement.all().await?.results()?)
}

/// How many notices the login has not dismissed (`notices_of_login`).
pub async fn unread(db: &D1Database, login_id: i64) -> AppResult<i64> {
    let statement = db
        .prepare("SELECT COUNT(*) AS n FROM notices WHERE login_id = ?1 AND dismissed_at IS NULL")
        .bind(&[int(login_id)])?;
    Ok(statement.first::<i64>(Some("n")).await?.unwrap_or(0))
}

/// Dismisses the login's own notice; false if it has no such notice.
pub async fn dismiss(db: &D1Database, login_id: i64, notice_id: i64, now: i64) -> AppResult<bool> {
    let statement = db
        .prepare(
            "UPDATE notices SET dismissed_at = ?3 WHERE id = ?1 AND login_id = ?2 AND dismissed_at IS NULL",
        )
        .bind(&[int(notice_id), int(login_id), int(now)])?;
    Ok(changes(&[statement.run().await?])? == 1)
}

/// `dismiss_all`: ?1 the ids as a JSON array, ?2 the login, ?3 now.
const DISMISS_ALL: &str = "UPDATE notices SET dismissed_at = ?3 \
    WHERE id IN (SELECT value FROM json_each(?1)) AND login_id = ?2 AND dismissed_at IS NULL";

/// Dismisses those of `notice_ids` that are the login's own notices still
/// shown, in one statement; how many.
pub async fn dismiss_all(
    db: &D1Database,
    login_id: i64,
    notice_ids: &[i64],
    now: i64,
) -> AppResult<i64> {
    let ids = serde_json::to_string(notice_ids).unwrap_or_else(|_| "[]".into());
    let statement = db
        .prepare(DISMISS_ALL)
        .bind(&[text(&ids), int(login_id), int(now)])?;
    Ok(changes(&[statement.run().await?])? as i64)
}

/// Counts one more new-address alert of `token_id` on `day`
/// (`YYYY-MM-DD`); the day's count including it.
pub async fn count_new_address_alert(db: &D1Database, token_id: i64, day: &str) -> AppResult<i64> {
    let count: Option<i64> = db
        .prepare(
            "INSERT INTO new_address_alerts (token_id, day, alerts) VALUES (?1, ?2, 1) \
             ON CONFLICT (token_id, day) DO UPDATE SET alerts = alerts + 1 RETURNING alerts",
        )
        .bind(&[int(token_id), text(day)])?
        .first(Some("alerts"))
        .await?;
    Ok(count.unwrap_or(1))
}

/// Deletes the counts of days before `oldest_kept`; how many.
pub async fn forget_new_address_alerts(
    db: &D1Database,
    oldest_kept: &str,
    limit: i64,
) -> AppResult<usize> {
    super::delete_bounded(
        db,
        "DELETE FROM new_address_alerts WHERE (token_id, day) IN \
         (SELECT token_id, day FROM new_address_alerts WHERE day < ?1 LIMIT ?2)",
        &[text(oldest_kept), int(limit)],
    )
    .await
}

/// Deletes at most `limit` notices dismissed before `dismissed_before`, or
/// never dismissed but made before `made_before`; returns how many went.
pub async fn delete_old(
    db: &D1Database,
    dismissed_before: i64,
    made_before: i64,
    limit: i64,
) -> AppResult<usize> {
    super::delete_bounded(
        db,
        "DELETE FROM notices WHERE id IN (SELECT id FROM notices \
         WHERE dismissed_at < ?1 OR created_at < ?2 LIMIT ?3)",
        &[int(dismissed_before), int(made_before), int(limit)],
    )
    .await
}

#[cfg(test)]
mod tests;
