//! The portal on a phone (390 × 844, touch): an administrator revoking a
//! leaked token from a phone can do it. Nothing scrolls sideways, each grid
//! row shows its name and actions button in the window (`Browser::overflows`),
//! every target tapped is touch-sized (`Browser::tap` checks), and every
//! page and pop-up passes axe-core's WCAG 2.2 AA and best-practice rules.

use tessera_shared::endpoints;
use tessera_tests::{Browser, DEMO_PASSWORD, spawn_app};

async fn assert_fits_and_is_accessible(browser: &Browser, what: &str) {
    let overflows = browser.overflows().await;
    assert!(overflows.is_empty(), "{what}, on a phone: {overflows:#?}");
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{what}, on a phone: {violations:#?}");
}

#[tokio::test]
async fn a_system_administrator_manages_tokens_and_logins_from_a_phone() {
    let app = spawn_app().await;
    let browser = Browser::start_phone().await;
    browser.goto(&app.url("/sign-in")).await;
    browser
        .find("#email")
        .await
        .send_keys(&app.email("sysadmin@demo.example"))
        .await
        .unwrap();
    browser
        .find("#password")
        .await
        .send_keys(DEMO_PASSWORD)
        .await
        .unwrap();
    assert_fits_and_is_accessible(&browser, "Sign in").await;
    browser.tap_button("Sign in").await;
    browser.wait_for_path("/access-tokens").await;
    browser.find("tbody").await;
    assert_fits_and_is_accessible(&browser, "Access Tokens").await;

    // Create New, by touch.
    browser.tap_button("Create New").await;
    browser
        .find("#token-name")
        .await
        .send_keys("Phone token")
        .await
        .unwrap();
    browser
        .tap(&browser.find("input[name=scope_meta]").await)
        .await;
    assert_fits_and_is_accessible(&browser, "Create New").await;
    browser.tap_button("Save").await;
    browser.wait_gone("[role=dialog]").await;

    // Generate Token from the row's actions button: the string, once.
    browser
        .tap(
            &browser
                .find("button[aria-label='Actions for Phone token']")
                .await,
        )
        .await;
    assert_fits_and_is_accessible(&browser, "Access Tokens, row menu").await;
    browser.tap_button("Generate Token").await;
    let string = browser
        .find("#generated-token-string")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert_fits_and_is_accessible(&browser, "the generated string").await;
    browser.tap_button("Done").await;
    browser.wait_gone("[role=dialog]").await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200
    );

    // Revoke Token: confirmed, and the string stops at once.
    browser
        .tap(
            &browser
                .find("button[aria-label='Actions for Phone token']")
                .await,
        )
        .await;
    browser.tap_button("Revoke Token").await;
    assert_fits_and_is_accessible(&browser, "Revoke Token").await;
    browser.tap(&browser.find("button.danger").await).await;
    browser.wait_gone("tr[aria-label='Phone token']").await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        401
    );

    // The main menu folds behind its button; Contacts & Logins' row menu.
    browser.tap_button("Menu").await;
    assert_fits_and_is_accessible(&browser, "the main menu").await;
    let contacts = browser.find_text("a", "Contacts & Logins").await;
    browser.tap(&contacts).await;
    browser.wait_for_path("/contacts-logins").await;
    browser.find("tbody").await;
    assert_fits_and_is_accessible(&browser, "Contacts & Logins").await;
    browser
        .tap(
            &browser
                .find("button[aria-label='Actions for Alice Analyst']")
                .await,
        )
        .await;
    browser.find("[role=menu] [role=menuitem]").await;
    assert_fits_and_is_accessible(&browser, "Contacts & Logins, row menu").await;

    browser
        .press(&fantoccini::key::Key::Escape.to_string())
        .await;
    browser.wait_gone("[role=menu]").await;

    // The other pages, through the folded menu, and the narrowest phone.
    for (link, path) in [
        ("Token Logs", "/token-logs"),
        ("Token Inventory", "/token-inventory"),
    ] {
        browser.tap_button("Menu").await;
        browser.tap(&browser.find_text("a", link).await).await;
        browser.wait_for_path(path).await;
        browser.find("tbody").await;
        assert_fits_and_is_accessible(&browser, link).await;
    }
    browser.resize(360, 740, true).await;
    assert_fits_and_is_accessible(&browser, "Token Inventory, 360 px wide").await;

    // The Personal menu, with Sign out, is in reach.
    browser
        .tap(
            &browser
                .find("button[aria-haspopup=menu][aria-controls=personal-menu-items]")
                .await,
        )
        .await;
    browser.tap_button("Sign out").await;
    browser.wait_for_path("/sign-in").await;
    browser.close().await;
}
