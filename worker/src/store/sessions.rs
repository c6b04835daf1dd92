//! Web sessions in KV, and the sessions ended early in D1. The key is the
//! SHA-256 of the session id in both, so neither holds a usable session id;
//! the KV value expires with the session.

use serde::{Deserialize, Serialize};
use worker::D1Database;
use worker::kv::KvStore;

use super::{int, text};
use crate::error::AppResult;
use crate::secret::sha256_hex;

/// What KV holds for one web session.
#[derive(Debug, Serialize, Deserialize)]
pub struct SessionRecord {
    pub login_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
    /// The login's `session_generation` when the session was opened; a
    /// session of an older generation has been ended. Sessions stored before
    /// generations existed read as 0, the generation every login started at.
    #[serde(default)]
    pub generation: i64,
}

/// KV refuses expirations sooner than a minute; `expires_at` inside the
/// record is what is enforced, this only lets KV clean up.
const KV_MIN_TTL_SECONDS: i64 = 60;

fn key(session_id: &str) -> String {
    format!("session:{}", sha256_hex(session_id))
}

/// Ended sessions are forgotten this many at a time, by each sign-out.
const FORGET_PER_SIGN_OUT: i64 = 100;

/// Records in D1 that `session_id` has ended, until `forget_after` (when it
/// would have expired anyway), and forgets a few rows whose time has passed.
pub async fn end(db: &D1Database, session_id: &str, forget_after: i64, now: i64) -> AppResult<()> {
    let ended = db
        .prepare(
            "INSERT INTO ended_sessions (session_hash, forget_after) VALUES (?1, ?2) \
             ON CONFLICT (session_hash) DO NOTHING",
        )
        .bind(&[text(&sha256_hex(session_id)), int(forget_after)])?;
    let forget = db
        .prepare(
            "DELETE FROM ended_sessions WHERE session_hash IN \
             (SELECT session_hash FROM ended_sessions WHERE forget_after < ?1 LIMIT ?2)",
        )
        .bind(&[int(now), int(FORGET_PER_SIGN_OUT)])?;
    db.batch(vec![ended, forget]).await?;
    Ok(())
}

/// `EXISTS` over `ended_sessions` for the session whose id is bound at `?{at}`:
/// read together with the login (`logins::find_for_session`).
pub fn ended_sql(at: usize) -> String {
    format!("EXISTS (SELECT 1 FROM ended_sessions WHERE session_hash = ?{at})")
}

/// What `ended_sql` compares with: the SHA-256 of the session id.
pub fn session_hash(session_id: &str) -> String {
    sha256_hex(session_id)
}

pub async fn put(
    kv: &KvStore,
    session_id: &str,
    record: &SessionRecord,
    now: i64,
) -> AppResult<()> {
    let ttl = (record.expires_at - now).max(KV_MIN_TTL_SECONDS) as u64;
    kv.put(
        &key(session_id),
        serde_json::to_string(record).unwrap_or_default(),
    )?
    .expiration_ttl(ttl)
    .execute()
    .await?;
    Ok(())
}

pub async fn get(kv: &KvStore, session_id: &str) -> AppResult<Option<SessionRecord>> {
    Ok(kv.get(&key(session_id)).json().await?)
}

pub async fn delete(kv: &KvStore, session_id: &str) -> AppResult<()> {
    kv.delete(&key(session_id)).await?;
    Ok(())
}

/// Deletes at most `limit` ended sessions whose time has passed; returns how many went.
pub async fn forget_ended(db: &D1Database, now: i64, limit: i64) -> AppResult<usize> {
    super::delete_bounded(
        db,
        "DELETE FROM ended_sessions WHERE session_hash IN \
         (SELECT session_hash FROM ended_sessions WHERE forget_after < ?1 LIMIT ?2)",
        &[int(now), int(limit)],
    )
    .await
}
