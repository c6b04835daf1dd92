//! The `sent_emails` table: which queued emails have been sent, by the id
//! each was queued with, so a message the queue hands over again is not
//! sent twice. Bounded by a week of emails; `forget` runs daily.

use worker::D1Database;

use super::{int, text};
use crate::error::AppResult;

/// A claim not marked sent after this long belongs to a sender that died:
/// another may take it over.
const CLAIM_SECONDS: i64 = 5 * 60;

/// How long a sent id is kept: far longer than the queue keeps retrying a message.
pub const KEPT_SECONDS: i64 = 7 * 24 * 60 * 60;

/// Who may send email `id` now.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// This sender: send it, then `mark_sent`, or `release` on failure.
    Ours,
    /// It has been sent.
    Sent,
    /// Another sender is sending it right now.
    Busy,
}

pub async fn claim(db: &D1Database, id: &str, now: i64) -> AppResult<Claim> {
    let ours: Option<String> = db
        .prepare(
            "INSERT INTO sent_emails (id, claimed_at) VALUES (?1, ?2) \
             ON CONFLICT (id) DO UPDATE SET claimed_at = excluded.claimed_at \
             WHERE sent_emails.sent_at IS NULL AND sent_emails.claimed_at <= ?3 \
             RETURNING id",
        )
        .bind(&[text(id), int(now), int(now - CLAIM_SECONDS)])?
        .first(Some("id"))
        .await?;
    if ours.is_some() {
        return Ok(Claim::Ours);
    }
    let sent: Option<Option<i64>> = db
        .prepare("SELECT sent_at FROM sent_emails WHERE id = ?1")
        .bind(&[text(id)])?
        .first(Some("sent_at"))
        .await?;
    Ok(match sent {
        Some(Some(_)) => Claim::Sent,
        _ => Claim::Busy,
    })
}

pub async fn mark_sent(db: &D1Database, id: &str, now: i64) -> AppResult<()> {
    db.prepare("UPDATE sent_emails SET sent_at = ?2 WHERE id = ?1")
        .bind(&[text(id), int(now)])?
        .run()
        .await?;
    Ok(())
}

/// Gives up a claim after a failed send, so the queue's retry can claim it.
pub async fn release(db: &D1Database, id: &str) -> AppResult<()> {
    db.prepare("DELETE FROM sent_emails WHERE id = ?1 AND sent_at IS NULL")
        .bind(&[text(id)])?
        .run()
        .await?;
    Ok(())
}

/// Deletes at most `limit` ids claimed more than `KEPT_SECONDS` before
/// `now`; returns how many went.
pub async fn forget(db: &D1Database, now: i64, limit: i64) -> AppResult<usize> {
    super::delete_bounded(
        db,
        "DELETE FROM sent_emails WHERE id IN \
         (SELECT id FROM sent_emails WHERE claimed_at < ?1 LIMIT ?2)",
        &[int(now - KEPT_SECONDS), int(limit)],
    )
    .await
}
