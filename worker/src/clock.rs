//! The time, read from the runtime in one place, and the two forms it takes
//! on the wire.

use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}

/// Milliseconds since the Unix epoch: orders Token Logs entries made
/// within the same second.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The UTC date at `timestamp`: Expiry On is compared with this.
pub fn date_of(timestamp: i64) -> Date {
    OffsetDateTime::from_unix_timestamp(timestamp)
        .map(|t| t.date())
        .unwrap_or(Date::MIN)
}

/// `timestamp` as RFC 3339 in UTC, e.g. `2026-11-29T04:20:00Z`.
pub fn rfc3339(timestamp: i64) -> String {
    OffsetDateTime::from_unix_timestamp(timestamp)
        .ok()
        .and_then(|t| t.format(&Rfc3339).ok())
        .unwrap_or_default()
}
