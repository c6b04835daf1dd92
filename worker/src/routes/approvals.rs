//! `GET /api/approvals` (the approval queue) and `POST /api/tokens/{id}/approval`
//! (a decision): token admins only (R27).

use tessera_shared::endpoints::{DecideApproval, ListApprovals};
use worker::Response;

use super::caller::{Call, Handler, Proof};
use crate::error::AppResult;
use crate::http;
use crate::services::tokens::approval;

impl Handler for ListApprovals {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let queue = approval::queue(&call.bindings()?, &caller).await?;
        Ok(http::answer::<Self>(200, &queue))
    }
}

impl Handler for DecideApproval {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let decision = call.body::<Self>().await?;
        let bindings = call.bindings()?;
        let token_id = call.id()?;
        let decided =
            approval::decide(&bindings, call.env, &caller, token_id, decision, call.now).await?;
        Ok(http::answer::<Self>(200, &decided))
    }
}
