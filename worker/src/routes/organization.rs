//! `GET /api/organization` (anyone signed in) and, for system administrators,
//! its settings: `PUT /api/organization/policy`, `/basic-auth`,
//! `/log-retention`, `/stale-tokens`, `/allowed-addresses`, `/approval` (R27), and the webhook:
//! `PUT /api/organization/webhook`, its deliveries, and a test delivery.

use tessera_shared::endpoints::{GetAuditStream, SetAuditStream};
use tessera_shared::endpoints::{
    GetOrganization, PreviewTokenPolicy, SetApprovalRule, SetBasicAuth, SetDefaultAllowlist,
    SetLogRetention, SetStaleTokens, SetTokenPolicy, SetWebhook, TestWebhook, WebhookDeliveries,
};
use worker::Response;

use super::caller::{Call, Handler, Proof};
use crate::error::AppResult;
use crate::http;
use crate::services::notify::{audit_stream, webhook};
use crate::services::organization;

impl Handler for GetOrganization {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let settings = organization::settings(&call.bindings()?, &caller.actor()).await?;
        Ok(http::answer::<Self>(200, &settings))
    }
}

impl Handler for SetTokenPolicy {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let proposed = call.body::<Self>().await?;
        let bindings = call.bindings()?;
        let settings = organization::policy::set(&bindings, &caller, proposed, call.now).await?;
        Ok(http::answer::<Self>(200, &settings))
    }
}

impl Handler for PreviewTokenPolicy {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let proposed = call.body::<Self>().await?;
        let bindings = call.bindings()?;
        let preview = organization::policy::preview(&bindings, &caller, proposed, call.now).await?;
        Ok(http::answer::<Self>(200, &preview))
    }
}

impl Handler for SetApprovalRule {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let rule = call.body::<Self>().await?;
        let settings = organization::set_approval_rule(&call.bindings()?, &caller, rule).await?;
        Ok(http::answer::<Self>(200, &settings))
    }
}

impl Handler for SetBasicAuth {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let enabled = call.body::<Self>().await?.enabled;
        let settings = organization::set_basic_auth(&call.bindings()?, &caller, enabled).await?;
        Ok(http::answer::<Self>(200, &settings))
    }
}

impl Handler for SetLogRetention {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let days = call.body::<Self>().await?.days;
        let settings = organization::set_log_retention(&call.bindings()?, &caller, days).await?;
        Ok(http::answer::<Self>(200, &settings))
    }
}

impl Handler for SetStaleTokens {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let days = call.body::<Self>().await?.days;
        let settings = organization::set_stale_tokens(&call.bindings()?, &caller, days).await?;
        Ok(http::answer::<Self>(200, &settings))
    }
}

impl Handler for SetDefaultAllowlist {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let addresses = call.body::<Self>().await?.addresses;
        let bindings = call.bindings()?;
        let settings = organization::set_default_allowlist(&bindings, &caller, &addresses).await?;
        Ok(http::answer::<Self>(200, &settings))
    }
}

impl Handler for SetWebhook {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let saved = webhook::set(&call.bindings()?, call.env, &caller, body).await?;
        Ok(http::answer::<Self>(200, &saved))
    }
}

impl Handler for WebhookDeliveries {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let list = webhook::deliveries(&call.bindings()?, &caller).await?;
        Ok(http::answer::<Self>(200, &list))
    }
}

impl Handler for TestWebhook {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let now = call.now.seconds();
        let delivery = webhook::ping(&call.bindings()?, call.env, &caller, now).await?;
        Ok(http::answer::<Self>(202, &delivery))
    }
}

impl Handler for GetAuditStream {
    async fn handle(call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let status = audit_stream::status(&call.bindings()?, &caller).await?;
        Ok(http::answer::<Self>(200, &status))
    }
}

impl Handler for SetAuditStream {
    async fn handle(mut call: Call<'_>, caller: Proof<Self>) -> AppResult<Response> {
        let body = call.body::<Self>().await?;
        let saved = audit_stream::set(&call.bindings()?, call.env, &caller, body).await?;
        Ok(http::answer::<Self>(200, &saved))
    }
}
