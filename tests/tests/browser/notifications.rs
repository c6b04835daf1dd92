//! Warnings in the portal (R18, R21): an owner's expiry notice on Access
//! Tokens, dismissed with the keyboard; a system administrator's webhook
//! settings with its deliveries and the unused-token policy.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fantoccini::key::Key;
use tessera_tests::receiver::Receiver;
use tessera_tests::{Browser, TestApp, eventually, fixtures, known_token_string, spawn_app};

/// Tabs until the focused element reads `text`.
async fn tab_to(browser: &Browser, text: &str) {
    for _ in 0..60 {
        if browser.focused_text().await == text {
            return;
        }
        browser.press(&Key::Tab.to_string()).await;
    }
    panic!("Tab never reached {text:?}");
}

fn no_violations(violations: Vec<String>) {
    assert!(violations.is_empty(), "{violations:#?}");
}

#[tokio::test]
async fn an_owner_reads_an_expiry_notice_and_dismisses_it_with_the_keyboard() {
    let (_, hash) = known_token_string(51);
    let in_a_week = time::OffsetDateTime::from_unix_timestamp(
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64
            + 7 * 86_400,
    )
    .unwrap()
    .date();
    let app = TestApp::own()
        .seed(|db, demo| {
            fixtures::give_string(db, demo.power_bi_refresh(), &hash);
            fixtures::set_expiry_on(
                db,
                demo.power_bi_refresh(),
                &tessera_shared::expiry::format_date(in_a_week),
            );
        })
        .start()
        .await;
    app.run_scheduled().await;

    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    // The bar counts them and shows the newest; the list opens on request.
    let bar = eventually(
        Duration::from_secs(10),
        "the newest notice in the bar",
        || async {
            let bar = browser.find(".notices-bar").await.text().await.ok()?;
            bar.contains("“Power BI refresh”").then_some(bar)
        },
    )
    .await;
    assert!(bar.contains("1 notice"), "{bar}");
    tab_to(&browser, "Show notices").await;
    browser.press(&Key::Enter.to_string()).await;
    let notice = browser.find(".notices li").await.text().await.unwrap();
    assert!(
        notice.contains("“Power BI refresh”") && notice.contains("in 7 days"),
        "{notice}"
    );
    no_violations(browser.accessibility_violations().await);

    tab_to(&browser, "Dismiss").await;
    browser.press(&Key::Enter.to_string()).await;
    browser.wait_gone(".notices").await;
    let alice = app.portal("alice@demo.example").await;
    assert!(alice.notices().await.is_empty(), "dismissed for good");
    browser.close().await;
}

#[tokio::test]
async fn an_administrator_sets_the_webhook_sends_a_test_and_sees_it_delivered() {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[]).await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.click_link("Organization").await;
    browser.wait_for_path("/organization").await;

    // A refused address is marked on its field.
    let address = browser.find("#webhook-url").await;
    address.click().await.unwrap();
    browser.press("ftp://nowhere.example").await;
    browser.press(&Key::Enter.to_string()).await;
    let refusal = browser.find("#webhook-url-error").await;
    eventually(
        Duration::from_secs(10),
        "the refusal under the field",
        || async {
            refusal
                .text()
                .await
                .ok()?
                .contains("https://")
                .then_some(())
        },
    )
    .await;
    assert_eq!(
        address.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    address.clear().await.unwrap();

    address.click().await.unwrap();
    browser.press(&receiver.url).await;
    browser.press(&Key::Enter.to_string()).await; // submits the form
    let secret = browser
        .find("#webhook-secret")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(secret.starts_with("whsec_"), "{secret}");

    tab_to(&browser, "Send test delivery").await;
    browser.press(&Key::Enter.to_string()).await;
    eventually(
        Duration::from_secs(20),
        "the receiver to get it",
        || async { (!receiver.received().is_empty()).then_some(()) },
    )
    .await;
    eventually(
        Duration::from_secs(20),
        "the list to say Delivered",
        || async {
            browser
                .client
                .find(fantoccini::Locator::XPath(
                    "//button[normalize-space(.)='Refresh']",
                ))
                .await
                .ok()?
                .click()
                .await
                .ok()?;
            tokio::time::sleep(Duration::from_millis(300)).await;
            let table = browser
                .find("table[aria-label='Webhook deliveries']")
                .await
                .text()
                .await
                .ok()?;
            (table.contains("Delivered") && table.contains("ping")).then_some(())
        },
    )
    .await;

    let policy = browser.find("#stale-after").await;
    policy.click().await.unwrap();
    browser.press("90").await;
    tab_to(&browser, "Save unused-token policy").await;
    browser.press(&Key::Enter.to_string()).await;
    let status = browser.find_text("p", "Tokens unused for 90 days are now revoked by the daily run; their owners are warned 7 days ahead.").await;
    drop(status);
    no_violations(browser.accessibility_violations().await);
    browser.close().await;
}
