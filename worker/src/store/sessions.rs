//! Web sessions in KV. The key is the SHA-256 of the session id, so the KV
//! store never holds a usable session id; the value expires with the session.

use serde::{Deserialize, Serialize};
use worker::kv::KvStore;

use crate::error::AppResult;
use crate::secret::sha256_hex;

/// What KV holds for one web session.
#[derive(Debug, Serialize, Deserialize)]
pub struct SessionRecord {
    pub login_id: i64,
    pub csrf_token: String,
    pub created_at: i64,
    pub expires_at: i64,
}

/// KV refuses expirations sooner than a minute; `expires_at` inside the
/// record is what is enforced, this only lets KV clean up.
const KV_MIN_TTL_SECONDS: i64 = 60;

fn key(session_id: &str) -> String {
    format!("session:{}", sha256_hex(session_id))
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
