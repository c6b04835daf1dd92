//! The audit stream (R30) in the portal: a system administrator sets the
//! destination, copies its secret once, and sees the stream catch up.

use std::time::Duration;

use tessera_tests::receiver::Receiver;
use tessera_tests::{Browser, eventually, spawn_app};

#[tokio::test]
async fn a_system_administrator_streams_the_organizations_events_and_sees_them_delivered_r30() {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[]).await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.goto(&app.url("/organization")).await;
    browser.find(".settings[aria-busy=false]").await;
    let field = browser.find("#audit-stream-url").await;
    field.send_keys("ftp://siem.example.com").await.unwrap();
    browser.click_button("Save audit stream").await;
    browser
        .find_text(
            "p",
            "Enter the destination's address: https://, or http:// to this machine only (localhost).",
        )
        .await;
    field.clear().await.unwrap();
    field.send_keys(&receiver.url).await.unwrap();
    browser.click_button("Save audit stream").await;
    let secret = browser
        .find("#audit-stream-secret")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert!(secret.starts_with("whsec_"), "{secret}");
    assert!(browser.accessibility_violations().await.is_empty());

    // Something happens; the minute's run sends it; the page says so.
    let alice = app.portal("alice@demo.example").await;
    alice
        .new_token("Streamed from the portal", &["meta_record"])
        .await;
    eventually(
        Duration::from_secs(30),
        "a batch at the receiver",
        || async {
            app.run_every_minute().await;
            (!receiver.received().is_empty()).then_some(())
        },
    )
    .await;
    let health = eventually(Duration::from_secs(30), "the status to say so", || async {
        browser.click_button("Refresh status").await;
        let text = browser.find(".stream-health").await.text().await.ok()?;
        text.contains("Last delivery accepted").then_some(text)
    })
    .await;
    assert!(health.contains("Nothing waiting"), "{health}");
    let body = String::from_utf8(receiver.received()[0].body.clone()).unwrap();
    assert!(body.contains("Streamed from the portal"), "{body}");
    browser.close().await;
}
