//! The daily run's warnings and the stale-token policy (R18, R21): tokens
//! reaching 30, 7 and 1 days before Expiry On are warned about, tokens
//! unused for their organization's period are warned about, then revoked.
//!
//! - Every warning is claimed in storage together with its portal notice,
//!   so it is sent once per token, kind and date however often the run
//!   goes, and a claimed warning always has its notice; its emails and
//!   webhook delivery go through the notifications queue, which retries
//!   what fails.
//! - No token is revoked by the policy unless its stale warning, naming the
//!   day, was claimed at least `STALE_WARNING_DAYS` before and since its
//!   last use, and that day has come. Turning the policy on (or shortening
//!   it) therefore warns every token already past it first: they are
//!   revoked a week later at the soonest.

use tessera_shared::expiry::{format_date, parse_date};
use tessera_shared::organization::STALE_WARNING_DAYS;
use time::{Date, Duration};
use worker::{D1Database, Env};

use crate::clock::{self, Moment};
use crate::error::AppResult;
use crate::services::notify::{self, Warning};
use crate::store::token_facts::{self, TokenFacts};
use crate::store::warnings::{self, Due, Notice, ROUND};

/// Rounds of `ROUND` per part in one run at most; the rest waits for the next day.
const MAX_ROUNDS: usize = 50;

/// What one run did.
#[derive(Debug, Default)]
pub struct Outcome {
    pub expiry_warnings: usize,
    pub stale_warnings: usize,
    pub stale_revoked: usize,
}

pub async fn run(env: &Env, db: &D1Database, at: Moment) -> AppResult<Outcome> {
    let (now, now_ms) = (at.seconds(), at.ms());
    let today = clock::date_of(now);
    let [today_text, in_1_day, in_7_days, in_30_days] = expiry_warning_days(today);
    let mut outcome = Outcome::default();

    for _ in 0..MAX_ROUNDS {
        let due =
            warnings::due_expiry_warnings(db, &today_text, &in_1_day, &in_7_days, &in_30_days)
                .await?;
        let warned: Vec<_> = facts_of(db, due)
            .await?
            .into_iter()
            .map(|(due, token)| {
                let days_left = days_left(&due.about, today);
                (due, token, Warning::Expiring { days_left })
            })
            .collect();
        let round = warned.len();
        let claimed = claim_and_send(env, db, warned, now).await?;
        outcome.expiry_warnings += claimed;
        if (round as i64) < ROUND || claimed == 0 {
            break;
        }
    }

    for _ in 0..MAX_ROUNDS {
        let due = warnings::due_stale_warnings(db, STALE_WARNING_DAYS, now).await?;
        let warned: Vec<_> = facts_of(db, due)
            .await?
            .into_iter()
            .map(|(due, token)| {
                let days = token.stale_after_days.unwrap_or_default();
                let revoke_on = due.about.clone();
                (due, token, Warning::StaleSoon { revoke_on, days })
            })
            .collect();
        let round = warned.len();
        let claimed = claim_and_send(env, db, warned, now).await?;
        outcome.stale_warnings += claimed;
        if (round as i64) < ROUND || claimed == 0 {
            break;
        }
    }

    for _ in 0..MAX_ROUNDS {
        let stale = warnings::stale_tokens(db, STALE_WARNING_DAYS, now).await?;
        let done = (stale.len() as i64) < ROUND;
        let ids: Vec<i64> = stale.iter().map(|s| s.token_id).collect();
        let facts = token_facts::facts(db, &ids).await?;
        let mut revoking = Vec::with_capacity(stale.len());
        let mut told = Vec::with_capacity(stale.len());
        for token in stale {
            let Some(facts) = facts.iter().find(|f| f.token_id == token.token_id) else {
                continue;
            };
            let warning = Warning::RevokedAsStale {
                days: token.stale_after_days,
            };
            let notice = Notice {
                login_id: facts.owner_login_id,
                kind: warning.notice_kind(),
                message: warning.notice(facts),
            };
            revoking.push((token, facts.organization_id, notice));
            told.push((facts.clone(), warning));
        }
        let revoked =
            warnings::revoke_stale(db, &revoking, STALE_WARNING_DAYS, now, now_ms).await?;
        outcome.stale_revoked += revoked.len();
        told.retain(|(token, _)| revoked.contains(&token.token_id));
        notify::send_out(env, db, &told, now).await?;
        if done || revoked.is_empty() {
            break;
        }
    }
    Ok(outcome)
}

/// The days an expiry warning is due for, `today` first: a token whose
/// Expiry On is within 1, 7 or 30 days of `today` (UTC) is warned.
fn expiry_warning_days(today: Date) -> [String; 4] {
    [0, 1, 7, 30].map(|days| format_date(today + Duration::days(days)))
}

/// Whole days from `today` to the Expiry On `about`, as the warning says
/// them; 0 if it cannot be read.
fn days_left(about: &str, today: Date) -> i64 {
    parse_date(about).map_or(0, |expiry_on| (expiry_on - today).whole_days())
}

/// Claims each warning with its notice, then queues the emails and webhook
/// deliveries of those this run claimed; how many.
async fn claim_and_send(
    env: &Env,
    db: &D1Database,
    warned: Vec<(Due, TokenFacts, Warning)>,
    now: i64,
) -> AppResult<usize> {
    let claims: Vec<(Due, Notice)> = warned
        .iter()
        .map(|(due, token, warning)| {
            let notice = Notice {
                login_id: token.owner_login_id,
                kind: warning.notice_kind(),
                message: warning.notice(token),
            };
            (due.clone(), notice)
        })
        .collect();
    let claimed = warnings::claim(db, &claims, now).await?;
    let told: Vec<(TokenFacts, Warning)> = warned
        .into_iter()
        .zip(claimed)
        .filter(|(_, claimed)| *claimed)
        .map(|((_, token, warning), _)| (token, warning))
        .collect();
    notify::send_out(env, db, &told, now).await?;
    Ok(told.len())
}

/// Each due warning with its token's facts.
async fn facts_of(db: &D1Database, due: Vec<Due>) -> AppResult<Vec<(Due, TokenFacts)>> {
    let ids: Vec<i64> = due.iter().map(|due| due.token_id).collect();
    let facts = token_facts::facts(db, &ids).await?;
    Ok(due
        .into_iter()
        .filter_map(|due| {
            let token = facts.iter().find(|t| t.token_id == due.token_id)?.clone();
            Some((due, token))
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        parse_date(text).expect("a date")
    }

    #[test]
    fn expiry_warnings_are_due_for_today_and_1_7_and_30_days_on_r18() {
        assert_eq!(
            expiry_warning_days(date("2026-11-29")),
            ["2026-11-29", "2026-11-30", "2026-12-06", "2026-12-29"]
        );
    }

    #[test]
    fn the_warning_days_cross_months_years_and_leap_days_r18() {
        assert_eq!(
            expiry_warning_days(date("2028-02-28")),
            ["2028-02-28", "2028-02-29", "2028-03-06", "2028-03-29"]
        );
        assert_eq!(
            expiry_warning_days(date("2026-12-31")),
            ["2026-12-31", "2027-01-01", "2027-01-07", "2027-01-30"]
        );
    }

    #[test]
    fn a_warning_counts_the_whole_days_left_until_expiry_on_r18() {
        let today = date("2026-11-29");
        assert_eq!(days_left("2026-12-29", today), 30);
        assert_eq!(days_left("2026-12-06", today), 7);
        assert_eq!(days_left("2026-11-30", today), 1);
        assert_eq!(days_left("2026-11-29", today), 0);
        assert_eq!(days_left("not a date", today), 0);
    }
}
