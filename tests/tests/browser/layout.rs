//! Pages that hold still and fit: each page, signed in as a login with
//! notices, loads at desktop and phone sizes with a Cumulative Layout Shift
//! of at most 0.05 (what arrives after the first paint pushes nothing), and
//! every page and pop-up fits a 320 px window: nothing scrolls sideways, and
//! each grid row shows its key fields and its actions button in view.

use std::time::Duration;

use tessera_tests::pages::{DESKTOP_AND_PHONE, MOST_LAYOUT_SHIFT, SignedInPage};
use tessera_tests::{Browser, PageExperience, TestApp, eventually, spawn_app};

/// The demo data, with the system administrator's six tokens expiring in
/// a week, so each page it opens has notices to show.
async fn app_with_notices() -> TestApp {
    let app = spawn_app().await;
    app.expiring_tokens("sysadmin@demo.example", 6).await;
    app
}

/// Why `experience` is not a page that held still, if it is not.
fn shifted(experience: &PageExperience, what: &str) -> Option<String> {
    (experience.cls > MOST_LAYOUT_SHIFT).then(|| {
        format!(
            "{what} shifted by {:.3} as it loaded: {:#?}",
            experience.cls, experience.shifts
        )
    })
}

/// Each signed-in page, with notices present: what arrives after the first
/// paint pushes nothing.
#[tokio::test]
async fn no_page_shifts_as_it_loads_on_a_desktop_or_a_phone() {
    let app = app_with_notices().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    let mut moved = Vec::new();
    for (size, width, height, mobile) in DESKTOP_AND_PHONE {
        browser.resize(width, height, mobile).await;
        for page in SignedInPage::all(app.demo.alice()) {
            page.open(&browser, &app).await;
            let experience = browser.experience().await;
            let name = page.name;
            eprintln!(
                "{name}, {size}: CLS {:.3}, LCP {:.0} ms",
                experience.cls, experience.lcp_ms
            );
            moved.extend(shifted(&experience, &format!("{name} ({size})")));
        }
    }
    browser.close().await;
    assert!(moved.is_empty(), "{moved:#?}");
}

/// Asserts that what the window shows now fits it (`Browser::overflows`).
async fn fits(browser: &Browser, what: &str, failures: &mut Vec<String>) {
    for overflow in browser.overflows().await {
        failures.push(format!("{what}: {overflow}"));
    }
}

/// Opens the row menu of the token, login or entry named `row` with its
/// actions button, by touch, and chooses `item`.
async fn from_row_menu(browser: &Browser, row: &str, item: &str) {
    browser
        .tap(
            &browser
                .find(&format!("button[aria-label='Actions for {row}']"))
                .await,
        )
        .await;
    browser.find("[role=menu]").await;
    let chosen = browser.find_text("button", item).await;
    browser.tap(&chosen).await;
}

/// Closes the open pop-up with its × button and waits until it is gone.
async fn close_pop_up(browser: &Browser, css: &str) {
    browser.tap(&browser.find(".dialog-close").await).await;
    browser.wait_gone(css).await;
}

