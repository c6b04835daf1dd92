//! How the portal shows a moment and a day: every time as
//! `2026-12-05 15:07 UTC`, every day (an Expiry On) as `2026-12-05`.
//! `short_time` is the one place a time is formatted: the grids, the
//! pop-ups and the log details all show times through it, so none can
//! leave its zone unsaid.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// An RFC 3339 time as the portal shows it: `2026-12-05 15:07 UTC`, in UTC
/// whatever offset it was written with. Text that is not such a time is
/// shown as it came.
pub fn short_time(rfc3339: &str) -> String {
    if time_end(rfc3339.as_bytes()) != Some(rfc3339.len()) {
        return rfc3339.to_owned();
    }
    // The browser's clock arithmetic moves an offset to UTC (no date
    // library in the wasm for it).
    let moment = js_sys::Date::new(&JsValue::from_str(rfc3339));
    if moment.get_time().is_nan() {
        return rfc3339.to_owned();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02} UTC",
        moment.get_utc_full_year(),
        moment.get_utc_month() + 1,
        moment.get_utc_date(),
        moment.get_utc_hours(),
        moment.get_utc_minutes()
    )
}

/// A day as the portal shows it: `2026-12-05` (the worker's Expiry On).
pub fn short_date(iso_date: &str) -> String {
    iso_date.get(..10).unwrap_or(iso_date).to_owned()
}

/// `text` with every RFC 3339 time in it shown by `short_time`: the log's
/// details are sentences the worker wrote, some naming a time.
pub fn times_in(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((start, end)) = next_time(rest) {
        shown.push_str(&rest[..start]);
        shown.push_str(&short_time(&rest[start..end]));
        rest = &rest[end..];
    }
    shown.push_str(rest);
    shown
}

/// Where the first RFC 3339 time in `text` starts and ends, if there is one.
fn next_time(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&start| bytes[start].is_ascii_digit())
        .find_map(|start| time_end(&bytes[start..]).map(|end| (start, start + end)))
}

/// The length of the `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)` at the start of
/// `bytes`, if it has that shape.
fn time_end(bytes: &[u8]) -> Option<usize> {
    let shape = b"dddd-dd-ddTdd:dd:dd";
    let fits = |at: usize, want: u8| {
        bytes.get(at).is_some_and(|&byte| match want {
            b'd' => byte.is_ascii_digit(),
            b'T' => byte == b'T',
            _ => byte == want,
        })
    };
    if !(0..shape.len()).all(|at| fits(at, shape[at])) {
        return None;
    }
    let mut end = shape.len();
    if bytes.get(end) == Some(&b'.') {
        end += 1;
        while bytes.get(end).is_some_and(u8::is_ascii_digit) {
            end += 1;
        }
    }
    match bytes.get(end) {
        Some(b'Z') => Some(end + 1),
        Some(b'+' | b'-') => (1..6)
            .all(|at| fits(end + at, b"+dd:dd"[at]))
            .then_some(end + 6),
        _ => None,
    }
}

/// A time in the page: `short_time`'s words, and the exact moment for
/// machines in `datetime`. A narrow column may put the clock under the
/// day, never split either.
#[component]
pub fn Time(#[prop(into)] at: String) -> impl IntoView {
    let shown = short_time(&at);
    let (day, clock) = shown.split_once(' ').unwrap_or((shown.as_str(), ""));
    let (day, clock) = (day.to_owned(), clock.to_owned());
    view! { <time datetime=at><span class="nowrap">{day}</span>" "<span class="nowrap">{clock}</span></time> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

    // `make test-frontend` runs every wasm test in headless Chromium.
    wasm_bindgen_test_configure!(run_in_browser);

    #[wasm_bindgen_test]
    fn a_time_names_its_zone_and_drops_the_seconds() {
        assert_eq!(short_time("2026-12-05T15:07:35Z"), "2026-12-05 15:07 UTC");
        assert_eq!(
            short_time("2026-12-05T16:07:35.120+01:00"),
            "2026-12-05 15:07 UTC"
        );
        assert_eq!(short_time("soon"), "soon");
        assert_eq!(short_time("2026-13-05T15:07:35Z"), "2026-13-05T15:07:35Z");
    }

    #[wasm_bindgen_test]
    fn the_times_in_a_sentence_are_shown_like_every_other() {
        assert_eq!(
            times_in("The previous one works until 2026-12-05T15:07:35Z, or until it is used."),
            "The previous one works until 2026-12-05 15:07 UTC, or until it is used."
        );
        assert_eq!(
            times_in("From 2026-01-01T00:00:00Z to 2026-01-02T01:02:03+02:00."),
            "From 2026-01-01 00:00 UTC to 2026-01-01 23:02 UTC."
        );
        assert_eq!(
            times_in("Expiry On 2027-01-03 (UTC)."),
            "Expiry On 2027-01-03 (UTC)."
        );
        assert_eq!(times_in("né 2026"), "né 2026");
    }

    #[wasm_bindgen_test]
    fn a_day_is_its_iso_date() {
        assert_eq!(short_date("2027-01-03"), "2027-01-03");
    }
}
