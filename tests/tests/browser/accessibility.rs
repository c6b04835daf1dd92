//! Every page of the portal, with its menus and pop-ups open: zero
//! accessibility violations (axe-core) and zero Content-Security-Policy
//! violations (R16; the policy is in worker/src/security_headers.rs).

use tessera_tests::{Browser, spawn_app};

async fn assert_accessible(browser: &Browser, what: &str) {
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{what}: {violations:#?}");
    let refused = browser.policy_violations().await;
    assert!(
        refused.is_empty(),
        "{what}, Content-Security-Policy: {refused:#?}"
    );
}

#[tokio::test]
async fn every_page_has_no_accessibility_or_policy_violations_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    alice.token_string(app.demo.power_bi_refresh()).await;
    let browser = Browser::start().await;

    browser.goto(&app.url("/sign-in")).await;
    browser.find("#email").await;
    assert_accessible(&browser, "Sign in").await;

    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.find("tbody").await;
    assert_accessible(&browser, "Access Tokens (empty)").await;

    browser
        .goto(&app.url(&format!("/logins/{}/access-tokens", app.demo.alice())))
        .await;
    let row = browser.find("tr[aria-label='Power BI refresh']").await;
    assert_accessible(&browser, "Access Tokens").await;
    browser.right_click(&row).await;
    browser.find("[role=menu] [role=menuitem]").await;
    assert_accessible(&browser, "Access Tokens, row menu").await;
    browser.click_button("Edit Token").await;
    browser.find("#token-name").await;
    assert_accessible(&browser, "Edit Token").await;
    browser
        .press(&fantoccini::key::Key::Escape.to_string())
        .await;
    browser.wait_gone("[role=dialog]").await;
    browser
        .find("button[aria-label='Actions for Nightly export']")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Generate Token").await;
    browser.find("#generated-token-string").await;
    assert_accessible(&browser, "Generate Token").await;
    browser.click_button("Done").await;

    browser
        .find("button[aria-haspopup=menu]")
        .await
        .click()
        .await
        .unwrap();
    browser.find_text("a", "My API Access Tokens").await;
    assert_accessible(&browser, "Personal menu").await;

    for (path, ready) in [
        ("/token-logs", "table.grid"),
        ("/contacts-logins", "tr[aria-label='Alice Analyst']"),
        ("/token-inventory", "tr[aria-label='Power BI refresh']"),
    ] {
        browser.goto(&app.url(path)).await;
        browser.find(ready).await;
        assert_accessible(&browser, path).await;
    }
    browser.goto(&app.url("/contacts-logins")).await;
    browser.click_button("Add login").await;
    browser.find("#login-name").await;
    assert_accessible(&browser, "Add login").await;

    // The checker itself finds a violation when there is one.
    browser
        .client
        .execute("document.body.appendChild(Object.assign(document.createElement('img'), { src: 'x.png' }))", vec![])
        .await
        .unwrap();
    let violations = browser.accessibility_violations().await;
    assert!(
        violations.iter().any(|v| v.starts_with("image-alt")),
        "{violations:?}"
    );
    // And the policy recorder sees a violation when there is one: an
    // inline style attribute, which the policy refuses.
    browser
        .client
        .execute("document.body.setAttribute('style', 'color: red')", vec![])
        .await
        .unwrap();
    let refused = tessera_tests::eventually(
        std::time::Duration::from_secs(5),
        "the inline style's violation",
        || async {
            let refused = browser.policy_violations().await;
            (!refused.is_empty()).then_some(refused)
        },
    )
    .await;
    assert!(refused[0].starts_with("style-src-attr"), "{refused:?}");
    browser.close().await;
}
