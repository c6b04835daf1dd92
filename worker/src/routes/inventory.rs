//! `GET /api/inventory?filter=&days=&page=&page_size=`, `GET /api/inventory.csv?filter=&days=`
//! and `POST /api/inventory/revocations` (R13).

use tessera_shared::ErrorCode;
use tessera_shared::inventory::{BulkRevokeRequest, InventoryFilter};
use worker::{Env, Request, Response};

use super::session::{signed_in, signed_in_for_change};
use crate::clock;
use crate::error::{AppError, AppResult};
use crate::http::{self, Query};
use crate::services::{Bindings, inventory};

fn filter(query: &Query) -> AppResult<InventoryFilter> {
    InventoryFilter::parse(query.text("filter"), query.number("days")?).ok_or_else(|| {
        AppError::refused(
            ErrorCode::InvalidQuery,
            "filter must be all, expired, expiring or never_used.",
        )
    })
}

pub async fn page(request: &Request, env: &Env) -> AppResult<Response> {
    let query = Query::of(request)?;
    let filter = filter(&query)?;
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in(request, &bindings, now).await?.actor();
    let page = inventory::page(
        &bindings,
        &actor,
        filter,
        query.number("page")?,
        query.number("page_size")?,
        now,
    )
    .await?;
    Ok(http::json_response(200, &page))
}

pub async fn csv(request: &Request, env: &Env) -> AppResult<Response> {
    let query = Query::of(request)?;
    let filter = filter(&query)?;
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in(request, &bindings, now).await?.actor();
    let csv = inventory::csv(env.clone(), &actor, filter, now)?;
    let response = Response::from_stream(csv)?;
    let headers = response.headers();
    headers.set("content-type", "text/csv; charset=utf-8")?;
    headers.set(
        "content-disposition",
        "attachment; filename=\"token-inventory.csv\"",
    )?;
    headers.set("cache-control", "no-store")?;
    Ok(response)
}

pub async fn revoke(request: &mut Request, env: &Env) -> AppResult<Response> {
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let body: BulkRevokeRequest = http::read_json(request).await?;
    let result = inventory::revoke(&bindings, &actor, body.token_ids, now).await?;
    Ok(http::json_response(200, &result))
}
