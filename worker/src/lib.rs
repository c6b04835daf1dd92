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

use worker::{Context, Env, Request, Response, ScheduleContext, ScheduledEvent, event};

#[event(start)]
fn start() {
    console_error_panic_hook::set_once();
}

#[event(fetch)]
async fn fetch(request: Request, env: Env, _ctx: Context) -> worker::Result<Response> {
    Ok(routes::handle(request, env).await)
}

/// The daily Cron Trigger (wrangler.toml `[triggers]`): Token Logs retention (R17).
#[event(scheduled)]
async fn scheduled(_event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    let outcome = match services::database(&env) {
        Ok(db) => services::retention::run(&db, clock::now_ms()).await,
        Err(error) => Err(error.into()),
    };
    match outcome {
        Ok(deleted) => worker::console_log!(
            "retention: {} Token Logs entries and {} hourly counts deleted",
            deleted.entries,
            deleted.counts
        ),
        Err(error) => worker::console_error!("retention failed: {error}"),
    }
}
