//! Leaked token strings (R24): anyone who finds one reports it
//! (`POST /api/credentials/revoke`), and so do secret-scanning providers
//! (`POST /api/credentials/secret-scanning`, GitHub's partner format, signed).
//! A reported string of a live token revokes it at once, with a REVOKE
//! entry by `Leak report`, and the token's people are told through every
//! channel.
//!
//! Any string the token has had counts, not only those that still work: a
//! holder of a leaked string may have rotated the token (itself, or with
//! the string's rights) and kept the new string, so a replaced string's
//! leak says as much as a working one's. Tokens keep every string's hash
//! for this (`token_string_history`, store/credentials.rs) while they live and
//! for their organization's log retention after they are revoked; the
//! daily run forgets the rest (services/organization/retention.rs), so a
//! report of such a string is still recognised by the two hashes the
//! token's row keeps, or answered `false_positive`.

use tessera_shared::TokenString;
use worker::{D1Database, Env};

use crate::clock::Moment;
use crate::error::AppResult;
use crate::secret::TokenHash;
use crate::services::notify::{self, Warning};
use crate::store::tokens::{self, ChangedBy};

/// Who revoked, in Token Logs.
const LEAK_REPORT: &str = "Leak report";

/// What a report found for one string, in the report's order.
pub struct Finding {
    /// The string's SHA-256 (hex); `None` for a string that is not a
    /// Tessera token string at all.
    pub hash: Option<TokenHash>,
    /// Whether the string is or was a token's, live or not: a real leak.
    pub real: bool,
}

/// Revokes every live token one of `strings` is or was a string of, saying
/// `found` (where, by whom) in each REVOKE entry, and tells each token's
/// people. Returns a finding per string.
pub async fn report(
    env: &Env,
    db: &D1Database,
    strings: &[String],
    found: &str,
    at: Moment,
) -> AppResult<Vec<Finding>> {
    let (now, now_ms) = (at.seconds(), at.ms());
    let hashes: Vec<Option<TokenHash>> = strings
        .iter()
        .map(|string| {
            TokenString::parse(string.trim())
                .ok()
                .map(|token| TokenHash::of(&token))
        })
        .collect();
    let mut wanted: Vec<TokenHash> = hashes.iter().flatten().cloned().collect();
    wanted.sort();
    wanted.dedup();
    let known = crate::store::credentials::reported(db, &wanted).await?;
    let mut live: Vec<i64> = known
        .iter()
        .filter(|token| token.revoked_at.is_none())
        .map(|token| token.token_id)
        .collect();
    live.sort();
    live.dedup();
    let detail = format!("Reported as leaked: {found}.");
    let revoked = tokens::revoke_each(
        db,
        &live,
        ChangedBy::Named(LEAK_REPORT),
        &detail,
        now,
        now_ms,
    )
    .await?;
    let facts = crate::store::token_facts::facts(db, &revoked).await?;
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
            let real = hash
                .as_ref()
                .is_some_and(|hash| known.iter().any(|token| hash.is(Some(&token.secret_hash))));
            Finding { hash, real }
        })
        .collect())
}

/// Counts one report from `client_address` against the `LEAK_REPORTS`
/// rate limit (wrangler.toml); `Some(seconds)` to wait when it is over.
pub async fn over_limit(env: &Env, client_address: &str) -> Option<i64> {
    let key = tessera_shared::sign_in_throttle::address_key(client_address);
    let allowed = crate::services::rate_limits::allows(env, REPORT_LIMIT, key).await;
    (!allowed).then_some(REPORT_LIMIT_PERIOD_SECONDS)
}

/// The binding, and its period in wrangler.toml.
const REPORT_LIMIT: &str = "LEAK_REPORTS";
const REPORT_LIMIT_PERIOD_SECONDS: i64 = 60;
