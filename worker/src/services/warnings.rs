//! The daily run's warnings and the stale-token policy (issue 12): tokens
//! reaching 30, 7 and 1 days before Expiry On are warned about, tokens
//! unused for their organization's period are warned about 7 days ahead,
//! then revoked. Every warning is claimed in storage before it is sent, so
//! it is sent once per token, kind and date however often the run goes.

use tessera_shared::expiry::{format_date, parse_date};
use tessera_shared::organization::STALE_WARNING_DAYS;
use time::Duration;
use worker::{D1Database, Env};

use super::notify::{self, Warning};
use crate::clock;
use crate::error::AppResult;
use crate::store::tokens;
use crate::store::warnings::{self, Claimed, ROUND};

/// Rounds of `ROUND` per part in one run at most; the rest waits for the next day.
const MAX_ROUNDS: usize = 50;

/// What one run did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub expiry_warnings: usize,
    pub stale_warnings: usize,
    pub stale_revoked: usize,
}

pub async fn run(env: &Env, db: &D1Database, now_ms: i64) -> AppResult<Outcome> {
    let now = now_ms / 1000;
    let today = clock::date_of(now);
    let day = |days: i64| format_date(today + Duration::days(days));
    let mut outcome = Outcome::default();

    for _ in 0..MAX_ROUNDS {
        let claimed =
            warnings::claim_expiry_warnings(db, &day(0), &day(1), &day(7), &day(30), now).await?;
        outcome.expiry_warnings += claimed.len();
        let done = (claimed.len() as i64) < ROUND;
        let warned: Vec<_> = facts_of(db, &claimed)
            .await?
            .into_iter()
            .map(|(token, _)| {
                let days_left = token
                    .expiry_on
                    .as_deref()
                    .and_then(parse_date)
                    .map_or(0, |expiry_on| (expiry_on - today).whole_days());
                (token, Warning::Expiring { days_left })
            })
            .collect();
        notify::notify(env, db, &warned, now).await?;
        if done {
            break;
        }
    }

    for _ in 0..MAX_ROUNDS {
        let claimed = warnings::claim_stale_warnings(db, STALE_WARNING_DAYS, now).await?;
        outcome.stale_warnings += claimed.len();
        let done = (claimed.len() as i64) < ROUND;
        let warned: Vec<_> = facts_of(db, &claimed)
            .await?
            .into_iter()
            .map(|(token, revoke_on)| {
                let days = token.stale_after_days.unwrap_or_default();
                (token, Warning::StaleSoon { revoke_on, days })
            })
            .collect();
        notify::notify(env, db, &warned, now).await?;
        if done {
            break;
        }
    }

    for _ in 0..MAX_ROUNDS {
        let stale = warnings::stale_tokens(db, now).await?;
        let done = (stale.len() as i64) < ROUND;
        let revoked = warnings::revoke_stale(db, &stale, now, now_ms).await?;
        outcome.stale_revoked += revoked.len();
        let facts = tokens::facts(db, &revoked).await?;
        let warned: Vec<_> = facts
            .into_iter()
            .filter_map(|token| {
                let days = stale
                    .iter()
                    .find(|s| s.token_id == token.token_id)?
                    .stale_after_days;
                Some((token, Warning::RevokedAsStale { days }))
            })
            .collect();
        notify::notify(env, db, &warned, now).await?;
        if done || revoked.is_empty() {
            break;
        }
    }
    Ok(outcome)
}

/// Each claim's token facts, and the date the claim is about.
async fn facts_of(
    db: &D1Database,
    claimed: &[Claimed],
) -> AppResult<Vec<(tokens::TokenFacts, String)>> {
    let ids: Vec<i64> = claimed.iter().map(|claim| claim.token_id).collect();
    let facts = tokens::facts(db, &ids).await?;
    Ok(claimed
        .iter()
        .filter_map(|claim| {
            let token = facts.iter().find(|t| t.token_id == claim.token_id)?;
            Some((token.clone(), claim.about.clone()))
        })
        .collect())
}
