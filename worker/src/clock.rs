//! The time, read from the runtime in one place.

/// Seconds since the Unix epoch.
pub fn now() -> i64 {
    (js_sys::Date::now() / 1000.0) as i64
}
