//! `GET /api/token-logs?owner=&token=&activity=&result=&page=&page_size=`, and
//! `GET /api/token-logs.csv` with the same filters: every matching entry.

use tessera_shared::endpoints::{TokenLogs, TokenLogsCsv};
use worker::{Env, Request, Response};

use super::session::signed_in;
use crate::clock;
use crate::error::AppResult;
use crate::http;
use crate::services::Bindings;
use crate::services::token_logs;

pub async fn get(request: &Request, env: &Env) -> AppResult<Response> {
    let query = http::query::<TokenLogs>(request)?;
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    let page = token_logs::read(&bindings, &actor, query).await?;
    Ok(http::answer::<TokenLogs>(200, &page))
}

pub async fn csv(request: &Request, env: &Env) -> AppResult<Response> {
    let query = http::query::<TokenLogsCsv>(request)?;
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    let response = Response::from_stream(token_logs::csv(env.clone(), &actor, query)?)?;
    let headers = response.headers();
    headers.set("content-type", "text/csv; charset=utf-8")?;
    headers.set(
        "content-disposition",
        "attachment; filename=\"token-logs.csv\"",
    )?;
    headers.set("cache-control", "no-store")?;
    Ok(response)
}
