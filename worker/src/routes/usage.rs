//! `GET /api/tokens/{id}/usage` (a token's detail panel) and
//! `GET /api/inventory/usage` (the organization's week).

use tessera_shared::endpoints::{OrganizationUsage, TokenUsage};
use worker::{Env, Request, Response};

use super::session::signed_in;
use crate::clock;
use crate::error::AppResult;
use crate::http;
use crate::services::{Bindings, usage};

pub async fn token(request: &Request, env: &Env, token_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in(request, &bindings, now).await?.actor();
    let panel = usage::of_token(&bindings, &actor, token_id, now).await?;
    Ok(http::answer::<TokenUsage>(200, &panel))
}

pub async fn organization(request: &Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in(request, &bindings, now).await?.actor();
    let week = usage::organization_week(&bindings, &actor, now).await?;
    Ok(http::answer::<OrganizationUsage>(200, &week))
}
