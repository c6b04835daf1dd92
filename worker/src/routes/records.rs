//! The token-protected API (R5): `GET /api/meta`, `GET /api/meta/reports`
//! (Meta Record scope) and `GET /api/data` (Report Record scope).

use tessera_shared::ScopeName;
use worker::{Context, Env, Request, Response};

use crate::clock;
use crate::error::{AppError, AppResult};
use crate::http::{self, Query};
use crate::services::records::RecordsRequest;
use crate::services::{api_auth, authentication_log, failed_authentication_limit};

pub async fn meta(request: &Request, env: &Env, ctx: &Context) -> AppResult<Response> {
    with_token(
        request,
        env,
        ctx,
        ScopeName::MetaRecord,
        RecordsRequest::Meta,
    )
    .await
}

pub async fn reports(request: &Request, env: &Env, ctx: &Context) -> AppResult<Response> {
    with_token(
        request,
        env,
        ctx,
        ScopeName::MetaRecord,
        RecordsRequest::Reports,
    )
    .await
}

pub async fn data(request: &Request, env: &Env, ctx: &Context) -> AppResult<Response> {
    let query = Query::of(request)?;
    let reads = RecordsRequest::readings(query.number("page")?, query.number("page_size")?)?;
    with_token(request, env, ctx, ScopeName::ReportRecord, reads).await
}

/// Checks the request's token for `scope` and answers with what `reads`
/// finds, both in one round trip to D1. The AUTHENTICATE entry is queued
/// and written after the response has gone (`wait_until` keeps the worker
/// alive until it is).
async fn with_token(
    request: &Request,
    env: &Env,
    ctx: &Context,
    scope: ScopeName,
    reads: RecordsRequest,
) -> AppResult<Response> {
    let db = env.d1("DB")?;
    let authorization = request.headers().get("authorization")?;
    let client_address = http::client_address(request);
    let now = clock::now();
    // R16: an address past its failed authentications waits, storage untouched.
    if let Some(retry_after) = failed_authentication_limit::wait_for(&client_address, now) {
        return Err(AppError::TooManyAttempts { retry_after });
    }
    let (outcome, log) = api_auth::authenticate(
        &db,
        authorization.as_deref(),
        scope,
        &reads,
        &client_address,
        now,
    )
    .await?;
    if let Some(flush) = log.and_then(|log| authentication_log::record(log, db)) {
        ctx.wait_until(flush);
    }
    match outcome {
        Ok(caller) => Ok(http::json_response(200, &reads.answer(&caller.records)?)),
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
            Ok(response)
        }
    }
}
