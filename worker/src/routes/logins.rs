//! `GET /api/logins?search=` (Contacts & Logins) and
//! `POST /api/logins/{id}/changes` (role and flag changes).

use tessera_shared::logins::ChangeLoginRequest;
use worker::{Env, Request, Response};

use super::session::{signed_in, signed_in_for_change};
use crate::clock;
use crate::error::AppResult;
use crate::http::{self, Query};
use crate::services::{logins, Bindings};

pub async fn list(request: &Request, env: &Env) -> AppResult<Response> {
    let query = Query::of(request)?;
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    Ok(http::json_response(200, &logins::list(&bindings, &actor, query.text("search")).await?))
}

pub async fn change(request: &mut Request, env: &Env, login_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in_for_change(request, &bindings, clock::now()).await?.actor();
    let body: ChangeLoginRequest = http::read_json(request).await?;
    logins::change(&bindings, &actor, login_id, body.change).await?;
    Ok(Response::empty()?.with_status(204))
}
