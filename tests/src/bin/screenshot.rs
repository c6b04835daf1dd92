//! Takes the README's pictures of the portal (`make screenshot`), in
//! headless Chromium against the real runtime, into docs/: alice's Access
//! Tokens grid with a generated token and its row menu open on a desktop
//! (`portal.png`), and the same page on a 390 px phone, its rows as cards
//! under the notices bar (`portal-phone.png`); then both again with the
//! system set to dark (`portal-dark.png`, `portal-phone-dark.png`).

use serde_json::json;
use tessera_tests::{Browser, TestApp};

#[tokio::main]
async fn main() {
    let app = TestApp::own().start().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    alice.token_string(app.demo.power_bi_refresh()).await;
    // A token expiring in a week: the notices bar has something to count.
    let weekly = alice
        .create_token(
            alice.login_id,
            "Weekly upload",
            "7_days",
            &["report_record"],
        )
        .await;
    let weekly: tessera_shared::tokens::TokenView = weekly.json().await.expect("the new token");
    alice.token_string(weekly.id).await;
    app.run_scheduled().await;
    browser.client.refresh().await.expect("the page reloads");
    let row = browser.find("tr[aria-label='Power BI refresh']").await;
    browser.right_click(&row).await;
    browser.find("[role=menu] [role=menuitem]").await;
    save(&browser, "portal.png").await;

    // A phone at one device pixel per CSS pixel: a picture the size it shows.
    browser
        .devtools(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true }),
        )
        .await;
    browser.client.refresh().await.expect("the page reloads");
    browser.find("tr[aria-label='Power BI refresh']").await;
    browser.find(".notices-newest:not(:empty)").await;
    save(&browser, "portal-phone.png").await;

    // The system set to dark: the same two pictures.
    browser
        .devtools(
            "Emulation.setEmulatedMedia",
            json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
        )
        .await;
    browser.client.refresh().await.expect("the page reloads");
    browser.find("tr[aria-label='Power BI refresh']").await;
    browser.find(".notices-newest:not(:empty)").await;
    save(&browser, "portal-phone-dark.png").await;
    browser
        .devtools(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": 1400, "height": 900, "deviceScaleFactor": 1, "mobile": false }),
        )
        .await;
    browser.client.refresh().await.expect("the page reloads");
    let row = browser.find("tr[aria-label='Power BI refresh']").await;
    browser.right_click(&row).await;
    browser.find("[role=menu] [role=menuitem]").await;
    save(&browser, "portal-dark.png").await;
    browser.close().await;
}

async fn save(browser: &Browser, name: &str) {
    let png = browser.client.screenshot().await.expect("a screenshot");
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    std::fs::create_dir_all(&docs).expect("docs/ exists");
    std::fs::write(docs.join(name), png).expect("the picture is written");
}
