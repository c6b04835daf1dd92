//! A token's strings as the API's token check and leak reports find them:
//! the one indexed read by the string's hash (R5), and every string a token
//! has had (`token_string_history`), so a leak report of any finds it.

use serde::Deserialize;
use worker::{D1Database, D1PreparedStatement};

use super::{int, text};
use crate::error::AppResult;
use crate::secret::TokenHash;

/// What the API's token check needs, in the one indexed read it makes (R5).
#[derive(Debug, Deserialize)]
pub struct Credential {
    pub token_id: i64,
    pub organization_id: i64,
    pub owner_login_id: i64,
    pub name: String,
    #[serde(deserialize_with = "super::from_flag")]
    pub scope_meta: bool,
    #[serde(deserialize_with = "super::from_flag")]
    pub scope_report: bool,
    pub expiry_on: Option<String>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
    /// The current string's hash; `None` once an edit stopped it (R6).
    pub secret_hash: Option<TokenHash>,
    /// The string the current one replaced, and until when it works.
    pub previous_secret_hash: Option<TokenHash>,
    pub previous_secret_until: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub self_rotation: bool,
    pub owner_activated_at: Option<i64>,
    #[serde(deserialize_with = "super::from_flag")]
    pub owner_disabled: bool,
    pub owner_name: String,
    pub owner_email: String,
    pub owner_kind: tessera_shared::service_accounts::LoginKind,
    pub created_at: i64,
    pub generated_at: Option<i64>,
    /// A JSON array of canonical addresses and ranges; `None`: anywhere.
    pub allowed_addresses: Option<String>,
    /// The last distinct client addresses: `[[address, seconds], ...]`.
    pub recent_addresses: Option<String>,
    /// A JSON array of report patterns (R29); `None`: every report.
    pub report_patterns: Option<String>,
    /// Its organization's token policy, applied at every request (R26).
    #[serde(flatten)]
    pub policy: super::organizations::PolicyColumns,
}

/// Sets the token's `last_used_at` to `now` alone: one indexed point
/// write, committed before it returns. The bench's durable floor
/// (`/api/bench/read-write`); the token check writes it in its group.
pub async fn set_last_used(db: &D1Database, token_id: i64, now: i64) -> AppResult<()> {
    db.prepare("UPDATE tokens SET last_used_at = ?1 WHERE id = ?2")
        .bind(&[int(now), int(token_id)])?
        .run()
        .await?;
    Ok(())
}

pub async fn find_by_secret_hash(
    db: &D1Database,
    secret_hash: &TokenHash,
) -> AppResult<Option<Credential>> {
    Ok(credential_by_secret_hash(db, secret_hash)?
        .first(None)
        .await?)
}

/// The token check's read as a statement, run in one batch with the
/// records the endpoint serves (`records::read`): one round trip to D1.
pub(super) fn credential_by_secret_hash(
    db: &D1Database,
    secret_hash: &TokenHash,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "SELECT t.id AS token_id, t.organization_id, t.owner_login_id, t.name, t.scope_meta, \
             t.scope_report, t.expiry_on, t.revoked_at, t.last_used_at, t.secret_hash, \
             t.previous_secret_hash, t.previous_secret_until, t.self_rotation, \
             l.activated_at AS owner_activated_at, l.disabled AS owner_disabled, \
             l.display_name AS owner_name, l.email AS owner_email, l.kind AS owner_kind, t.created_at, t.generated_at, \
             t.allowed_addresses, t.recent_addresses, t.report_patterns, o.max_token_lifetime_days, \
             o.policy_expiry_required, o.policy_scope_meta, o.policy_scope_report, \
             o.policy_allowlist_required, o.default_allowed_addresses \
             FROM tokens t JOIN logins l ON l.id = t.owner_login_id \
             JOIN organizations o ON o.id = t.organization_id WHERE t.secret_hash = ?1 OR t.previous_secret_hash = ?1",
        )
        .bind(&[text(secret_hash.as_str())])?)
}

/// Records that the token was used at `now`, unless it was recorded less
/// than `staleness` seconds ago: bounded staleness instead of a write per request.
pub(super) fn touch_last_used(
    db: &D1Database,
    token_id: i64,
    now: i64,
    staleness: i64,
) -> AppResult<D1PreparedStatement> {
    Ok(db
        .prepare(
            "UPDATE tokens SET last_used_at = ?2 WHERE id = ?1 \
             AND (last_used_at IS NULL OR last_used_at <= ?3)",
        )
        .bind(&[int(token_id), int(now), int(now - staleness)])?)
}

/// A token a reported string belongs to: any string it has had.
#[derive(Debug, Deserialize)]
pub struct Reported {
    /// The reported string's hash.
    pub secret_hash: TokenHash,
    pub token_id: i64,
    pub revoked_at: Option<i64>,
}

/// The tokens any of `hashes` belongs to, live or not, one row per string
/// found: by every string a token has had, and by the two its row keeps
/// (for a token revoked so long ago that its history is forgotten). Each
/// of the three is an indexed lookup per hash.
pub async fn reported(db: &D1Database, hashes: &[TokenHash]) -> AppResult<Vec<Reported>> {
    let hashes: Vec<&str> = hashes.iter().map(TokenHash::as_str).collect();
    let hashes = serde_json::to_string(&hashes).unwrap_or_else(|_| "[]".into());
    let statement = db
        .prepare(
            "SELECT found.secret_hash, t.id AS token_id, t.revoked_at FROM ( \
             SELECT secret_hash, token_id FROM token_string_history \
             WHERE secret_hash IN (SELECT value FROM json_each(?1)) \
             UNION SELECT secret_hash, id FROM tokens WHERE secret_hash IN (SELECT value FROM json_each(?1)) \
             UNION SELECT previous_secret_hash, id FROM tokens \
             WHERE previous_secret_hash IN (SELECT value FROM json_each(?1)) \
             ) found JOIN tokens t ON t.id = found.token_id",
        )
        .bind(&[text(&hashes)])?;
    Ok(statement.all().await?.results()?)
}

/// How many strings token `token_id` was given after `since` (unix
/// seconds), and when the first of them was: what limits a token rotating
/// itself.
pub async fn strings_issued_since(
    db: &D1Database,
    token_id: i64,
    since: i64,
) -> AppResult<(i64, Option<i64>)> {
    #[derive(Deserialize)]
    struct Issued {
        n: i64,
        first: Option<i64>,
    }
    let statement = db
        .prepare(
            "SELECT COUNT(*) AS n, MIN(issued_at) AS first FROM token_string_history \
             WHERE token_id = ?1 AND issued_at > ?2",
        )
        .bind(&[int(token_id), int(since)])?;
    let issued: Option<Issued> = statement.first(None).await?;
    Ok(issued.map_or((0, None), |issued| (issued.n, issued.first)))
}

/// Deletes at most `limit` history rows of tokens revoked longer ago than
/// their organization keeps Token Logs, at `now` (unix seconds): such a
/// token can be revoked no more, and its row still keeps its last two
/// strings' hashes. Returns how many went.
pub async fn forget_strings_of_revoked(db: &D1Database, now: i64, limit: i64) -> AppResult<usize> {
    super::delete_bounded(
        db,
        "DELETE FROM token_string_history WHERE secret_hash IN ( \
         SELECT h.secret_hash FROM tokens t JOIN organizations o ON o.id = t.organization_id \
         JOIN token_string_history h ON h.token_id = t.id \
         WHERE t.revoked_at < ?1 - o.log_retention_days * 86400 LIMIT ?2)",
        &[int(now), int(limit)],
    )
    .await
}
