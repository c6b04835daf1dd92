//! The time, read from the runtime in one place, and the two forms it takes
//! on the wire.

use std::cell::Cell;

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};
use worker::Env;

thread_local! {
    /// How far this isolate's clock is moved, in milliseconds: 0 unless the
    /// tests set `TEST_CLOCK_OFFSET_SECONDS`.
    static OFFSET_MS: Cell<Option<i64>> = const { Cell::new(None) };
}

/// Reads the clock's offset once per isolate, at its first event. Only the
/// test harness sets `TEST_CLOCK_OFFSET_SECONDS` (to replay a month of
/// traffic in minutes); wrangler.toml has no such variable, so a deployment
/// runs on the runtime's own time. A variable is fixed for the isolate's
/// life, so every request sees the same clock, however they interleave.
pub fn init(env: &Env) {
    if OFFSET_MS.get().is_none() {
        let seconds: i64 = env
            .var("TEST_CLOCK_OFFSET_SECONDS")
            .ok()
            .and_then(|value| value.to_string().parse().ok())
            .unwrap_or(0);
        OFFSET_MS.set(Some(seconds.saturating_mul(1000)));
    }
}

/// One reading of the clock, taken once per request: seconds for the
/// rules, milliseconds for the order of Token Logs entries made within the
/// same second. One value for both, so the two can never disagree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Moment {
    ms: i64,
}

impl Moment {
    pub fn now() -> Self {
        Self { ms: now_ms() }
    }

    /// Seconds since the Unix epoch.
    pub fn seconds(self) -> i64 {
        self.ms.div_euclid(1000)
    }

    /// Milliseconds since the Unix epoch.
    pub fn ms(self) -> i64 {
        self.ms
    }
}

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    now_ms().div_euclid(1000)
}

/// Milliseconds since the Unix epoch: orders Token Logs entries made
/// within the same second.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64 + OFFSET_MS.get().unwrap_or(0)
}

/// The UTC date at `timestamp`: Expiry On is compared with this.
pub fn date_of(timestamp: i64) -> Date {
    OffsetDateTime::from_unix_timestamp(timestamp)
        .map(|t| t.date())
        .unwrap_or(Date::MIN)
}

/// `timestamp` as RFC 3339 in UTC, e.g. `2026-11-29T04:20:00Z`.
/// A time in milliseconds as RFC 3339 with its milliseconds (the audit
/// stream's events: several can fall in one second).
pub fn rfc3339_ms(ms: i64) -> String {
    OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}

pub fn rfc3339(timestamp: i64) -> String {
    OffsetDateTime::from_unix_timestamp(timestamp)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}
