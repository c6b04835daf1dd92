//! Usage at a glance (R22): a token's requests per day, OK and Fail
//! apart, from the daily counters the worker keeps, and the organization's
//! busiest and most-failing tokens of the week.

use serde::{Deserialize, Serialize};
use time::Duration;

use crate::expiry::{format_date, parse_date};
use crate::tokens::RecentAddress;

/// Days a token's chart shows, today included; the counters are kept as long.
pub const CHART_DAYS: usize = 30;

/// Days "this week" covers, today included.
pub const WEEK_DAYS: usize = 7;

/// Tokens each list of the week's view names, at most.
pub const WEEK_LEADERS: usize = 5;

/// One day of a token's requests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DayCount {
    /// Requests the token was accepted for.
    pub ok: u32,
    /// Requests refused with the token named (expired, revoked, out of
    /// Scope, from an address its allowlist does not name, ...).
    pub fail: u32,
}

impl DayCount {
    pub fn requests(self) -> u32 {
        self.ok.saturating_add(self.fail)
    }
}

/// `GET /api/tokens/{token_id}/usage`: the token's detail panel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenUsageView {
    pub token_id: i64,
    pub token_name: String,
    /// The first day of `days` (YYYY-MM-DD, UTC).
    pub first_day: String,
    /// `CHART_DAYS` days, oldest first: the last is today (UTC).
    pub days: Vec<DayCount>,
    /// The last distinct client addresses, newest first.
    pub recent_addresses: Vec<RecentAddress>,
    /// RFC 3339 (UTC); `None`: never used.
    pub last_used_at: Option<String>,
}

/// One token's requests this week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenWeek {
    pub token_id: i64,
    pub token_name: String,
    pub owner_name: String,
    /// Revoked since: its strings are still being tried.
    pub revoked: bool,
    pub ok: u32,
    pub fail: u32,
}

/// `GET /api/inventory/usage`: the organization's week at a glance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationWeek {
    /// The first day of the week counted (YYYY-MM-DD, UTC); it ends today.
    pub first_day: String,
    /// The tokens with the most requests, most first (at most `WEEK_LEADERS`).
    pub busiest: Vec<TokenWeek>,
    /// The tokens with the most failed requests, most first; only tokens
    /// that failed at all.
    pub most_failing: Vec<TokenWeek>,
}

/// The `count` days from `first_day` (YYYY-MM-DD), oldest first, as
/// YYYY-MM-DD; none if `first_day` is not a date.
pub fn day_names(first_day: &str, count: usize) -> Vec<String> {
    let Some(first) = parse_date(first_day) else {
        return Vec::new();
    };
    (0..count)
        .map(|day| format_date(first + Duration::days(day as i64)))
        .collect()
}

/// "30 days", "1 day".
fn day_count(days: usize) -> String {
    crate::words::count(days as i64, "day")
}

/// "12 requests: 10 OK, 2 Fail" (what a chart's bar says in words).
pub fn describe(count: DayCount) -> String {
    let requests = crate::words::count(count.requests(), "request");
    format!("{requests}: {} OK, {} Fail", count.ok, count.fail)
}

/// A chart of `days` from `first_day` in one sentence, for its text
/// alternative: "30 days from 2026-11-01 to 2026-11-30: 12 requests, 10 OK
/// and 2 Fail; the most on one day: 7, on 2026-11-30."
pub fn summarize(first_day: &str, days: &[DayCount]) -> String {
    let names = day_names(first_day, days.len());
    let span = match (names.first(), names.last()) {
        (Some(first), Some(last)) => format!("{} from {first} to {last}", day_count(days.len())),
        _ => day_count(days.len()),
    };
    let ok: u32 = days.iter().map(|day| day.ok).sum();
    let fail: u32 = days.iter().map(|day| day.fail).sum();
    let busiest = days
        .iter()
        .zip(&names)
        .max_by_key(|(day, _)| day.requests())
        .filter(|(day, _)| day.requests() > 0);
    match busiest {
        None => format!("{span}: no requests."),
        Some((day, name)) => format!(
            "{span}: {}, {ok} OK and {fail} Fail; the most on one day: {}, on {name}.",
            crate::words::count(ok + fail, "request"),
            day.requests()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_names_run_from_the_first_day_across_months() {
        assert_eq!(
            day_names("2026-02-28", 3),
            vec!["2026-02-28", "2026-03-01", "2026-03-02"]
        );
        assert_eq!(day_names("2026-11-01", CHART_DAYS).len(), 30);
        assert!(day_names("yesterday", 3).is_empty());
    }

    #[test]
    fn a_day_is_described_with_its_numbers() {
        assert_eq!(
            describe(DayCount { ok: 10, fail: 2 }),
            "12 requests: 10 OK, 2 Fail"
        );
        assert_eq!(
            describe(DayCount { ok: 1, fail: 0 }),
            "1 request: 1 OK, 0 Fail"
        );
        assert_eq!(describe(DayCount::default()), "0 requests: 0 OK, 0 Fail");
    }

    #[test]
    fn a_chart_is_summarized_with_its_totals_and_its_busiest_day() {
        let mut days = vec![DayCount::default(); 3];
        assert_eq!(
            summarize("2026-11-28", &days),
            "3 days from 2026-11-28 to 2026-11-30: no requests."
        );
        days[0] = DayCount { ok: 2, fail: 1 };
        days[2] = DayCount { ok: 7, fail: 2 };
        assert_eq!(
            summarize("2026-11-28", &days),
            "3 days from 2026-11-28 to 2026-11-30: 12 requests, 9 OK and 3 Fail; \
             the most on one day: 9, on 2026-11-30."
        );
    }
}
