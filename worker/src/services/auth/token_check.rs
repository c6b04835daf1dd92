//! The token-protected API's check of one request, from start to end: the
//! client address's failure allowance (R16), the token or Basic credentials
//! judged in the same D1 batch as the records the endpoint reads (R4, R5),
//! the AUTHENTICATE entry made durable before the answer (R17), and the
//! addresses the token was used from (R22).

use tessera_shared::ScopeName;
use worker::{Context, Env};

use crate::clock::Moment;
use crate::config;
use crate::error::{AppError, AppResult};
use crate::services::auth::api_auth::{self, Authenticated, Refusal};
use crate::services::{
    auth::authentication_log, auth::failed_authentication_limit, notify::recent_addresses,
};
use crate::store::records::RecordsRead;
use crate::store::token_logs::Usage;

/// What a token-protected request presents, as read from it.
pub struct TokenRequest {
    /// The `Authorization` header's value.
    pub authorization: Option<String>,
    pub client_address: String,
    /// The caller's own name for the request (`X-Request-Id`), if valid.
    pub request_id: Option<String>,
    /// The client as its headers describe it.
    pub usage: Usage,
}

/// Checks `request` for an endpoint needing `scope` and reading `reads`.
/// `Err` when the request is not even judged (the address must wait, or its
/// entry could not be written); `Ok(Err(refusal))` when it was and was refused.
pub async fn check<R: RecordsRead>(
    env: &Env,
    ctx: &Context,
    request: &TokenRequest,
    scope: Option<ScopeName>,
    reads: &R,
    now: Moment,
) -> AppResult<Result<Authenticated<R::Found>, Refusal>> {
    let client_address = &request.client_address;
    // R16: an address past its failed authentications waits, storage untouched.
    if let Some(retry_after) = failed_authentication_limit::wait_for(client_address, now.seconds())
    {
        return Err(AppError::TooManyAttempts { retry_after });
    }
    let db = crate::services::database(env)?;
    let coming = authentication_log::Coming::announce();
    let (outcome, log) = api_auth::authenticate(
        &db,
        request.authorization.as_deref(),
        scope,
        reads,
        client_address,
        now,
    )
    .await?;
    // R16: a refusal that would write a row counts against the address's
    // failures first, so no anonymous holder of a string (made up,
    // revoked, replaced, or used from outside its allowlist) writes rows at
    // will: past the limit, nothing is written, however many arrive at once.
    if let Err(refusal) = &outcome
        && counts_as_failure(refusal)
        && let Some(retry_after) =
            failed_authentication_limit::count_failure(env, client_address, now.seconds()).await
    {
        return Err(AppError::TooManyAttempts { retry_after });
    }
    // R17: the answer waits until its AUTHENTICATE entry is durable.
    if let Some(mut log) = log {
        log.entry.request_id = request.request_id.clone();
        log.entry.usage = request.usage.clone();
        let budget_rows = config::token_log_budget_rows(env);
        authentication_log::record(log, coming, env, ctx, budget_rows).await?;
    }
    if let (Ok(caller), Some(address)) = (&outcome, request.usage.address.as_deref())
        && let Some((credential, _)) = &caller.token
    {
        let usage = &request.usage;
        recent_addresses::record_use(env, &db, credential, address, usage, now.seconds()).await?;
    }
    Ok(outcome)
}

/// Whether a refusal counts against the client address's failed
/// authentications: every `401`, and a string used from outside its allowlist.
fn counts_as_failure(refusal: &Refusal) -> bool {
    match &refusal.error {
        AppError::Refused(error) => {
            refusal.error.status() == 401
                || error.reason == Some(tessera_shared::TokenRefusal::AddressNotAllowed)
        }
        error => error.status() == 401,
    }
}
