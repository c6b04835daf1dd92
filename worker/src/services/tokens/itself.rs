//! What a token may do for itself, with its own string: know itself
//! (`GET /api/tokens/self`) and, if allowed, rotate itself (R19).

use tessera_shared::Scope;
use tessera_shared::expiry::{check_generation, overlap_end, parse_date};
use tessera_shared::tokens::{
    PresentedString, RotateTokenRequest, RotatedToken, TokenIntrospection, TokenOwner,
};
use worker::Env;

use super::view::overlap;
use super::{allowlists, issue_rotation};
use crate::clock::{self, Moment};
use crate::error::{AppError, AppResult};
use crate::services::Bindings;
use crate::services::notify::{self, Warning};
use crate::store::credentials::Credential;
use crate::store::organizations;
use crate::store::tokens;

/// A token rotating itself with its own current string, if it may. Its
/// owner is told through every channel: whoever holds a string of the
/// token can do this, and the old string's holders lose it.
pub async fn rotate_self(
    env: &Env,
    bindings: &Bindings,
    credential: &Credential,
    presented: PresentedString,
    request: RotateTokenRequest,
    at: Moment,
) -> AppResult<RotatedToken> {
    let now = at.seconds();
    if !credential.self_rotation {
        return Err(AppError::forbidden(
            "This token is not allowed to rotate itself: its owner can allow it in Edit Token.",
        ));
    }
    if presented != PresentedString::Current {
        return Err(AppError::forbidden(
            "Rotate with the token's current string: this one was already replaced.",
        ));
    }
    let since = now - SELF_ROTATION_WINDOW_SECONDS;
    let (issued, first) =
        crate::store::credentials::strings_issued_since(&bindings.db, credential.token_id, since)
            .await?;
    if let Some(again_at) = self_rotation_again_at(issued, first, now) {
        return Err(AppError::Throttled {
            retry_after: (again_at - now).max(1),
            message: format!(
                "This token already got {issued} new strings in the last 24 hours, as many as a token \
                 rotating itself may. It can rotate itself again at {}; its current string keeps working.",
                clock::rfc3339(again_at)
            ),
        });
    }
    let max_days = organizations::settings(&bindings.db, credential.organization_id)
        .await?
        .policy
        .max_token_lifetime_days;
    let expiry_on = credential.expiry_on.as_deref().and_then(parse_date);
    check_generation(expiry_on, clock::date_of(now), max_days)?;
    let until = overlap_end(now, request.grace.seconds(), expiry_on, max_days);
    let rotated = issue_rotation(
        bindings,
        credential.token_id,
        until,
        credential.secret_hash.as_ref(),
        tokens::ChangedBy::Named(SELF_ROTATION_ACTOR),
        at,
    )
    .await?
    .ok_or_else(|| {
        AppError::forbidden(
            "Rotate with the token's current string: this one was already replaced.",
        )
    })?;
    // The new string is shown this once: a failed notice must not lose it.
    if let Err(error) =
        tell_of_self_rotation(env, bindings, credential.token_id, &rotated, now).await
    {
        worker::console_error!(
            "token {}: telling of its rotation failed: {error}",
            credential.token_id
        );
    }
    Ok(rotated)
}

async fn tell_of_self_rotation(
    env: &Env,
    bindings: &Bindings,
    token_id: i64,
    rotated: &RotatedToken,
    now: i64,
) -> AppResult<()> {
    let warned: Vec<_> = crate::store::token_facts::facts(&bindings.db, &[token_id])
        .await?
        .into_iter()
        .map(|token| {
            let works_until = rotated.previous_string_works_until.clone();
            (token, Warning::SelfRotated { works_until })
        })
        .collect();
    notify::notify(env, &bindings.db, &warned, now).await
}

/// Who rotated, in Token Logs, when a token rotated itself.
const SELF_ROTATION_ACTOR: &str = "The token itself";

/// A token rotating itself gets at most this many new strings (counting
/// those its people made) in any `SELF_ROTATION_WINDOW_SECONDS`: enough for
/// a job that rotates every hour, and a bound on the strings a leaked one
/// can make, on the rows that keep them and on the owner's notices.
const SELF_ROTATIONS_PER_DAY: i64 = 24;
const SELF_ROTATION_WINDOW_SECONDS: i64 = 24 * 60 * 60;

/// When a token that got `issued` strings in the window ending `now`, the
/// first at `first`, may rotate itself again; `None`: it may now.
fn self_rotation_again_at(issued: i64, first: Option<i64>, now: i64) -> Option<i64> {
    (issued >= SELF_ROTATIONS_PER_DAY).then(|| first.unwrap_or(now) + SELF_ROTATION_WINDOW_SECONDS)
}

/// `GET /api/tokens/self`: what the calling token may know of itself: what
/// its string grants and how long, never what other holders of the token
/// did (their addresses are for the owner, in the portal).
pub fn introspection(
    credential: &Credential,
    presented: PresentedString,
    expires_at: Option<String>,
    now: i64,
) -> TokenIntrospection {
    let scope = Scope {
        meta_record: credential.scope_meta,
        report_record: credential.scope_report,
    };
    TokenIntrospection {
        id: credential.token_id,
        name: credential.name.clone(),
        owner: TokenOwner {
            id: credential.owner_login_id,
            display_name: credential.owner_name.clone(),
            email: credential.owner_email.clone(),
            kind: credential.owner_kind,
        },
        scope: scope.names(),
        expiry_on: credential.expiry_on.clone(),
        expires_at,
        created_at: clock::rfc3339(credential.created_at),
        generated_at: credential.generated_at.map(clock::rfc3339),
        last_used_at: credential.last_used_at.map(clock::rfc3339),
        presented,
        rotation: overlap(credential.previous_secret_until, now),
        self_rotation: credential.self_rotation,
        allowed_addresses: allowlists::entries(credential.allowed_addresses.as_deref()),
        report_patterns: super::report_patterns::entries(credential.report_patterns.as_deref()),
    }
}

#[cfg(test)]
mod tests;
