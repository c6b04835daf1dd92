//! Usage at a glance in the portal (R22): a token's detail panel with
//! its chart and the chart's text alternative, opened and closed with the
//! keyboard; the inventory's spark lines and the organization's week.

use fantoccini::key::Key;
use tessera_tests::{Browser, TestApp, spawn_app};

/// A token with known traffic: 3 accepted requests and 2 refused for
/// being outside its Scope, all today.
async fn known_traffic(app: &TestApp, name: &str) {
    let alice = app.portal("alice@demo.example").await;
    let token = alice.new_token(name, &["meta_record"]).await;
    let string = alice.token_string(token.id).await;
    app.known_traffic(&string, 3, 2).await;
}

fn no_violations(violations: Vec<String>) {
    assert!(violations.is_empty(), "{violations:#?}");
}

#[tokio::test]
async fn a_tokens_usage_panel_charts_its_known_traffic_and_says_it_in_words() {
    let app = spawn_app().await;
    known_traffic(&app, "Charted").await;
    let today = tessera_shared::expiry::format_date(time::OffsetDateTime::now_utc().date());
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    browser.choose_from_row_menu("Charted", "Token Usage").await;

    let chart = browser.find(".usage-panel svg[role=img]").await;
    let summary = chart.attr("aria-label").await.unwrap().unwrap();
    assert!(
        summary.contains(&format!("to {today}: 5 requests, 3 OK and 2 Fail")),
        "{summary}"
    );
    assert!(
        summary.contains(&format!("the most on one day: 5, on {today}")),
        "{summary}"
    );
    // One day had requests: one bar of two parts, and one row of numbers.
    let bars = browser
        .client
        .find_all(fantoccini::Locator::Css(".usage-panel svg g"))
        .await
        .unwrap();
    assert_eq!(bars.len(), 1);
    let rows = browser
        .client
        .find_all(fantoccini::Locator::Css(".usage-numbers tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    let numbers = rows[0].prop("textContent").await.unwrap().unwrap();
    assert_eq!(numbers, format!("{today}32"));
    let addresses = browser
        .find(".usage-panel .addresses")
        .await
        .text()
        .await
        .unwrap();
    assert!(addresses.contains(&app.client_address), "{addresses}");

    // The panel took the focus; the numbers open from the keyboard.
    assert_eq!(browser.focused_text().await, "Usage of Charted");
    no_violations(browser.accessibility_violations().await);
    browser.press(&Key::Tab.to_string()).await;
    assert_eq!(browser.focused_text().await, "Close");
    browser.press(&Key::Tab.to_string()).await;
    assert_eq!(browser.focused_text().await, "Requests by day");
    browser.press(&Key::Enter.to_string()).await;
    let table = browser.find(".usage-numbers").await;
    assert!(table.is_displayed().await.unwrap(), "the numbers show");
    no_violations(browser.accessibility_violations().await);

    // Escape closes it and gives the focus back to the token's row.
    browser.press(&Key::Escape.to_string()).await;
    browser.wait_gone(".usage-panel").await;
    let focused = browser.client.active_element().await.unwrap();
    assert_eq!(
        focused.attr("aria-label").await.unwrap().as_deref(),
        Some("Charted")
    );
    browser.close().await;
}

#[tokio::test]
async fn the_inventory_shows_each_tokens_spark_line_and_the_weeks_leaders() {
    let app = spawn_app().await;
    known_traffic(&app, "Sparkling").await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.goto(&app.url("/token-inventory")).await;

    let row = browser.find("tr[aria-label='Sparkling']").await;
    let spark = row
        .find(fantoccini::Locator::Css("svg.spark"))
        .await
        .unwrap();
    assert_eq!(
        spark.attr("aria-label").await.unwrap().as_deref(),
        Some("30 days: 5 requests, at most 5 a day")
    );
    let busiest = browser.find("ol[aria-labelledby=busiest-title] li").await;
    let text = busiest.text().await.unwrap();
    assert!(
        text.contains("Sparkling") && text.contains("3 OK, 2 Fail"),
        "{text}"
    );
    let failing = browser
        .find("ol[aria-labelledby=most-failing-title] li")
        .await;
    assert!(failing.text().await.unwrap().contains("Sparkling"));
    no_violations(browser.accessibility_violations().await);
    browser.close().await;
}
