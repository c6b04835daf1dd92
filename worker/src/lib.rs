//! Tessera's Cloudflare Worker: serves the portal (static assets, SPA
//! fallback) and the JSON API under `/api/`, and enforces every rule of docs/rules.md.
//!
//! Data flows one way: `routes` (HTTP in and out) -> `services` (the rules,
//! no HTTP) -> `store` (SQL and KV, no rules).

mod clock;
mod config;
mod cors;
mod error;
mod http;
mod json;
mod password;
mod routes;
mod sealed;
mod secret;
mod security_headers;
mod services;
mod store;

use worker::{
    Context, Env, MessageBatch, Request, Response, ScheduleContext, ScheduledEvent, event,
};

/// The daily Cron Trigger's schedule, as wrangler.toml writes it.
const DAILY: &str = "23 3 * * *";
/// The minute's Cron Trigger: the audit streams (R30).
const EVERY_MINUTE: &str = "* * * * *";

#[event(start)]
fn start() {
    console_error_panic_hook::set_once();
}

#[event(fetch)]
async fn fetch(request: Request, env: Env, ctx: Context) -> worker::Result<Response> {
    clock::init(&env);
    Ok(routes::handle(request, env, &ctx).await)
}

/// The Cron Triggers (wrangler.toml `[triggers]`): every quarter hour,
/// rotation overlaps whose grace period is over are ended in Token Logs;
/// once a day also the expiry warnings and the stale-token policy, then
/// Token Logs retention (R17). Every minute, the audit streams with events
/// waiting are queued for delivery (R30).
#[event(scheduled)]
async fn scheduled(event: ScheduledEvent, env: Env, _ctx: ScheduleContext) {
    clock::init(&env);
    let db = match services::database(&env) {
        Ok(db) => db,
        Err(error) => return worker::console_error!("scheduled: {error}"),
    };
    let now = clock::Moment::now();
    if event.cron() == EVERY_MINUTE {
        if let Err(error) = services::notify::audit_stream::tick(&env, &db, now.seconds()).await {
            worker::console_error!("audit streams failed: {error}");
        }
        return;
    }
    match services::tokens::rotation::end_overlaps(&db, now.seconds()).await {
        Ok(0) => {}
        Ok(ended) => worker::console_log!("rotation: {ended} overlaps ended"),
        Err(error) => worker::console_error!("rotation failed: {error}"),
    }
    match services::organization::retention::forget_attempts(&db, now.seconds()).await {
        Ok(0) => {}
        Ok(forgotten) => worker::console_log!("throttle: {forgotten} forgotten keys deleted"),
        Err(error) => worker::console_error!("throttle purge failed: {error}"),
    }
    if event.cron() != DAILY {
        return;
    }
    match services::notify::warnings::run(&env, &db, now).await {
        Ok(done) => worker::console_log!(
            "warnings: {} expiry warnings, {} stale warnings, {} stale tokens revoked",
            done.expiry_warnings,
            done.stale_warnings,
            done.stale_revoked
        ),
        Err(error) => worker::console_error!("warnings failed: {error}"),
    }
    if let Err(error) = services::tokens::approval::send_digests(&env, &db, now.seconds()).await {
        worker::console_error!("approval digests failed: {error}");
    }
    match services::organization::retention::run(&db, now).await {
        Ok(deleted) => worker::console_log!(
            "retention: {} Token Logs entries, {} hourly counts, {} usage days, {} notices, \
             {} deliveries, {} warnings, {} ended sessions, {} devices, {} sent email ids, \
             {} alert days, {} strings of revoked tokens and {} waiting stream events deleted",
            deleted.entries,
            deleted.counts,
            deleted.usage_days,
            deleted.notices,
            deleted.deliveries,
            deleted.warnings,
            deleted.sessions,
            deleted.devices,
            deleted.sent_emails,
            deleted.alert_days,
            deleted.token_strings,
            deleted.stream_events
        ),
        Err(error) => worker::console_error!("retention failed: {error}"),
    }
}

/// The notifications queue's consumer (wrangler.toml `[[queues.consumers]]`):
/// emails and webhook deliveries, each retried by the queue when it fails.
#[event(queue)]
async fn queue(
    batch: MessageBatch<services::notify::outbound::Outbound>,
    env: Env,
    _ctx: Context,
) -> worker::Result<()> {
    clock::init(&env);
    services::notify::consumer::consume(batch, &env).await
}
