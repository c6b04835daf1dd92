//! `GET /api/notices`, `DELETE /api/notices/{id}` and `POST /api/notices/dismiss`.

use tessera_shared::endpoints::{DismissNotice, DismissNotices, ListNotices};
use worker::Response;

use super::caller::{Call, Handler, Proof, no_content};
use crate::error::AppResult;
use crate::http;
use crate::services::notify::notices;

impl Handler for ListNotices {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let list = notices::list(&call.bindings()?, &caller.actor()).await?;
        Ok(http::answer::<Self>(200, &list))
    }
}

impl Handler for DismissNotice {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let (notice_id, now) = (call.id()?, call.now.seconds());
        notices::dismiss(&call.bindings()?, &caller.actor(), notice_id, now).await?;
        no_content()
    }
}

impl Handler for DismissNotices {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let request = call.body::<Self>().await?;
        let now = call.now.seconds();
        let done = notices::dismiss_all(&call.bindings()?, &caller.actor(), request, now).await?;
        Ok(http::answer::<Self>(200, &done))
    }
}
