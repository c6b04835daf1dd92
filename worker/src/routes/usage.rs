//! `GET /api/tokens/{id}/usage` (a token's detail panel) and
//! `GET /api/inventory/usage` (the organization's week, for token admins).

use tessera_shared::endpoints::{OrganizationUsage, TokenUsage};
use worker::Response;

use super::caller::{Call, Handler, Proof};
use crate::error::AppResult;
use crate::http;
use crate::services::usage;

impl Handler for TokenUsage {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let (token_id, now) = (call.id()?, call.now.seconds());
        let panel = usage::of_token(&call.bindings()?, &caller.actor(), token_id, now).await?;
        Ok(http::answer::<Self>(200, &panel))
    }
}

impl Handler for OrganizationUsage {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let now = call.now.seconds();
        let week = usage::organization_week(&call.bindings()?, &caller, now).await?;
        Ok(http::answer::<Self>(200, &week))
    }
}
