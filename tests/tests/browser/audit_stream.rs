//! The audit stream (R30) in the portal: a system administrator sets the
//! destination, copies its secret once, and sees the stream catch up.

use std::time::Duration;

use tessera_tests::receiver::Receiver;
use tessera_tests::{Browser, TestApp, eventually, spawn_app};

/// The system administrator on Organization settings, and a receiver that
/// accepts everything.
async fn on_organization_settings() -> (TestApp, Receiver, Browser) {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[]).await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.goto(&app.url("/organization")).await;
    browser.find(".settings[aria-busy=false]").await;
    (app, receiver, browser)
}

#[tokio::test]
async fn a_system_administrator_streams_the_organizations_events_and_sees_them_delivered_r30() {
    let (app, receiver, browser) = on_organization_settings().await;
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
    app.first_streamed(&receiver).await;
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

/// The Splunk HTTP Event Collector: its token is asked for, sent with every
/// batch, and never shown again.
#[tokio::test]
async fn a_system_administrator_streams_to_splunk_with_a_token_the_page_never_shows_again_r30() {
    const HEC_TOKEN: &str = "5c1d0e7a-browser-hec-token";
    let (app, receiver, browser) = on_organization_settings().await;
    browser
        .find("#audit-stream-url")
        .await
        .send_keys(&receiver.url)
        .await
        .unwrap();
    browser
        .find("input[name=splunk_hec]")
        .await
        .click()
        .await
        .unwrap();
    // Without its token, the collector is refused under the token's field.
    browser.click_button("Save audit stream").await;
    let refused = eventually(Duration::from_secs(10), "the token asked for", || async {
        let text = browser
            .find("#audit-stream-splunk-token-error")
            .await
            .text()
            .await
            .ok()?;
        (!text.is_empty()).then_some(text)
    })
    .await;
    assert!(refused.contains("token"), "{refused}");
    let token = browser.find("#audit-stream-splunk-token").await;
    assert_eq!(
        token.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    token.send_keys(HEC_TOKEN).await.unwrap();
    browser.click_button("Save audit stream").await;
    browser
        .find_text("p", "Audit stream saved: events from now on are sent.")
        .await;
    assert!(
        browser
            .client
            .find_all(fantoccini::Locator::Css("#audit-stream-secret"))
            .await
            .unwrap()
            .is_empty(),
        "Splunk authenticates by its token: no signing secret"
    );
    assert!(browser.accessibility_violations().await.is_empty());

    // The page, opened again, knows it is Splunk and shows no token.
    browser.goto(&app.url("/organization")).await;
    browser.find(".settings[aria-busy=false]").await;
    let ticked = eventually(Duration::from_secs(10), "the kind read back", || async {
        let checkbox = browser.find("input[name=splunk_hec]").await;
        checkbox.prop("checked").await.ok()?.filter(|c| c == "true")
    })
    .await;
    assert_eq!(ticked, "true");
    let shown = browser
        .find("#audit-stream-splunk-token")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(shown, "", "the token is never shown again");
    let page = browser.client.source().await.unwrap();
    assert!(!page.contains(HEC_TOKEN), "nowhere on the page");

    // What happens next reaches the collector with the token.
    let alice = app.portal("alice@demo.example").await;
    alice
        .new_token("Sent to Splunk from the portal", &["meta_record"])
        .await;
    let batch = app.first_streamed(&receiver).await;
    assert_eq!(
        batch.headers.get("authorization").map(String::as_str),
        Some(format!("Splunk {HEC_TOKEN}").as_str())
    );
    let body = String::from_utf8(batch.body).unwrap();
    assert!(body.contains("tessera:audit"), "{body}");
    assert!(body.contains("Sent to Splunk from the portal"), "{body}");
    browser.close().await;
}
