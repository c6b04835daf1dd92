//! The portal's signed-in pages as the layout tests and the bench open
//! them, the window sizes they are opened at, and how much a page may shift
//! while it loads: one list, so the test that holds the bound and the bench
//! that reports it measure the same pages.

use crate::{Browser, TestApp};

/// The most a page may shift while it loads (Lighthouse's "good" is 0.1).
pub const MOST_LAYOUT_SHIFT: f64 = 0.05;

/// A desktop window and a phone: (name, width, height in CSS pixels, mobile).
pub const DESKTOP_AND_PHONE: [(&str, u32, u32, bool); 2] = [
    ("desktop 1280 × 800", 1280, 800, false),
    ("phone 390 × 844", 390, 844, true),
];

/// A page a system administrator with the admin role opens.
pub struct SignedInPage {
    pub name: &'static str,
    pub path: String,
    /// What shows once the page's grid has loaded.
    ready: &'static str,
}

impl SignedInPage {
    /// Every signed-in page, in the main menu's order, with Access Tokens
    /// also as another login's (`other_login`, an id of the app's demo copy).
    pub fn all(other_login: i64) -> Vec<Self> {
        let page = |name, path: &str, ready| Self {
            name,
            path: path.to_owned(),
            ready,
        };
        vec![
            page("Access Tokens", "/access-tokens", "tr[id^=token-row]"),
            page(
                "Access Tokens of another login",
                &format!("/logins/{other_login}/access-tokens"),
                "tr[id^=token-row]",
            ),
            page("Token Logs", "/token-logs", ".grid tbody tr"),
            page("Token Inventory", "/token-inventory", ".grid tbody tr"),
            page("Contacts & Logins", "/contacts-logins", ".grid tbody tr"),
            page(
                "Approvals",
                "/approvals",
                ".approvals[aria-busy=false] .grid tbody tr",
            ),
            page(
                "Organization settings",
                "/organization",
                ".settings[aria-busy=false]",
            ),
        ]
    }

    /// Loads the page afresh and waits until its grid is in and it has
    /// fetched nothing new for a second (`Browser::settle`).
    pub async fn open(&self, browser: &Browser, app: &TestApp) {
        browser.goto(&app.url(&self.path)).await;
        browser.find(self.ready).await;
        browser.settle().await;
    }
}
