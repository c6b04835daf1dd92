//! `GET /api/inventory?filter=&days=&page=&page_size=`, `GET /api/inventory.csv?filter=&days=`
//! and `POST /api/inventory/revocations`: token admins only (R13).

use tessera_shared::endpoints::{BulkRevoke, Inventory, InventoryCsv};
use tessera_shared::inventory::InventoryFilter;
use worker::Response;

use super::caller::{Call, Handler, Proof};
use crate::error::AppResult;
use crate::http;
use crate::services::usage::inventory;

impl Handler for Inventory {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let query = call.query::<Self>()?;
        let filter = InventoryFilter::of(query.export());
        let now = call.now.seconds();
        let bindings = call.bindings()?;
        let page = inventory::page(&bindings, &caller, filter, query.paging(), now).await?;
        Ok(http::answer::<Self>(200, &page))
    }
}

impl Handler for InventoryCsv {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let filter = InventoryFilter::of(call.query::<Self>()?);
        let rows = inventory::csv(call.env.clone(), &caller, filter, call.now.seconds())?;
        http::csv_download(rows, "token-inventory.csv")
    }
}

impl Handler for BulkRevoke {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let now = call.now;
        let bindings = call.bindings()?;
        let result = inventory::revoke(&bindings, &caller, body.token_ids, now).await?;
        Ok(http::answer::<Self>(200, &result))
    }
}
