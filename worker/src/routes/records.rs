//! The token-protected API (R5): `GET /api/meta`, `GET /api/meta/reports`
//! (Meta Record scope) and `GET /api/data` (Report Record scope).

use tessera_shared::ScopeName;
use tessera_shared::endpoints;
use worker::{Env, Request, Response};

use crate::error::{AppError, AppResult};
use crate::http;
use crate::services::records::RecordsRequest;
use crate::services::{self, api_auth, authentication_log, failed_authentication_limit};
use crate::{clock, config};

pub async fn meta(request: &Request, env: &Env) -> AppResult<Response> {
    with_token(request, env, ScopeName::MetaRecord, RecordsRequest::Meta).await
}

pub async fn reports(request: &Request, env: &Env) -> AppResult<Response> {
    with_token(request, env, ScopeName::MetaRecord, RecordsRequest::Reports).await
}

pub async fn data(request: &Request, env: &Env) -> AppResult<Response> {
    let reads = RecordsRequest::readings(http::query::<endpoints::Data>(request)?);
    with_token(request, env, ScopeName::ReportRecord, reads).await
}

/// Checks the request's token for `scope` and answers with what `reads`
/// finds, both in one round trip to D1, once the AUTHENTICATE entry has
/// been written (in a group with the entries of requests arriving together).
async fn with_token(
    request: &Request,
    env: &Env,
    scope: ScopeName,
    reads: RecordsRequest,
) -> AppResult<Response> {
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
        &reads,
        &client_address,
        now_ms,
    )
    .await?;
    let request_id = http::request_id(request);
    // R17: the answer waits until its AUTHENTICATE entry is durable.
    if let Some(mut log) = log {
        log.entry.request_id = request_id.clone();
        authentication_log::record(log, coming, &db, config::token_log_budget_rows(env)).await?;
    }
    let response = match outcome {
        Ok(caller) => http::json_response(200, &reads.answer(caller.records)?),
        Err(refusal) => {
            if refusal.error.status() == 401 {
                if let Some(retry_after) =
                    failed_authentication_limit::count_failure(env, &client_address, now).await
                {
                    return Err(AppError::TooManyAttempts { retry_after });
                }
            }
            let response = refusal.error.into_response();
            response
                .headers()
                .set("www-authenticate", &refusal.challenge)?;
            response
        }
    };
    if let Some(id) = request_id {
        response.headers().set(http::REQUEST_ID_HEADER, &id)?;
    }
    Ok(response)
}
