//! `GET /api/notices` and `DELETE /api/notices/{id}`.

use tessera_shared::endpoints::ListNotices;
use worker::{Env, Request, Response};

use super::session::{signed_in, signed_in_for_change};
use crate::clock;
use crate::error::AppResult;
use crate::http;
use crate::services::{Bindings, notices};

pub async fn list(request: &Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    let list = notices::list(&bindings, &actor).await?;
    Ok(http::answer::<ListNotices>(200, &list))
}

pub async fn dismiss(request: &Request, env: &Env, notice_id: i64) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    notices::dismiss(&bindings, &actor, notice_id, now).await?;
    Ok(Response::empty()?.with_status(204))
}
