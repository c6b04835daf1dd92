//! `GET /api/token-logs?owner=&token=&activity=&result=&page=&page_size=`, and
//! `GET /api/token-logs.csv` with the same filters: every matching entry.
//! Whose entries a login may read is decided by the service (R12).

use tessera_shared::endpoints::{TokenLogs, TokenLogsCsv};
use worker::Response;

use super::caller::{Call, Handler, Proof};
use crate::error::AppResult;
use crate::http;
use crate::services::usage::token_logs;

impl Handler for TokenLogs {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let query = call.query::<Self>()?;
        let page = token_logs::read(&call.bindings()?, &caller.actor(), query).await?;
        Ok(http::answer::<Self>(200, &page))
    }
}

impl Handler for TokenLogsCsv {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let query = call.query::<Self>()?;
        let rows = token_logs::csv(call.env.clone(), &caller.actor(), query)?;
        http::csv_download(rows, "token-logs.csv")
    }
}
