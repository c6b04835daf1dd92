//! The token-protected API (R5): `GET /api/meta`, `GET /api/meta/reports`
//! (Meta Record scope) and `GET /api/data` (Report Record scope).

use serde::Serialize;
use tessera_shared::ScopeName;
use worker::{Context, Env, Request, Response};

use crate::clock;
use crate::error::AppResult;
use crate::http::{self, Query};
use crate::services::api_auth::{self, Authenticated};
use crate::services::{Bindings, records};

pub async fn meta(request: &Request, env: &Env, ctx: &Context) -> AppResult<Response> {
    with_token(
        request,
        env,
        ctx,
        ScopeName::MetaRecord,
        |bindings, caller| async move { records::meta(&bindings, &caller).await },
    )
    .await
}

pub async fn reports(request: &Request, env: &Env, ctx: &Context) -> AppResult<Response> {
    with_token(
        request,
        env,
        ctx,
        ScopeName::MetaRecord,
        |bindings, caller| async move { records::reports(&bindings, &caller).await },
    )
    .await
}

pub async fn data(request: &Request, env: &Env, ctx: &Context) -> AppResult<Response> {
    let query = Query::of(request)?;
    let (page, page_size) = (query.number("page")?, query.number("page_size")?);
    with_token(request, env, ctx, ScopeName::ReportRecord, |bindings, caller| async move {
        records::readings(&bindings, &caller, page, page_size).await
    })
    .await
}

/// Checks the request's token for `scope`, answers with `serve` when it
/// passes, and records the AUTHENTICATE entry after the response has gone
/// (`wait_until` keeps the worker alive until it is written).
async fn with_token<T, F, Fut>(
    request: &Request,
    env: &Env,
    ctx: &Context,
    scope: ScopeName,
    serve: F,
) -> AppResult<Response>
where
    T: Serialize,
    F: FnOnce(Bindings, Authenticated) -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    let bindings = Bindings::from_env(env)?;
    let authorization = request.headers().get("authorization")?;
    let client_address = http::client_address(request);
    let (outcome, log) = api_auth::authenticate(
        &bindings.db,
        authorization.as_deref(),
        scope,
        &client_address,
        clock::now(),
    )
    .await?;
    if let Some(log) = log {
        let db = env.d1("DB")?;
        ctx.wait_until(async move {
            if let Err(error) = log.write(&db).await {
                worker::console_error!("could not record an AUTHENTICATE entry: {error}");
            }
        });
    }
    match outcome {
        Ok(caller) => Ok(http::json_response(200, &serve(bindings, caller).await?)),
        Err(refusal) => {
            let response = refusal.error.into_response();
            response
                .headers()
                .set("www-authenticate", &refusal.challenge)?;
            Ok(response)
        }
    }
}
