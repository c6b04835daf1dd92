//! The pieces pages are built from.

pub mod add_login;
pub mod change;
pub mod context_menu;
pub mod dialog;
pub mod feedback;
pub mod generated_token;
pub mod grid;
pub mod header;
pub mod notices;
pub mod pager;
pub mod personal_menu;
pub mod setting_form;
pub mod token_form;
pub mod usage_chart;
pub mod webhook_settings;

/// An RFC 3339 time as the grids show it: `2026-11-29 04:20` (UTC).
pub fn short_time(rfc3339: &str) -> String {
    rfc3339.get(..16).unwrap_or(rfc3339).replace('T', " ")
}
