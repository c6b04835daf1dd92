//! Takes the README's picture of the portal (`make screenshot`): alice's
//! Access Tokens grid with a generated token and its row menu open, in
//! headless Chromium against the real runtime, written to docs/portal.png.

use tessera_tests::{Browser, spawn_own_app};

#[tokio::main]
async fn main() {
    let app = spawn_own_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    alice.token_string(2).await;
    browser.client.refresh().await.expect("the page reloads");
    let row = browser.find("tr[aria-label='Power BI refresh']").await;
    browser.right_click(&row).await;
    browser.find("[role=menu] [role=menuitem]").await;
    let png = browser.client.screenshot().await.expect("a screenshot");
    let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs");
    std::fs::create_dir_all(&docs).expect("docs/ exists");
    std::fs::write(docs.join("portal.png"), png).expect("docs/portal.png is written");
    browser.close().await;
}
