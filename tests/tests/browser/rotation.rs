//! Rotate Token and a token's own Token Logs, from its row menu, with the
//! keyboard only (R19).

use std::time::Duration;

use fantoccini::key::Key;
use tessera_shared::endpoints;
use tessera_tests::{Browser, eventually, spawn_app};

#[tokio::test]
async fn rotate_a_token_with_a_grace_period_then_read_its_own_token_logs() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let old = alice.token_string(app.demo.power_bi_refresh()).await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    browser.find("tr[aria-label='Power BI refresh']").await;

    browser
        .choose_from_row_menu("Power BI refresh", "Rotate Token")
        .await;
    browser
        .find("[role=dialog][aria-labelledby='dialog-title-rotate-token']")
        .await;
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    // 24 hours is chosen; arrow keys move through the radio group to 7 days.
    let chosen = browser.find("input[name=grace][value='24h']").await;
    assert_eq!(
        chosen.prop("checked").await.unwrap().as_deref(),
        Some("true")
    );
    chosen.click().await.unwrap();
    browser.press(&Key::Down.to_string()).await;
    let seven_days = browser.find("input[name=grace][value='7d']").await;
    eventually(Duration::from_secs(5), "7 days to be chosen", || async {
        (seven_days.prop("checked").await.ok()?.as_deref() == Some("true")).then_some(())
    })
    .await;
    browser.press(&Key::Enter.to_string()).await; // submits the form

    let new = browser
        .find("#generated-token-string")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(new.starts_with("tessera_") && new != old);
    let dialog = browser.find("[role=dialog]").await.text().await.unwrap();
    assert!(
        dialog.contains("previous token string keeps working until"),
        "{dialog}"
    );
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    assert_eq!(app.use_token::<endpoints::Meta>(&old).await.status(), 200);
    browser.press(&Key::Escape.to_string()).await;
    browser.wait_gone("[role=dialog]").await;
    let row = browser
        .find("tr[aria-label='Power BI refresh']")
        .await
        .text()
        .await
        .unwrap();
    assert!(row.contains("Previous string works until"), "{row}");

    // The new string's first use ends the overlap.
    assert_eq!(app.use_token::<endpoints::Meta>(&new).await.status(), 200);
    assert_eq!(app.use_token::<endpoints::Meta>(&old).await.status(), 401);

    // Token Logs, from the row menu: that token's entries only.
    browser
        .choose_from_row_menu("Power BI refresh", "Token Logs")
        .await;
    browser.wait_for_path("/token-logs").await;
    let notice = browser.find(".one-token").await.text().await.unwrap();
    assert!(notice.contains("one token's entries"), "{notice}");
    browser.find_text("td", "ROTATE").await;
    let table = browser.find("table").await.text().await.unwrap();
    assert!(!table.contains("Nightly export"), "{table}");
    assert!(table.contains("the new one was used"), "{table}");
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    browser.close().await;
}
