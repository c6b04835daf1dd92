//! The organization webhook's settings, its hold after a receiver that did
//! not answer, and the `webhook_deliveries` table.

use serde::Deserialize;
use worker::D1Database;

use super::{int, optional_int, optional_text, text};
use crate::error::{AppError, AppResult};

/// How many deliveries the organization page lists.
const LISTED: i64 = 50;

#[derive(Debug, Deserialize)]
pub struct Webhook {
    pub webhook_url: Option<String>,
    pub webhook_secret_version: i64,
    /// Until when deliveries wait (unix seconds); `None`: not held.
    pub webhook_held_until: Option<i64>,
}

pub async fn of_organization(db: &D1Database, organization_id: i64) -> AppResult<Webhook> {
    db.prepare(
        "SELECT webhook_url, webhook_secret_version, webhook_held_until \
         FROM organizations WHERE id = ?1",
    )
    .bind(&[int(organization_id)])?
    .first(None)
    .await?
    .ok_or_else(|| AppError::Internal("organization missing".into()))
}

/// Holds the organization's deliveries until `until`, or (`None`) no longer.
pub async fn hold(db: &D1Database, organization_id: i64, until: Option<i64>) -> AppResult<()> {
    db.prepare("UPDATE organizations SET webhook_held_until = ?2 WHERE id = ?1")
        .bind(&[int(organization_id), optional_int(until)])?
        .run()
        .await?;
    Ok(())
}

/// Takes the one attempt a held webhook gets once its hold (`seen`) is
/// over, holding the others until `until`; false if another took it.
pub async fn take_probe(
    db: &D1Database,
    organization_id: i64,
    seen: i64,
    until: i64,
) -> AppResult<bool> {
    let result = db
        .prepare(
            "UPDATE organizations SET webhook_held_until = ?3 \
             WHERE id = ?1 AND webhook_held_until = ?2",
        )
        .bind(&[int(organization_id), int(seen), int(until)])?
        .run()
        .await?;
    Ok(result.meta()?.and_then(|meta| meta.changes).unwrap_or(0) == 1)
}

/// Saves the address and, with `new_secret`, moves to the next signing
/// secret; a saved address starts unheld. Returns the secret's version now in force.
pub async fn save(
    db: &D1Database,
    organization_id: i64,
    url: Option<&str>,
    new_secret: bool,
) -> AppResult<i64> {
    let version: Option<i64> = db
        .prepare(
            "UPDATE organizations SET webhook_url = ?2, webhook_held_until = NULL, \
             webhook_secret_version = webhook_secret_version + ?3 WHERE id = ?1 \
             RETURNING webhook_secret_version",
        )
        .bind(&[
            int(organization_id),
            optional_text(url),
            int(new_secret as i64),
        ])?
        .first(Some("webhook_secret_version"))
        .await?;
    version.ok_or_else(|| AppError::Internal("organization missing".into()))
}

#[derive(Debug, Deserialize)]
pub struct DeliveryRecord {
    pub id: i64,
    pub organization_id: i64,
    pub event: String,
    pub url: String,
    pub body: String,
    pub state: String,
    pub attempts: i64,
    pub last_status: Option<i64>,
    pub last_error: Option<String>,
    pub created_at: i64,
    pub last_attempt_at: Option<i64>,
}

/// A pending delivery of `body` to `url`; its id.
pub async fn insert(
    db: &D1Database,
    organization_id: i64,
    event: &str,
    url: &str,
    body: &str,
    now: i64,
) -> AppResult<i64> {
    let id: Option<i64> = db
        .prepare(
            "INSERT INTO webhook_deliveries (organization_id, event, url, body, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
        )
        .bind(&[
            int(organization_id),
            text(event),
            text(url),
            text(body),
            int(now),
        ])?
        .first(Some("id"))
        .await?;
    id.ok_or_else(|| AppError::Internal("a delivery insert returned no id".into()))
}

const SELECT_DELIVERY: &str = "SELECT id, organization_id, event, url, body, state, attempts, \
    last_status, last_error, created_at, last_attempt_at FROM webhook_deliveries";

pub async fn find(db: &D1Database, delivery_id: i64) -> AppResult<Option<DeliveryRecord>> {
    Ok(db
        .prepare(format!("{SELECT_DELIVERY} WHERE id = ?1"))
        .bind(&[int(delivery_id)])?
        .first(None)
        .await?)
}

pub async fn latest(db: &D1Database, organization_id: i64) -> AppResult<Vec<DeliveryRecord>> {
    Ok(db
        .prepare(format!(
            "{SELECT_DELIVERY} WHERE organization_id = ?1 ORDER BY id DESC LIMIT ?2"
        ))
        .bind(&[int(organization_id), int(LISTED)])?
        .all()
        .await?
        .results()?)
}

/// One attempt at a delivery: where it went, how it went, and the
/// delivery's state after it.
pub struct Attempt<'a> {
    pub state: &'a str,
    pub url: &'a str,
    pub status: Option<i64>,
    pub error: Option<&'a str>,
}

/// Records one attempt: its address, status or error, and the delivery's state after it.
pub async fn record_attempt(
    db: &D1Database,
    delivery_id: i64,
    attempt: Attempt<'_>,
    now: i64,
) -> AppResult<()> {
    db.prepare(
        "UPDATE webhook_deliveries SET state = ?2, attempts = attempts + 1, last_status = ?3, \
         last_error = ?4, last_attempt_at = ?5, url = ?6 WHERE id = ?1 AND state = 'pending'",
    )
    .bind(&[
        int(delivery_id),
        text(attempt.state),
        optional_int(attempt.status),
        optional_text(attempt.error),
        int(now),
        text(attempt.url),
    ])?
    .run()
    .await?;
    Ok(())
}

/// Deletes at most `limit` finished deliveries (delivered or given up) made
/// before `before`; returns how many went.
pub async fn delete_finished(db: &D1Database, before: i64, limit: i64) -> AppResult<usize> {
    super::delete_bounded(
        db,
        "DELETE FROM webhook_deliveries WHERE id IN (SELECT id FROM webhook_deliveries \
         WHERE state <> 'pending' AND created_at < ?1 LIMIT ?2)",
        &[int(before), int(limit)],
    )
    .await
}
