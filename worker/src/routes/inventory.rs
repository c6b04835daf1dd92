//! `GET /api/inventory?filter=&days=&page=&page_size=`, `GET /api/inventory.csv?filter=&days=`
//! and `POST /api/inventory/revocations` (R13).

use tessera_shared::endpoints::{self, Inventory, InventoryCsv};
use tessera_shared::inventory::InventoryFilter;
use worker::{Env, Request, Response};

use super::session::{signed_in, signed_in_for_change};
use crate::clock;
use crate::error::AppResult;
use crate::http;
use crate::services::{Bindings, inventory};

pub async fn page(request: &Request, env: &Env) -> AppResult<Response> {
    let query = http::query::<Inventory>(request)?;
    let bindings = Bindings::from_env(env)?;
    let now = clock::now();
    let actor = signed_in(request, &bindings, now).await?.actor();
    let filter = InventoryFilter::of(query.export());
    let page = inventory::page(&bindings, &actor, filter, query.paging(), now).await?;
    Ok(http::answer::<Inventory>(200, &page))
}

pub async fn csv(request: &Request, env: &Env) -> AppResult<Response> {
    let filter = InventoryFilter::of(http::query::<InventoryCsv>(request)?);
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
    // One reading: seconds for the rules, milliseconds for Token Logs' order.
    let now_ms = clock::now_ms();
    let now = now_ms / 1000;
    let actor = signed_in_for_change(request, &bindings, now).await?.actor();
    let body = http::body::<endpoints::BulkRevoke>(request).await?;
    let result = inventory::revoke(&bindings, &actor, body.token_ids, now_ms).await?;
    Ok(http::answer::<endpoints::BulkRevoke>(200, &result))
}
