//! The portal arrives in parts: the first page of a visit (Sign in or Access
//! Tokens) is in the main wasm module; the administrators' pages and the
//! token pop-ups are chunks, fetched when first needed. What the browser
//! fetched is read from its Performance API; the sizes are the bench's.

use std::path::Path;

use tempfile::TempDir;
use tessera_tests::{Browser, TestApp, repository_root, spawn_app};

/// The chunks among `paths`: every wasm file but the main module.
fn chunks(paths: &[String]) -> Vec<String> {
    paths
        .iter()
        .filter(|path| path.ends_with(".wasm") && !path.ends_with("_bg.wasm"))
        .filter_map(|path| path.rsplit('/').next())
        .map(str::to_owned)
        .collect()
}

/// The chunks the page has fetched so far.
async fn fetched_chunks(browser: &Browser) -> Vec<String> {
    chunks(&browser.fetched_paths().await)
}

#[tokio::test]
async fn pages_and_pop_ups_fetch_their_chunks_when_first_opened() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;

    // A visit that starts on Access Tokens: the main module and no chunk.
    browser.goto(&app.url("/access-tokens")).await;
    browser.find("table.grid").await;
    let first_load = browser.fetched_paths().await;
    assert!(
        first_load.iter().any(|path| path.ends_with("_bg.wasm")),
        "{first_load:?}"
    );
    assert_eq!(chunks(&first_load), Vec::<String>::new());

    // Token Logs from the main menu: its chunk (and the parts it shares), then the page.
    browser.click_link("Token Logs").await;
    browser.find_text("h1", "Token Logs").await;
    let fetched = fetched_chunks(&browser).await;
    assert!(
        fetched.contains(&"split_token_logs.wasm".to_owned()),
        "{fetched:?}"
    );
    for other in [
        "split_contacts_logins.wasm",
        "split_token_inventory.wasm",
        "split_token_dialogs.wasm",
    ] {
        assert!(
            !fetched.contains(&other.to_owned()),
            "{other} in {fetched:?}"
        );
    }

    // Back on Access Tokens, Create New: the pop-ups' chunk, then the pop-up.
    browser.click_link("Access Tokens").await;
    browser.click_button("Create New").await;
    browser.find("[role=dialog] input").await;
    let fetched = fetched_chunks(&browser).await;
    assert!(
        fetched.contains(&"split_token_dialogs.wasm".to_owned()),
        "{fetched:?}"
    );
}

#[tokio::test]
async fn a_visit_that_starts_on_a_chunked_page_shows_it() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;

    browser.goto(&app.url("/contacts-logins")).await;
    browser.find("tr[aria-label='Alice Analyst']").await;
    let fetched = fetched_chunks(&browser).await;
    assert!(
        fetched.contains(&"split_contacts_logins.wasm".to_owned()),
        "{fetched:?}"
    );
}

/// A copy of the built portal without the chunk `file`: what a browser tab
/// meets when a newer deployment has replaced its build.
fn portal_without(file: &str) -> TempDir {
    fn copy(from: &Path, to: &Path, leaving_out: &str) {
        std::fs::create_dir_all(to).unwrap();
        for entry in std::fs::read_dir(from).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap();
            if path.is_dir() {
                copy(&path, &to.join(name), leaving_out);
            } else if name != leaving_out {
                std::fs::copy(&path, to.join(name)).unwrap();
            }
        }
    }
    let copied = tempfile::tempdir().unwrap();
    copy(
        &repository_root().join("frontend/dist"),
        copied.path(),
        file,
    );
    copied
}

#[tokio::test]
async fn a_page_whose_chunk_cannot_be_fetched_says_so_and_the_rest_still_works() {
    let portal = portal_without("split_token_logs.wasm");
    let app = TestApp::own().assets(portal.path()).start().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;

    browser.click_link("Token Logs").await;
    browser
        .find_text("h1", "This page could not be loaded")
        .await;
    browser.find_text("button", "Reload").await;

    browser.click_link("Access Tokens").await;
    browser.find_text("h1", "Access Tokens").await;
    browser.click_button("Create New").await;
    browser.find("[role=dialog] input").await;
}

#[tokio::test]
async fn a_pop_up_whose_chunk_cannot_be_fetched_says_so_on_the_page() {
    let portal = portal_without("split_token_dialogs.wasm");
    let app = TestApp::own().assets(portal.path()).start().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;

    browser.click_button("Create New").await;
    browser
        .find_text(
            "p",
            "This pop-up could not be loaded. Check your connection and try again.",
        )
        .await;
    browser.wait_gone("[role=dialog]").await;
}
