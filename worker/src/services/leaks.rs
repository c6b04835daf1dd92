//! Leaked token strings (issue 13): anyone who finds one reports it
//! (`POST /api/credentials/revoke`), and so do secret-scanning providers
//! (`POST /api/credentials/secret-scanning`, GitHub's partner format, signed).
//! Every reported string that works for a live token is revoked at once,
//! with a REVOKE entry by `Leak report`, and the token's people are told
//! through every channel.

use tessera_shared::TokenString;
use worker::{D1Database, Env};

use super::notify::{self, Warning};
use crate::error::AppResult;
use crate::secret;
use crate::store::tokens::{self, Actor};

/// Who revoked, in Token Logs.
const LEAK_REPORT: &str = "Leak report";

/// What a report found for one string, in the report's order.
pub struct Finding {
    /// The string's SHA-256 (hex); `None` for a string that is not a
    /// Tessera token string at all.
    pub hash: Option<String>,
    /// Whether the string belongs to a token, live or not: a real leak.
    pub real: bool,
}

/// Revokes every token one of `strings` works for, saying `found` (where,
/// by whom) in each REVOKE entry, and tells each token's people. Returns a
/// finding per string.
pub async fn report(
    env: &Env,
    db: &D1Database,
    strings: &[String],
    found: &str,
    now_ms: i64,
) -> AppResult<Vec<Finding>> {
    let now = now_ms / 1000;
    let hashes: Vec<Option<String>> = strings
        .iter()
        .map(|string| {
            TokenString::parse(string.trim())
                .ok()
                .map(|token| secret::sha256_hex(token.expose()))
        })
        .collect();
    let mut wanted: Vec<String> = hashes.iter().flatten().cloned().collect();
    wanted.sort();
    wanted.dedup();
    let known = tokens::reported(db, &wanted).await?;
    let mut live: Vec<i64> = known
        .iter()
        .filter(|token| wanted.iter().any(|hash| token.works(hash, now)))
        .map(|token| token.token_id)
        .collect();
    live.sort();
    live.dedup();
    let detail = format!("Reported as leaked: {found}.");
    let revoked =
        tokens::revoke_each(db, &live, Actor::Named(LEAK_REPORT), &detail, now, now_ms).await?;
    let facts = tokens::facts(db, &revoked).await?;
    let warned: Vec<_> = facts
        .into_iter()
        .map(|token| {
            (
                token,
                Warning::RevokedAsLeaked {
                    found: found.to_owned(),
                },
            )
        })
        .collect();
    notify::notify(env, db, &warned, now).await?;
    Ok(hashes
        .into_iter()
        .map(|hash| {
            let real = hash.as_deref().is_some_and(|hash| {
                known.iter().any(|token| {
                    token.secret_hash.as_deref() == Some(hash)
                        || token.previous_secret_hash.as_deref() == Some(hash)
                })
            });
            Finding { hash, real }
        })
        .collect())
}

/// Counts one report from `client_address` against the `LEAK_REPORTS`
/// rate limit (wrangler.toml); `Some(seconds)` to wait when it is over.
pub async fn over_limit(env: &Env, client_address: &str) -> Option<i64> {
    let key = tessera_shared::sign_in_throttle::address_key(client_address);
    match env.rate_limiter(REPORT_LIMIT) {
        Ok(limiter) => match limiter.limit(key).await {
            Ok(outcome) if !outcome.success => Some(REPORT_LIMIT_PERIOD_SECONDS),
            Ok(_) => None,
            Err(error) => {
                worker::console_error!("the {REPORT_LIMIT} rate limit failed: {error}");
                None
            }
        },
        Err(error) => {
            worker::console_error!("the {REPORT_LIMIT} rate limit is unavailable: {error}");
            None
        }
    }
}

/// The binding, and its period in wrangler.toml.
const REPORT_LIMIT: &str = "LEAK_REPORTS";
const REPORT_LIMIT_PERIOD_SECONDS: i64 = 60;
