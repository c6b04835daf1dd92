//! Retention, run by the Cron Triggers (`[triggers] crons` in wrangler.toml,
//! the worker's `scheduled` handler): what each table keeps and for how
//! long is listed in docs/scale.md, "What bounds each table".
//!
//! Daily (R17): each organization's Token Logs entries and hourly counts
//! older than its `log_retention_days` go, the hourly counts of unknown
//! strings older than the default retention (they belong to no
//! organization), the daily usage counters older than a token's chart
//! shows, notices dismissed a month ago (or never dismissed, past the
//! default retention), webhook deliveries finished a month ago, warning
//! claims past the default retention, ended sessions past their time,
//! browsers no longer trusted, ids of emails sent over a week ago,
//! new-address alert counts of the days before yesterday, and the strings
//! of tokens revoked for longer than their organization's retention. Every quarter hour: password
//! attempts that are forgotten.
//!
//! Deleted in bounded batches, so no one statement holds D1 for long, and
//! with no cap on the batches: a run goes on until nothing older than the
//! retention is left (or, past `RUN_AT_MOST_MS`, the next run goes on), so
//! client addresses, user agents and countries never outlive the
//! organization's setting, whatever the load.

use tessera_shared::expiry::format_date;
use tessera_shared::organization::DEFAULT_LOG_RETENTION_DAYS;
use tessera_shared::sign_in_throttle::{DEVICE_COOKIE_SECONDS, FORGET_AFTER_SECONDS};
use tessera_shared::usage::CHART_DAYS;
use worker::D1Database;

use crate::clock::{self, Moment};
use crate::error::AppResult;
use crate::store::{
    audit_stream, credentials, notices, organizations, sent_emails, sessions, sign_in_throttle,
    token_logs, trusted_devices, usage_days, warnings, webhooks,
};

/// Rows one statement deletes at most.
const BATCH: i64 = 1_000;
/// How long one run deletes before leaving the rest to the next: well
/// inside the runtime's 15 minutes for a Cron Trigger.
const RUN_AT_MOST_MS: i64 = 10 * 60 * 1000;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
/// How long a dismissed notice is kept, and a finished webhook delivery
/// (the portal lists an organization's latest ones).
const DISMISSED_KEPT_SECONDS: i64 = 30 * 24 * 60 * 60;
const DELIVERIES_KEPT_SECONDS: i64 = 30 * 24 * 60 * 60;

/// What a run deleted.
#[derive(Debug, Default)]
pub struct Deleted {
    pub entries: usize,
    /// Hourly counts: of AUTHENTICATE past the log's budget, and of unknown strings.
    pub counts: usize,
    /// Tokens' days of usage counters.
    pub usage_days: usize,
    /// Audit stream events still waiting past the retention (R30).
    pub stream_events: usize,
    /// Browsers unused for longer than a device cookie lives.
    pub devices: usize,
    /// Notices dismissed a month ago, or made before the default retention.
    pub notices: usize,
    /// Webhook deliveries finished a month ago.
    pub deliveries: usize,
    /// Warning claims sent before the default retention.
    pub warnings: usize,
    /// Ended sessions past the time they would have expired anyway.
    pub sessions: usize,
    /// Ids of emails sent over a week ago.
    pub sent_emails: usize,
    /// New-address alert counts of the days before yesterday.
    pub alert_days: usize,
    /// Strings of tokens revoked for longer than their organization's retention.
    pub token_strings: usize,
}

/// The daily run.
pub async fn run(db: &D1Database, at: Moment) -> AppResult<Deleted> {
    let (now, now_ms) = (at.seconds(), at.ms());
    let deadline_ms = clock::now_ms() + RUN_AT_MOST_MS;
    let mut deleted = Deleted::default();
    let first_charted = usage_days::day_of(now) - (CHART_DAYS as i64 - 1);
    for organization in organizations::retentions(db).await? {
        let before_ms = now_ms - organization.log_retention_days * DAY_MS;
        let id = organization.id;
        deleted.entries += in_batches(deadline_ms, || {
            token_logs::delete_older(db, id, before_ms, BATCH)
        })
        .await?;
        deleted.counts += in_batches(deadline_ms, || {
            token_logs::delete_counts_older(db, id, before_ms / 1000, BATCH)
        })
        .await?;
        deleted.usage_days += in_batches(deadline_ms, || {
            usage_days::delete_older(db, id, first_charted, BATCH)
        })
        .await?;
    }
    deleted.stream_events += in_batches(deadline_ms, || {
        audit_stream::delete_beyond_retention(db, now_ms, BATCH)
    })
    .await?;
    let before = (now_ms - DEFAULT_LOG_RETENTION_DAYS * DAY_MS) / 1000;
    deleted.counts += in_batches(deadline_ms, || {
        token_logs::delete_unknown_attempts_older(db, before, BATCH)
    })
    .await?;
    deleted.notices += in_batches(deadline_ms, || {
        notices::delete_old(db, now - DISMISSED_KEPT_SECONDS, before, BATCH)
    })
    .await?;
    deleted.deliveries += in_batches(deadline_ms, || {
        webhooks::delete_finished(db, now - DELIVERIES_KEPT_SECONDS, BATCH)
    })
    .await?;
    deleted.warnings += in_batches(deadline_ms, || {
        warnings::delete_sent_before(db, before, BATCH)
    })
    .await?;
    deleted.sessions += in_batches(deadline_ms, || sessions::forget_ended(db, now, BATCH)).await?;
    deleted.sent_emails += in_batches(deadline_ms, || sent_emails::forget(db, now, BATCH)).await?;
    let yesterday = format_date(clock::date_of(now) - time::Duration::days(1));
    deleted.alert_days += in_batches(deadline_ms, || {
        notices::forget_new_address_alerts(db, &yesterday, BATCH)
    })
    .await?;
    deleted.token_strings += in_batches(deadline_ms, || {
        credentials::forget_strings_of_revoked(db, now, BATCH)
    })
    .await?;
    let unused_since = now - DEVICE_COOKIE_SECONDS;
    deleted.devices += in_batches(deadline_ms, || {
        trusted_devices::delete_unused(db, unused_since, BATCH)
    })
    .await?;
    // The budgets count what is left, exactly.
    token_logs::recount_budgets(db).await?;
    Ok(deleted)
}

/// The quarter-hourly run: password attempts old enough to be forgotten,
/// whose wait is over, count as absent; their rows go. Returns how many.
pub async fn forget_attempts(db: &D1Database, now: i64) -> AppResult<usize> {
    let deadline_ms = clock::now_ms() + RUN_AT_MOST_MS;
    in_batches(deadline_ms, || {
        sign_in_throttle::delete_forgotten(db, now, FORGET_AFTER_SECONDS, BATCH)
    })
    .await
}

/// Runs `delete` until it deletes less than a full batch, or until
/// `deadline_ms`; returns how many rows went.
async fn in_batches<F, Fut>(deadline_ms: i64, mut delete: F) -> AppResult<usize>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = AppResult<usize>>,
{
    let mut total = 0;
    loop {
        let gone = delete().await?;
        total += gone;
        if gone < BATCH as usize || clock::now_ms() >= deadline_ms {
            return Ok(total);
        }
    }
}
