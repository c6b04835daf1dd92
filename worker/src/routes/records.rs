//! The token-protected API (R5): `GET /api/meta`, `GET /api/meta/reports`,
//! `GET /api/meta/reports/{report_name}` (Meta Record scope), `GET /api/data`
//! and `GET /api/data/{report_name}` (Report Record scope), and the token's
//! own `GET /api/tokens/self` and `POST /api/tokens/self/rotate` (no scope).

use tessera_shared::ScopeName;
use tessera_shared::endpoints::{
    self, ACCEPTED_SCOPES_HEADER, RotateSelf, TOKEN_EXPIRATION_HEADER, TokenSelf,
};
use worker::{Context, Env, Request, Response};

use super::caller::Call;
use crate::error::{AppError, AppResult};
use crate::http;
use crate::services::api_auth::Authenticated;
use crate::services::records::RecordsRequest;
use crate::services::{
    self, Bindings, api_auth, authentication_log, failed_authentication_limit, recent_addresses,
    tokens,
};
use crate::{clock, config};

pub async fn meta(call: Call<'_>) -> AppResult<Response> {
    records(call, ScopeName::MetaRecord, RecordsRequest::Meta).await
}

pub async fn reports(call: Call<'_>) -> AppResult<Response> {
    records(call, ScopeName::MetaRecord, RecordsRequest::Reports).await
}

pub async fn report(call: Call<'_>) -> AppResult<Response> {
    let reads = RecordsRequest::Report { name: call.name()? };
    records(call, ScopeName::MetaRecord, reads).await
}

pub async fn data(call: Call<'_>) -> AppResult<Response> {
    let reads = RecordsRequest::readings(call.query::<endpoints::Data>()?);
    records(call, ScopeName::ReportRecord, reads).await
}

pub async fn report_data(call: Call<'_>) -> AppResult<Response> {
    let paging = call.query::<endpoints::ReportReadings>()?;
    let reads = RecordsRequest::report_readings(call.name()?, paging);
    records(call, ScopeName::ReportRecord, reads).await
}

/// The calling token, as it may know itself.
pub async fn token_self(call: Call<'_>) -> AppResult<Response> {
    let (request, env, ctx) = (&*call.request, call.env, call.ctx);
    with_token(
        request,
        env,
        ctx,
        None,
        &RecordsRequest::TokenItself,
        |caller, now_ms| async move {
            let (credential, presented) = caller.token.ok_or_else(basic_names_no_token)?;
            let answer =
                tokens::introspection(&credential, presented, caller.expiration, now_ms / 1000);
            Ok(http::answer::<TokenSelf>(200, &answer))
        },
    )
    .await
}

/// A token allowed to rotate itself does, with its current string.
pub async fn rotate_self(mut call: Call<'_>) -> AppResult<Response> {
    let body = call.body::<RotateSelf>().await?;
    let (request, env, ctx) = (&*call.request, call.env, call.ctx);
    let bindings = Bindings::from_env(env)?;
    with_token(
        request,
        env,
        ctx,
        None,
        &RecordsRequest::TokenItself,
        |caller, now_ms| async move {
            let (credential, presented) = caller.token.ok_or_else(basic_names_no_token)?;
            let rotated =
                tokens::rotate_self(env, &bindings, &credential, presented, body, now_ms).await?;
            Ok(http::answer::<RotateSelf>(200, &rotated))
        },
    )
    .await
}

fn basic_names_no_token() -> AppError {
    AppError::forbidden(
        "Basic credentials name a login, not a token: send the token string as Authorization: Bearer.",
    )
}

/// Answers with the organization's records `reads` finds.
async fn records(call: Call<'_>, scope: ScopeName, reads: RecordsRequest) -> AppResult<Response> {
    let (request, env, ctx) = (&*call.request, call.env, call.ctx);
    let answer = |caller: Authenticated, _| {
        let records = reads.answer(caller.records);
        async move { Ok(http::json_response(200, &records?)) }
    };
    with_token(request, env, ctx, Some(scope), &reads, answer).await
}