/// WCAG 2.2's reflow (1.4.10): at 320 CSS pixels every page and pop-up is
/// used without scrolling sideways, and each grid row shows its name and
/// its actions button (or select box) in the window; and, with every
/// answer late, neither signing in nor what a pop-up brings moves the page.
#[tokio::test]
async fn every_page_and_pop_up_fits_a_320_px_window() {
    let app = app_with_notices().await;
    let browser = Browser::start().await;
    browser.resize(320, 640, true).await;
    // Each answer 700 ms late, as on a busy machine or a slow network:
    // Chromium does not count a shift within 500 ms of a tap, so only
    // answers that come later show what they would move.
    browser.slow_network(Duration::from_millis(700)).await;
    let mut failures = Vec::new();

    browser.goto(&app.url("/sign-in")).await;
    browser.find("#email").await;
    fits(&browser, "Sign in", &mut failures).await;
    let page_top = browser.top_of("main").await;
    browser.sign_in(&app, "sysadmin@demo.example").await;

    // Access Tokens and each of its pop-ups.
    browser.find("tr[id^=token-row]").await;
    // The bar holds one line once its menus and count are in it.
    let signed_in_top = browser.top_of("main").await;
    if signed_in_top != page_top {
        failures.push(format!(
            "signing in moved the page from {page_top} px to {signed_in_top} px"
        ));
    }
    fits(&browser, "Access Tokens", &mut failures).await;
    let violations = browser.accessibility_violations().await;
    assert!(
        violations.is_empty(),
        "Access Tokens at 320 px: {violations:#?}"
    );
    browser.tap_button("Show notices").await;
    browser.find(".notices li").await;
    fits(&browser, "Access Tokens, notices shown", &mut failures).await;
    browser.tap_button("Menu").await;
    browser.find(".main-nav.open").await;
    fits(&browser, "the main menu", &mut failures).await;
    browser.tap_button("Menu").await;
    browser
        .tap(&browser.find(".personal-menu-trigger").await)
        .await;
    browser.find(".personal-menu [role=menu]").await;
    fits(&browser, "the Personal menu", &mut failures).await;
    browser
        .tap(&browser.find(".personal-menu-trigger").await)
        .await;
    browser.wait_gone(".personal-menu [role=menu]").await;

    browser.tap_button("Create New").await;
    browser.find("#token-name").await;
    fits(&browser, "Create New", &mut failures).await;
    close_pop_up(&browser, "[role=dialog]").await;

    let token = "Expiring export 1";
    browser
        .tap(
            &browser
                .find(&format!("button[aria-label='Actions for {token}']"))
                .await,
        )
        .await;
    browser.find("[role=menu]").await;
    fits(&browser, "a row's menu", &mut failures).await;
    eventually(Duration::from_secs(5), "the menu to take focus", || async {
        (browser.focused_text().await == "Generate Token").then_some(())
    })
    .await;
    browser
        .press(&fantoccini::key::Key::Escape.to_string())
        .await;
    browser.wait_gone("[role=menu]").await;
    for (item, shown) in [
        ("Edit Token", "[role=dialog]"),
        ("Generate Token", "[role=dialog]"),
        ("Rotate Token", "[role=dialog]"),
        ("Revoke Token", "[role=dialog]"),
        ("Token Usage", ".usage-panel"),
    ] {
        from_row_menu(&browser, token, item).await;
        browser.find(shown).await;
        fits(&browser, item, &mut failures).await;
        match shown {
            ".usage-panel" => {
                browser.tap_button("Close").await;
                browser.wait_gone(shown).await;
            }
            _ => close_pop_up(&browser, shown).await,
        }
    }
    // A token's string, shown once.
    browser.tap_button("Create New").await;
    browser
        .find("#token-name")
        .await
        .send_keys("Narrow")
        .await
        .unwrap();
    browser
        .tap(&browser.find("input[name=scope_meta]").await)
        .await;
    browser.tap_button("Save").await;
    browser.wait_gone("[role=dialog]").await;
    from_row_menu(&browser, "Narrow", "Generate Token").await;
    browser.find("#generated-token-string").await;
    fits(&browser, "the generated string", &mut failures).await;
    browser.tap_button("Done").await;
    browser.wait_gone("[role=dialog]").await;
    // What the pop-ups brought after the taps that opened them moved nothing.
    failures.extend(shifted(
        &browser.experience().await,
        "Access Tokens with its pop-ups",
    ));

    // Another login's tokens, and the other pages.
    let others = SignedInPage::all(app.demo.alice())
        .into_iter()
        .filter(|page| page.name != "Access Tokens");
    for page in others {
        page.open(&browser, &app).await;
        let name = page.name;
        fits(&browser, name, &mut failures).await;
        let violations = browser.accessibility_violations().await;
        assert!(violations.is_empty(), "{name} at 320 px: {violations:#?}");
        match name {
            "Token Inventory" => {
                browser
                    .tap(
                        &browser
                            .find("input[aria-label='Select Expiring export 1']")
                            .await,
                    )
                    .await;
                browser.tap_button("Revoke selected (1)").await;
                browser.find("[role=dialog]").await;
                fits(&browser, "Revoke Tokens", &mut failures).await;
                close_pop_up(&browser, "[role=dialog]").await;
            }
            "Contacts & Logins" => {
                browser.tap_button("Add login").await;
                browser.find("[role=dialog]").await;
                fits(&browser, "Add login", &mut failures).await;
                close_pop_up(&browser, "[role=dialog]").await;
                browser
                    .tap(
                        &browser
                            .find("button[aria-label='Actions for Alice Analyst']")
                            .await,
                    )
                    .await;
                browser.find("[role=menu]").await;
                fits(&browser, "a login's menu", &mut failures).await;
            }
            _ => {}
        }
        failures.extend(shifted(
            &browser.experience().await,
            &format!("{name} with its pop-ups"),
        ));
    }
    browser.close().await;
    assert!(failures.is_empty(), "{failures:#?}");
}
