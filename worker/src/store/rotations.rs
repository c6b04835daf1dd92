//! Rotate Token's writes (R18): a new string while the one it replaces keeps
//! working for its grace period, and the end of that overlap, at the new
//! string's first use or when the grace period is over.

use worker::{D1Database, D1PreparedStatement};

use super::tokens::{ChangedBy, log_change, remember_string};
use super::{changes, int, optional_text, text};
use crate::error::AppResult;
use crate::secret::TokenHash;

/// A rotation: the new string's hash, and how long the current one keeps working.
pub struct Rotation<'a> {
    pub token_id: i64,
    pub secret_hash: &'a TokenHash,
    pub hint: &'a str,
    /// The current string works until then (unix seconds), or until the new one is used.
    pub previous_until: i64,
    /// Rotate only if this is the current string's hash (a token rotating
    /// itself); `None`: whatever the current string is, if there is one.
    pub expected_current: Option<&'a TokenHash>,
    pub actor: ChangedBy<'a>,
    pub detail: &'a str,
    pub now: i64,
    pub at_ms: i64,
}

/// Rotate Token: the current string becomes the previous one, working
/// until `previous_until`; the new one works at once. One transaction with
/// its ROTATE entry. A token without a current string is not rotated.
pub async fn rotate(db: &D1Database, rotation: Rotation<'_>) -> AppResult<bool> {
    let generated_by = match rotation.actor {
        ChangedBy::Login(id) => int(id),
        ChangedBy::Named(_) => wasm_bindgen::JsValue::NULL,
    };
    let update = db
        .prepare(
            "UPDATE tokens SET previous_secret_hash = secret_hash, previous_secret_until = ?4, \
             overlap_open = 1, secret_hash = ?2, secret_hint = ?3, generated_at = ?5, \
             generated_by = COALESCE(?6, generated_by), version = version + 1 \
             WHERE id = ?1 AND revoked_at IS NULL AND secret_hash IS NOT NULL \
             AND (?7 IS NULL OR secret_hash = ?7)",
        )
        .bind(&[
            int(rotation.token_id),
            text(rotation.secret_hash.as_str()),
            text(rotation.hint),
            int(rotation.previous_until),
            int(rotation.now),
            generated_by,
            optional_text(rotation.expected_current.map(TokenHash::as_str)),
        ])?;
    let log = log_change(
        db,
        "ROTATE",
        rotation.token_id,
        rotation.now,
        rotation.at_ms,
        rotation.actor,
        Some(rotation.detail),
    )?;
    let remember = remember_string(db, rotation.token_id, rotation.secret_hash)?;
    Ok(changes(&db.batch(vec![update, log, remember]).await?)? == 1)
}

/// What ends a rotation's overlap before its grace period: the new string's
/// first use, the request holding `secret_hash` at `now`. With its ROTATE
/// entry, in the batch that records the request's AUTHENTICATE entry; only
/// the first such use changes anything.
pub(super) fn end_overlap_on_first_use(
    db: &D1Database,
    token_id: i64,
    secret_hash: &TokenHash,
    now: i64,
    at_ms: i64,
) -> AppResult<[D1PreparedStatement; 2]> {
    let end = db
        .prepare(
            "UPDATE tokens SET overlap_open = 0, previous_secret_until = ?3 \
             WHERE id = ?1 AND overlap_open = 1 AND secret_hash = ?2 AND previous_secret_until > ?3",
        )
        .bind(&[int(token_id), text(secret_hash.as_str()), int(now)])?;
    let log = log_change(
        db,
        "ROTATE",
        token_id,
        now,
        at_ms,
        ChangedBy::Named(OVERLAP_ENDED_BY),
        Some("The previous token string stopped working: the new one was used."),
    )?;
    Ok([end, log])
}

/// Who ends an overlap in Token Logs: the rule itself, no login.
const OVERLAP_ENDED_BY: &str = "Tessera";

/// Ends every overlap whose grace period is over by `now`, each with its
/// ROTATE entry dated when it ended, in one transaction: run by the
/// frequent Cron Trigger, any number of times, at once or not, each overlap
/// is ended and logged once. Returns how many.
pub async fn end_overlaps_past_their_grace(db: &D1Database, now: i64) -> AppResult<usize> {
    let log = db
        .prepare(
            "INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
             activity_on, activity_at_ms, activity_by, detail) \
             SELECT organization_id, id, name, owner_login_id, 'ROTATE', previous_secret_until, \
             previous_secret_until * 1000, ?2, \
             'The previous token string stopped working: its grace period ended.' \
             FROM tokens WHERE overlap_open = 1 AND previous_secret_until <= ?1",
        )
        .bind(&[int(now), text(OVERLAP_ENDED_BY)])?;
    let end = db
        .prepare("UPDATE tokens SET overlap_open = 0 WHERE overlap_open = 1 AND previous_secret_until <= ?1")
        .bind(&[int(now)])?;
    let results = db.batch(vec![log, end]).await?;
    changes(&results)
}