/// Checks the request's token for `scope` and answers with `answer`, fed
/// what `reads` finds, both read in one round trip to D1, once the
/// AUTHENTICATE entry has been written (in a group with the entries of
/// requests arriving together). Every answer to a known token says when
/// its string stops working.
async fn with_token<F, Answer>(
    request: &Request,
    env: &Env,
    ctx: &Context,
    scope: Option<ScopeName>,
    reads: &RecordsRequest,
    answer: F,
) -> AppResult<Response>
where
    F: FnOnce(Authenticated, i64) -> Answer,
    Answer: std::future::Future<Output = AppResult<Response>>,
{
    let db = services::database(env)?;
    let authorization = request.headers().get("authorization")?;
    let client_address = http::client_address(request);
    // One reading: seconds for the rules, milliseconds for Token Logs' order.
    let now_ms = clock::now_ms();
    let now = now_ms / 1000;
    // R16: an address past its failed authentications waits, storage untouched.
    if let Some(retry_after) = failed_authentication_limit::wait_for(&client_address, now) {
        return Err(AppError::TooManyAttempts { retry_after });
    }
    let coming = authentication_log::Coming::announce();
    let (outcome, log) = api_auth::authenticate(
        &db,
        authorization.as_deref(),
        scope,
        reads,
        &client_address,
        now_ms,
    )
    .await?;
    // R16: a refusal that would write a row counts against the address's
    // failures first, so no anonymous holder of a string (made up,
    // revoked, replaced, or used from outside its allowlist) writes rows at
    // will: past the limit, nothing is written, however many arrive at once.
    if let Err(refusal) = &outcome
        && counts_as_failure(refusal)
        && let Some(retry_after) =
            failed_authentication_limit::count_failure(env, &client_address, now).await
    {
        return Err(AppError::TooManyAttempts { retry_after });
    }
    let request_id = http::request_id(request);
    let usage = http::usage(request);
    // R17: the answer waits until its AUTHENTICATE entry is durable.
    if let Some(mut log) = log {
        log.entry.request_id = request_id.clone();
        log.entry.usage = usage.clone();
        let budget_rows = config::token_log_budget_rows(env);
        authentication_log::record(log, coming, env, ctx, budget_rows).await?;
    }
    if let (Ok(caller), Some(address)) = (&outcome, usage.address.as_deref())
        && let Some((credential, _)) = &caller.token
    {
        recent_addresses::record_use(env, &db, credential, address, &usage, now).await?;
    }
    let response = match outcome {
        Ok(caller) => {
            let expiration = caller.expiration.clone();
            let response = answer(caller, now_ms)
                .await
                .unwrap_or_else(AppError::into_response);
            if let Some(expiration) = expiration {
                response
                    .headers()
                    .set(TOKEN_EXPIRATION_HEADER, &expiration)?;
            }
            response
        }
        Err(refusal) => {
            let scope_needed = match &refusal.error {
                AppError::Refused(error) => error.scope_needed,
                _ => None,
            };
            let response = refusal.error.into_response();
            let headers = response.headers();
            headers.set("www-authenticate", &refusal.challenge)?;
            if let Some(expiration) = refusal.expiration {
                headers.set(TOKEN_EXPIRATION_HEADER, &expiration)?;
            }
            if let Some(scope) = scope_needed {
                headers.set(ACCEPTED_SCOPES_HEADER, scope.code())?;
            }
            response
        }
    };
    if let Some(id) = request_id {
        response.headers().set(http::REQUEST_ID_HEADER, &id)?;
    }
    Ok(response)
}

/// Whether a refusal counts against the client address's failed
/// authentications: every `401`, and a string used from outside its allowlist.
fn counts_as_failure(refusal: &api_auth::Refusal) -> bool {
    match &refusal.error {
        AppError::Refused(error) => {
            refusal.error.status() == 401
                || error.reason == Some(tessera_shared::TokenRefusal::AddressNotAllowed)
        }
        error => error.status() == 401,
    }
}
