//! `GET /api/logins?search=` (Contacts & Logins), `POST /api/logins` (add one) and
//! `POST /api/logins/{id}/changes` (role and flag changes).

use tessera_shared::endpoints::{ChangeLogin, CreateLogin, ListLogins};
use worker::{Env, Request, Response};

use super::session::{signed_in, signed_in_for_change};
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::http;
use crate::services::{Bindings, logins};

pub async fn list(request: &Request, env: &Env) -> AppResult<Response> {
    let query = http::query::<ListLogins>(request)?;
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    let list = logins::list(&bindings, &actor, query.search.as_deref()).await?;
    Ok(http::answer::<ListLogins>(200, &list))
}

pub async fn change(request: &mut Request, env: &Env, login_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in_for_change(request, &bindings, clock::now())
        .await?
        .actor();
    let body = http::body::<ChangeLogin>(request).await?;
    logins::change(&bindings, &actor, login_id, body.change).await?;
    Ok(Response::empty()?.with_status(204))
}

pub async fn create(request: &mut Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let body = http::body::<CreateLogin>(request).await?;
    let id = logins::create(&bindings, &actor, body, now).await?;
    let created = logins::list(&bindings, &actor, None)
        .await?
        .logins
        .into_iter()
        .find(|login| login.id == id)
        .ok_or_else(|| AppError::Internal("a created login is missing".into()))?;
    Ok(http::answer::<CreateLogin>(201, &created))
}
