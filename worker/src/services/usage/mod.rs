//! Usage at a glance (R22): a token's requests per day over the last
//! 30 days, the inventory's spark lines, and the organization's busiest and
//! most-failing tokens of the week. All of it reads the daily counters
//! (`store::usage_days`), a row per token and day used: never Token Logs.

pub mod inventory;
pub mod token_logs;

use std::collections::HashMap;

use tessera_shared::access::Actor;
use tessera_shared::expiry::format_date;
use tessera_shared::usage::{
    CHART_DAYS, DayCount, OrganizationWeek, TokenUsageView, TokenWeek, WEEK_DAYS, WEEK_LEADERS,
};

use crate::clock;
use crate::error::AppResult;
use crate::services::Bindings;
use crate::services::auth::session::{SignedInLogin, TokenAdministrator};
use crate::store::usage_days::{self, Ranking, TokenTotal, UsageDay};

/// The detail panel of a token `actor` may manage.
pub async fn of_token(
    bindings: &Bindings,
    actor: &Actor,
    token_id: i64,
    now: i64,
) -> AppResult<TokenUsageView> {
    let (record, _owner) = crate::services::tokens::token_for(bindings, actor, token_id).await?;
    let first_day = first_day(now, CHART_DAYS);
    let counted = usage_days::of_tokens(&bindings.db, &[token_id], first_day).await?;
    Ok(TokenUsageView {
        token_id,
        token_name: record.name,
        first_day: day_name(first_day),
        days: per_day(first_day, counted.iter()),
        recent_addresses: crate::services::notify::recent_addresses::views(
            record.recent_addresses.as_deref(),
        ),
        last_used_at: record.last_used_at.map(clock::rfc3339),
    })
}

/// Each of `token_ids`' requests per day over the chart's days, OK and Fail
/// together, oldest first: one read for a page of the inventory.
pub async fn spark_lines(
    bindings: &Bindings,
    token_ids: &[i64],
    now: i64,
) -> AppResult<HashMap<i64, Vec<u32>>> {
    let first_day = first_day(now, CHART_DAYS);
    // One pass over the rows read, whatever the page's size.
    let mut by_token: HashMap<i64, Vec<UsageDay>> = HashMap::new();
    for day in usage_days::of_tokens(&bindings.db, token_ids, first_day).await? {
        by_token.entry(day.token_id).or_default().push(day);
    }
    Ok(token_ids
        .iter()
        .map(|&token_id| {
            let counted = by_token.remove(&token_id).unwrap_or_default();
            let days = per_day(first_day, counted.iter());
            (token_id, days.into_iter().map(DayCount::requests).collect())
        })
        .collect())
}

/// The organization's week, for its token admins.
pub async fn organization_week(
    bindings: &Bindings,
    admin: &TokenAdministrator,
    now: i64,
) -> AppResult<OrganizationWeek> {
    let actor = &admin.actor();
    let first_day = first_day(now, WEEK_DAYS);
    let leaders = |ranking| {
        usage_days::leaders(
            &bindings.db,
            actor.organization_id,
            first_day,
            ranking,
            WEEK_LEADERS as i64,
        )
    };
    let busiest = leaders(Ranking::Busiest).await?;
    let most_failing = leaders(Ranking::MostFailing).await?;
    Ok(OrganizationWeek {
        first_day: day_name(first_day),
        busiest: busiest.into_iter().map(week).collect(),
        most_failing: most_failing.into_iter().map(week).collect(),
    })
}

/// The first of the `days` days that end today.
fn first_day(now: i64, days: usize) -> i64 {
    usage_days::day_of(now) - (days as i64 - 1)
}

fn day_name(day: i64) -> String {
    format_date(clock::date_of(day * 24 * 60 * 60))
}

/// One count per day of the chart from `first_day`, zero where nothing was
/// counted.
fn per_day<'a>(first_day: i64, counted: impl Iterator<Item = &'a UsageDay>) -> Vec<DayCount> {
    let mut days = vec![DayCount::default(); CHART_DAYS];
    for day in counted {
        let Some(slot) = usize::try_from(day.day - first_day)
            .ok()
            .and_then(|index| days.get_mut(index))
        else {
            continue;
        };
        slot.ok = slot.ok.saturating_add(clamp(day.ok));
        slot.fail = slot.fail.saturating_add(clamp(day.fail));
    }
    days
}

fn clamp(count: i64) -> u32 {
    u32::try_from(count.max(0)).unwrap_or(u32::MAX)
}

fn week(total: TokenTotal) -> TokenWeek {
    TokenWeek {
        token_id: total.token_id,
        token_name: total.token_name,
        owner_name: total.owner_name,
        revoked: total.revoked,
        ok: clamp(total.ok),
        fail: clamp(total.fail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counted(day: i64, ok: i64, fail: i64) -> UsageDay {
        UsageDay {
            token_id: 1,
            day,
            ok,
            fail,
        }
    }

    #[test]
    fn days_without_a_count_are_zero_and_days_outside_the_chart_are_left_out() {
        let first = 20_000;
        let rows = [
            counted(first - 1, 50, 50),
            counted(first, 3, 1),
            counted(first + 29, 7, 0),
            counted(first + 30, 9, 9),
        ];
        let days = per_day(first, rows.iter());
        assert_eq!(days.len(), CHART_DAYS);
        assert_eq!(days[0], DayCount { ok: 3, fail: 1 });
        assert_eq!(days[29], DayCount { ok: 7, fail: 0 });
        assert!(days[1..29].iter().all(|day| *day == DayCount::default()));
    }

    #[test]
    fn the_chart_ends_today() {
        let now = 20_422 * 86_400 + 3_600;
        assert_eq!(first_day(now, CHART_DAYS), 20_422 - 29);
        assert_eq!(first_day(now, WEEK_DAYS), 20_422 - 6);
        assert_eq!(day_name(20_422), "2025-11-30");
    }
}
