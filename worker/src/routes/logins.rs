//! `GET /api/logins?search=` (Contacts & Logins), `POST /api/logins` (add one) and
//! `POST /api/logins/{id}/changes` (role and flag changes).

use tessera_shared::logins::{ChangeLoginRequest, CreateLoginRequest};
use worker::{Env, Request, Response};

use super::session::{signed_in, signed_in_for_change};
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::http::{self, Query};
use crate::services::{Bindings, logins};

pub async fn list(request: &Request, env: &Env) -> AppResult<Response> {
    let query = Query::of(request)?;
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    Ok(http::json_response(
        200,
        &logins::list(&bindings, &actor, query.text("search")).await?,
    ))
}

pub async fn change(request: &mut Request, env: &Env, login_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in_for_change(request, &bindings, clock::now())
        .await?
        .actor();
    let body: ChangeLoginRequest = http::read_json(request).await?;
    logins::change(&bindings, &actor, login_id, body.change).await?;
    Ok(Response::empty()?.with_status(204))
}

pub async fn create(request: &mut Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let body: CreateLoginRequest = http::read_json(request).await?;
    let id = logins::create(&bindings, &actor, body, now).await?;
    let created = logins::list(&bindings, &actor, None)
        .await?
        .logins
        .into_iter()
        .find(|login| login.id == id)
        .ok_or_else(|| AppError::Internal("a created login is missing".into()))?;
    Ok(http::json_response(201, &created))
}
