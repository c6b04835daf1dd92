//! `/api/logins/{id}/tokens?page=&page_size=&search=` (list, create) and
//! `/api/tokens/{id}` (edit, revoke, generate) for the signed-in portal.

use tessera_shared::tokens::{CreateTokenRequest, EditTokenRequest};
use worker::{Env, Request, Response};

use super::session::{signed_in, signed_in_for_change};
use crate::clock;
use crate::error::AppResult;
use crate::http::{self, Query};
use crate::services::Bindings;
use crate::services::tokens::{self, ListQuery};

pub async fn list(request: &Request, env: &Env, owner_login_id: i64) -> AppResult<Response> {
    let query = Query::of(request)?;
    let list_query = ListQuery {
        page: query.number("page")?,
        page_size: query.number("page_size")?,
        search: query.text("search").map(str::to_owned),
    };
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in(request, &bindings, now).await?.actor();
    let list = tokens::list(&bindings, &actor, owner_login_id, list_query, now).await?;
    Ok(http::json_response(200, &list))
}

pub async fn create(request: &mut Request, env: &Env, owner_login_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let body: CreateTokenRequest = http::read_json(request).await?;
    let token = tokens::create(&bindings, &actor, owner_login_id, body, now).await?;
    Ok(http::json_response(201, &token))
}

pub async fn edit(request: &mut Request, env: &Env, token_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let body: EditTokenRequest = http::read_json(request).await?;
    let token = tokens::edit(&bindings, &actor, token_id, body, now).await?;
    Ok(http::json_response(200, &token))
}

pub async fn generate(request: &Request, env: &Env, token_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let generated = tokens::generate(&bindings, &actor, token_id, now).await?;
    Ok(http::json_response(200, &generated))
}

pub async fn revoke(request: &Request, env: &Env, token_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    tokens::revoke(&bindings, &actor, token_id, now).await?;
    Ok(Response::empty()?.with_status(204))
}
