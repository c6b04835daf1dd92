//! `GET /api/token-logs?owner=&token=&activity=&result=&page=&page_size=`, and
//! `GET /api/token-logs.csv` with the same filters: every matching entry.

use tessera_shared::tokens::{Activity, AuthResult};
use worker::{Env, Request, Response};

use super::session::signed_in;
use crate::clock;
use crate::error::AppResult;
use crate::http::{self, Query};
use crate::services::Bindings;
use crate::services::token_logs::{self, LogOwner, LogQuery};

pub async fn get(request: &Request, env: &Env) -> AppResult<Response> {
    let log_query = log_query(request)?;
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    Ok(http::json_response(
        200,
        &token_logs::read(&bindings, &actor, log_query).await?,
    ))
}

pub async fn csv(request: &Request, env: &Env) -> AppResult<Response> {
    let log_query = log_query(request)?;
    let bindings = Bindings::from_env(env)?;
    let actor = signed_in(request, &bindings, clock::now()).await?.actor();
    let response = Response::from_stream(token_logs::csv(env.clone(), &actor, log_query)?)?;
    let headers = response.headers();
    headers.set("content-type", "text/csv; charset=utf-8")?;
    headers.set(
        "content-disposition",
        "attachment; filename=\"token-logs.csv\"",
    )?;
    headers.set("cache-control", "no-store")?;
    Ok(response)
}

fn log_query(request: &Request) -> AppResult<LogQuery> {
    let query = Query::of(request)?;
    let owner = match query.text("owner") {
        None => LogOwner::Mine,
        Some("all") => LogOwner::Everyone,
        Some(_) => LogOwner::Login(query.number("owner")?.unwrap_or_default()),
    };
    Ok(LogQuery {
        owner,
        token_name: query.text("token").map(str::to_owned),
        activity: query.parsed(
            "activity",
            Activity::parse,
            "CREATE, GENERATE, UPDATE, REVOKE or AUTHENTICATE",
        )?,
        result: query.parsed("result", AuthResult::parse, "OK or Fail")?,
        page: query.number("page")?,
        page_size: query.number("page_size")?,
    })
}
