//! `GET /api/notices` and `DELETE /api/notices/{id}`.

use tessera_shared::endpoints::{DismissNotice, ListNotices};
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
