//! `GET /api/organization`, `PUT /api/organization/policy`, `PUT /api/organization/basic-auth`,
//! `PUT /api/organization/log-retention`, `PUT /api/organization/stale-tokens` and the
//! webhook: `PUT /api/organization/webhook`, its deliveries, and a test delivery.

use tessera_shared::endpoints::{
    SetDefaultAllowlist, SetStaleTokens, SetWebhook, TestWebhook, WebhookDeliveries,
};
use tessera_shared::organization::{BasicAuthRequest, LogRetentionRequest, TokenPolicyRequest};
use worker::{Env, Request, Response};

use super::session::{signed_in, signed_in_for_change};
use crate::clock;
use crate::error::AppResult;
use crate::http;
use crate::services::{Bindings, organization, webhook};

pub async fn get(request: &Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    Ok(http::json_response(
        200,
        &organization::settings(&bindings, &actor).await?,
    ))
}

pub async fn set_policy(request: &mut Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in_for_change(request, &bindings, clock::now())
        .await?
        .actor();
    let body: TokenPolicyRequest = http::read_json(request).await?;
    let settings =
        organization::set_token_policy(&bindings, &actor, body.max_token_lifetime_days).await?;
    Ok(http::json_response(200, &settings))
}

pub async fn set_basic_auth(request: &mut Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in_for_change(request, &bindings, clock::now())
        .await?
        .actor();
    let body: BasicAuthRequest = http::read_json(request).await?;
    Ok(http::json_response(
        200,
        &organization::set_basic_auth(&bindings, &actor, body.enabled).await?,
    ))
}

pub async fn set_log_retention(request: &mut Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in_for_change(request, &bindings, clock::now())
        .await?
        .actor();
    let body: LogRetentionRequest = http::read_json(request).await?;
    Ok(http::json_response(
        200,
        &organization::set_log_retention(&bindings, &actor, body.days).await?,
    ))
}

pub async fn set_stale_tokens(request: &mut Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in_for_change(request, &bindings, clock::now())
        .await?
        .actor();
    let body = http::body::<SetStaleTokens>(request).await?;
    let settings = organization::set_stale_tokens(&bindings, &actor, body.days).await?;
    Ok(http::answer::<SetStaleTokens>(200, &settings))
}

pub async fn set_webhook(request: &mut Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in_for_change(request, &bindings, clock::now())
        .await?
        .actor();
    let body = http::body::<SetWebhook>(request).await?;
    let saved = webhook::set(&bindings, env, &actor, body).await?;
    Ok(http::answer::<SetWebhook>(200, &saved))
}

pub async fn webhook_deliveries(request: &Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    let list = webhook::deliveries(&bindings, &actor).await?;
    Ok(http::answer::<WebhookDeliveries>(200, &list))
}

pub async fn test_webhook(request: &Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let delivery = webhook::ping(&bindings, env, &actor, now).await?;
    Ok(http::answer::<TestWebhook>(202, &delivery))
}

pub async fn set_default_allowlist(request: &mut Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in_for_change(request, &bindings, clock::now())
        .await?
        .actor();
    let body = http::body::<SetDefaultAllowlist>(request).await?;
    let settings = organization::set_default_allowlist(&bindings, &actor, &body.addresses).await?;
    Ok(http::answer::<SetDefaultAllowlist>(200, &settings))
}
