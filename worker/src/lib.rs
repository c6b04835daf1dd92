//! Tessera's Cloudflare Worker: serves the portal (static assets, SPA
//! fallback) and the JSON API under `/api/`, and enforces every rule of SPEC.md.
//!
//! Data flows one way: `routes` (HTTP in and out) -> `services` (the rules,
//! no HTTP) -> `store` (SQL and KV, no rules).

mod clock;
mod config;
mod error;
mod http;
mod password;
mod routes;
mod secret;
mod security_headers;
mod services;
mod store;

use worker::{Context, Env, Request, Response, event};

#[event(start)]
fn start() {
    console_error_panic_hook::set_once();
}

#[event(fetch)]
async fn fetch(request: Request, env: Env, ctx: Context) -> worker::Result<Response> {
    Ok(routes::handle(request, env, ctx).await)
}
