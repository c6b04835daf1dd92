//! `/api/logins/{id}/tokens?page=&page_size=&search=` (list, create) and
//! `/api/tokens/{id}` (edit, revoke, generate, rotate) for the signed-in portal.

use tessera_shared::endpoints::{CreateToken, EditToken, GenerateToken, ListTokens, RotateToken};
use worker::{Env, Request, Response};

use super::session::{signed_in, signed_in_for_change};
use crate::clock;
use crate::error::AppResult;
use crate::http;
use crate::services::Bindings;
use crate::services::tokens;

pub async fn list(request: &Request, env: &Env, owner_login_id: i64) -> AppResult<Response> {
    let query = http::query::<ListTokens>(request)?;
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in(request, &bindings, now).await?.actor();
    let list = tokens::list(&bindings, &actor, owner_login_id, query, now).await?;
    Ok(http::answer::<ListTokens>(200, &list))
}

pub async fn create(request: &mut Request, env: &Env, owner_login_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    // One reading: seconds for the rules, milliseconds for Token Logs' order.
    let now_ms = clock::now_ms();
    let now = now_ms / 1000;
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let body = http::body::<CreateToken>(request).await?;
    let token = tokens::create(&bindings, &actor, owner_login_id, body, now_ms).await?;
    Ok(http::answer::<CreateToken>(201, &token))
}

pub async fn edit(request: &mut Request, env: &Env, token_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    // One reading: seconds for the rules, milliseconds for Token Logs' order.
    let now_ms = clock::now_ms();
    let now = now_ms / 1000;
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let body = http::body::<EditToken>(request).await?;
    let token = tokens::edit(&bindings, &actor, token_id, body, now_ms).await?;
    Ok(http::answer::<EditToken>(200, &token))
}

pub async fn generate(request: &Request, env: &Env, token_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    // One reading: seconds for the rules, milliseconds for Token Logs' order.
    let now_ms = clock::now_ms();
    let now = now_ms / 1000;
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let generated = tokens::generate(&bindings, &actor, token_id, now_ms).await?;
    Ok(http::answer::<GenerateToken>(200, &generated))
}

pub async fn rotate(request: &mut Request, env: &Env, token_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    // One reading: seconds for the rules, milliseconds for Token Logs' order.
    let now_ms = clock::now_ms();
    let now = now_ms / 1000;
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let body = http::body::<RotateToken>(request).await?;
    let rotated = tokens::rotate(&bindings, &actor, token_id, body, now_ms).await?;
    Ok(http::answer::<RotateToken>(200, &rotated))
}

pub async fn revoke(request: &Request, env: &Env, token_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    // One reading: seconds for the rules, milliseconds for Token Logs' order.
    let now_ms = clock::now_ms();
    let now = now_ms / 1000;
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    tokens::revoke(&bindings, &actor, token_id, now_ms).await?;
    Ok(Response::empty()?.with_status(204))
}
