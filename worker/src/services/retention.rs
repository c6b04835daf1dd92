//! Token Logs retention (R17), run daily by the Cron Trigger
//! (`[triggers] crons` in wrangler.toml, the worker's `scheduled` handler):
//! each organization's entries older than its `log_retention_days` go, and
//! the hourly counts of unknown strings older than the default retention,
//! and the daily usage counters older than a token's chart shows.
//! Deleted in bounded batches, so no one statement holds D1 for long; what
//! one run leaves (more than `MAX_BATCHES_PER_RUN` batches' worth) the next
//! run takes.

use tessera_shared::organization::DEFAULT_LOG_RETENTION_DAYS;
use tessera_shared::usage::CHART_DAYS;
use worker::D1Database;

use crate::error::AppResult;
use crate::store::{organizations, token_logs, usage_days};

/// Rows one statement deletes at most.
const BATCH: i64 = 1_000;
/// Batches one run makes at most, per organization.
const MAX_BATCHES_PER_RUN: u32 = 100;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What a run deleted.
#[derive(Debug, Default)]
pub struct Deleted {
    pub entries: usize,
    /// Hourly counts: of AUTHENTICATE past the log's budget, and of unknown strings.
    pub counts: usize,
    /// Tokens' days of usage counters.
    pub usage_days: usize,
}

pub async fn run(db: &D1Database, now_ms: i64) -> AppResult<Deleted> {
    let mut deleted = Deleted::default();
    let first_charted = usage_days::day_of(now_ms / 1000) - (CHART_DAYS as i64 - 1);
    for organization in organizations::retentions(db).await? {
        let before_ms = now_ms - organization.log_retention_days * DAY_MS;
        let id = organization.id;
        deleted.entries +=
            in_batches(|| token_logs::delete_older(db, id, before_ms, BATCH)).await?;
        deleted.counts +=
            in_batches(|| token_logs::delete_counts_older(db, id, before_ms / 1000, BATCH)).await?;
        deleted.usage_days +=
            in_batches(|| usage_days::delete_older(db, id, first_charted, BATCH)).await?;
    }
    let before = (now_ms - DEFAULT_LOG_RETENTION_DAYS * DAY_MS) / 1000;
    deleted.counts +=
        in_batches(|| token_logs::delete_unknown_attempts_older(db, before, BATCH)).await?;
    // The budget counts what is left, exactly.
    token_logs::recount_budget(db).await?;
    Ok(deleted)
}

/// Runs `delete` until it deletes less than a full batch, or for at most
/// `MAX_BATCHES_PER_RUN` batches; returns how many rows went.
async fn in_batches<F, Fut>(mut delete: F) -> AppResult<usize>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = AppResult<usize>>,
{
    let mut total = 0;
    for _ in 0..MAX_BATCHES_PER_RUN {
        let gone = delete().await?;
        total += gone;
        if gone < BATCH as usize {
            break;
        }
    }
    Ok(total)
}
