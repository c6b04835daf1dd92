//! The token lifecycle through the Access Tokens page (R1–R3, R5–R7): what a
//! person does with the mouse and the keyboard, checked against the API as a
//! script would call it.

use std::time::Duration;
use tessera_shared::endpoints::{self, Endpoint};

use fantoccini::Locator;
use fantoccini::key::Key;
use tessera_tests::{Browser, TestApp, fixtures, spawn_app};

async fn row_text(browser: &Browser, name: &str) -> String {
    browser
        .find(&format!("tr[aria-label='{name}']"))
        .await
        .text()
        .await
        .unwrap()
}

#[tokio::test]
async fn create_generate_use_edit_regenerate_and_revoke_a_token() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;

    // Create New: a pop-up form; saving adds a Not generated row.
    browser.click_button("Create New").await;
    browser
        .find("[role=dialog][aria-labelledby='dialog-title-create-new']")
        .await;
    browser
        .find("#token-name")
        .await
        .send_keys("E2E token")
        .await
        .unwrap();
    browser
        .find("input[name=scope_meta]")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Save").await;
    assert!(
        row_text(&browser, "E2E token")
            .await
            .contains("Not generated")
    );

    // Generate Token from the row's visible actions button: the string is shown once.
    browser
        .find("button[aria-label='Actions for E2E token']")
        .await
        .click()
        .await
        .unwrap();
    browser.find("[role=menu] [role=menuitem]").await;
    browser.click_button("Generate Token").await;
    let first = browser
        .find("#generated-token-string")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert!(first.starts_with("tessera_"));
    let dialog = browser.find("[role=dialog]").await.text().await.unwrap();
    assert!(dialog.contains("will not be shown again"), "{dialog}");
    browser.click_button("Done").await;
    browser.wait_gone("[role=dialog]").await;
    let row = row_text(&browser, "E2E token").await;
    assert!(row.contains("Active"), "{row}");
    assert!(!row.contains(&first), "the grid shows only a hint");
    assert_eq!(
        app.use_token::<endpoints::Meta>(&first).await.status(),
        200,
        "the string works"
    );

    // Edit Token from a right-click: renaming invalidates the string.
    let row = browser.find("tr[aria-label='E2E token']").await;
    browser.right_click(&row).await;
    browser.click_button("Edit Token").await;
    let name = browser.find("#token-name").await;
    name.clear().await.unwrap();
    name.send_keys("E2E token renamed").await.unwrap();
    browser.click_button("Save").await;
    browser.wait_gone("[role=dialog]").await;
    assert!(
        row_text(&browser, "E2E token renamed")
            .await
            .contains("Not generated")
    );
    assert_eq!(
        app.use_token::<endpoints::Meta>(&first).await.status(),
        401,
        "the old string stopped at once"
    );

    // Generate again from the keyboard: Shift+F10 on the focused row, then
    // Enter once the menu has put focus on Generate Token (pressed sooner,
    // Enter would reach the row: this test failed that way now and then).
    browser
        .choose_from_row_menu("E2E token renamed", "Generate Token")
        .await;
    let second = browser
        .find("#generated-token-string")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert_ne!(first, second);
    browser.press(&Key::Escape.to_string()).await;
    browser.wait_gone("[role=dialog]").await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&second).await.status(),
        200,
        "the new string works"
    );
    assert_eq!(
        app.use_token::<endpoints::Meta>(&first).await.status(),
        401,
        "the old one still does not"
    );

    // Revoke Token: a confirmation that says it cannot be undone; the row goes.
    browser
        .find("button[aria-label='Actions for E2E token renamed']")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Revoke Token").await;
    let confirm = browser.find("[role=dialog]").await.text().await.unwrap();
    assert!(confirm.contains("cannot be undone"), "{confirm}");
    browser.find("button.danger").await.click().await.unwrap();
    browser
        .wait_gone("tr[aria-label='E2E token renamed']")
        .await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&second).await.status(),
        401,
        "revoked at once"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_refusal_is_shown_next_to_the_field_in_the_form() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    browser.click_button("Create New").await;
    browser
        .find("#token-name")
        .await
        .send_keys("Nightly export")
        .await
        .unwrap();
    browser.click_button("Save").await;
    // The form's own check (shared validation) first: no scope chosen.
    browser
        .find_text(
            "p",
            "Choose at least one scope: Meta Record, Report Record or both.",
        )
        .await;
    browser
        .find("input[name=scope_report]")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Save").await;
    // Then the worker's: the name is taken. Shown by the name field.
    let error = browser.find("#token-name-error").await;
    tessera_tests::eventually(Duration::from_secs(10), "the worker's refusal", || async {
        let text = error.text().await.ok()?;
        text.contains("already have a token named").then_some(())
    })
    .await;
    let rows = browser
        .client
        .find_all(Locator::Css("tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 2, "nothing was added");
    browser.close().await;
}

#[tokio::test]
async fn names_with_markup_are_shown_as_text() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    alice
        .new_token("<img src=x onerror=alert(1)>", &["meta_record"])
        .await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    let cell = browser
        .find_text("td", "<img src=x onerror=alert(1)>")
        .await;
    assert_eq!(cell.text().await.unwrap(), "<img src=x onerror=alert(1)>");
    let images = browser
        .client
        .find_all(Locator::Css("td img"))
        .await
        .unwrap();
    assert!(images.is_empty(), "the name was not parsed as HTML");
    browser.close().await;
}

/// Presses Tab until the focused element is `wanted`: its text, aria-label, name or id.
async fn tab_to(browser: &Browser, wanted: &str) {
    for _ in 0..40 {
        let focused = browser.client.active_element().await.unwrap();
        let text = focused.text().await.unwrap_or_default();
        let mut names = vec![text.trim().to_owned()];
        for attribute in ["aria-label", "name", "id"] {
            names.push(
                focused
                    .attr(attribute)
                    .await
                    .unwrap_or_default()
                    .unwrap_or_default(),
            );
        }
        if names.iter().any(|name| name == wanted) {
            return;
        }
        browser.press(&Key::Tab.to_string()).await;
    }
    panic!("Tab never reached {wanted:?}");
}

/// Opens the row menu of the focused row `row` with Shift+F10, once focus is
/// on that row (it comes back there after a dialog closes, a moment later),
/// and waits until the menu has put focus on its first item.
async fn open_row_menu(browser: &Browser, row: &str) {
    let focused_row = || async {
        let focused = browser.client.active_element().await.ok()?;
        let label = focused.attr("aria-label").await.ok()??;
        (label == row).then_some(())
    };
    tessera_tests::eventually(Duration::from_secs(5), "focus on the row", focused_row).await;
    browser
        .press(&format!("{}{}{}", Key::Shift, Key::F10, Key::Null))
        .await;
    browser.find("[role=menu]").await;
    tessera_tests::eventually(
        Duration::from_secs(5),
        "the first item to take focus",
        || async { (browser.focused_text().await == "Generate Token").then_some(()) },
    )
    .await;
}

#[tokio::test]
async fn create_generate_edit_and_revoke_with_the_keyboard_only() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/sign-in")).await;
    browser.find("#email").await; // the page is there; from here on, only keys
    tab_to(&browser, "email").await;
    browser.press(&app.email("alice@demo.example")).await;
    browser.press(&Key::Tab.to_string()).await;
    browser.press(tessera_tests::DEMO_PASSWORD).await;
    browser.press(&Key::Enter.to_string()).await;
    browser.wait_for_path("/access-tokens").await;
    browser.find("tr[aria-label='Nightly export']").await;

    // Create New
    tab_to(&browser, "Create New").await;
    browser.press(&Key::Enter.to_string()).await;
    browser.find("#token-name").await;
    browser.press("Keyboard token").await; // the dialog put focus in Name
    tab_to(&browser, "scope_meta").await;
    browser.press(" ").await;
    tab_to(&browser, "Save").await;
    browser.press(&Key::Enter.to_string()).await;
    browser.find("tr[aria-label='Keyboard token']").await;

    // Generate Token from the row menu (Shift+F10), first item.
    tab_to(&browser, "Keyboard token").await;
    open_row_menu(&browser, "Keyboard token").await;
    browser.press(&Key::Enter.to_string()).await;
    let string = browser
        .find("#generated-token-string")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200
    );
    browser.press(&Key::Escape.to_string()).await;
    browser.wait_gone("[role=dialog]").await;

    // Edit Token: focus came back to the row; third item, after Rotate Token.
    open_row_menu(&browser, "Keyboard token").await;
    browser.press(&Key::Down.to_string()).await;
    assert_eq!(browser.focused_text().await, "Rotate Token");
    browser.press(&Key::Down.to_string()).await;
    assert_eq!(browser.focused_text().await, "Edit Token");
    browser.press(&Key::Enter.to_string()).await;
    browser.find("#token-name").await;
    browser.press(&format!("{} renamed", Key::End)).await;
    browser.press(&Key::Enter.to_string()).await; // Enter in a field submits the form
    browser
        .find("tr[aria-label='Keyboard token renamed']")
        .await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        401
    );

    // Revoke Token: the last item, then confirm.
    tab_to(&browser, "Keyboard token renamed").await;
    open_row_menu(&browser, "Keyboard token renamed").await;
    browser.press(&Key::Up.to_string()).await; // wraps to the last item
    assert_eq!(browser.focused_text().await, "Revoke Token");
    browser.press(&Key::Enter.to_string()).await;
    browser.find("[role=dialog]").await;
    tab_to(&browser, "Revoke Token").await;
    browser.press(&Key::Enter.to_string()).await;
    browser
        .wait_gone("tr[aria-label='Keyboard token renamed']")
        .await;
    browser.close().await;
}

/// Whether the button that reads `label` is disabled.
async fn button_disabled(browser: &Browser, label: &str) -> bool {
    browser
        .find_text("button", label)
        .await
        .attr("disabled")
        .await
        .unwrap()
        .is_some()
}

async fn pager_reads(browser: &Browser, text: &str) {
    browser.find_text("span", text).await;
}

#[tokio::test]
async fn the_pager_moves_through_a_long_list_and_changes_reload_the_page_it_is_on_r1() {
    // 1,000 more tokens for alice, `Script token 0001` to `Script token
    // 1000`: with her two, 21 pages of 50.
    let app = TestApp::own()
        .seed(|db, demo| fixtures::script_tokens(db, demo.demo_org(), demo.alice(), 1000))
        .start()
        .await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;

    // Page 1: by name, 50 rows, and how many there are in all.
    browser.find("tr[aria-label='Nightly export']").await;
    browser.find("tr[aria-label='Script token 0048']").await;
    pager_reads(&browser, "Page 1 of 21 · 1,002 tokens").await;
    let rows = browser
        .client
        .find_all(Locator::Css("tbody tr"))
        .await
        .unwrap();
    assert_eq!(rows.len(), 50);
    assert!(
        button_disabled(&browser, "Previous").await,
        "no page before the first"
    );

    // Next: the following 50 by name.
    browser.click_button("Next").await;
    browser.find("tr[aria-label='Script token 0049']").await;
    browser.wait_gone("tr[aria-label='Nightly export']").await;
    pager_reads(&browser, "Page 2 of 21 · 1,002 tokens").await;

    // Revoking from page 2 reloads page 2, one token fewer.
    let row = browser.find("tr[aria-label='Script token 0050']").await;
    browser.right_click(&row).await;
    browser.click_button("Revoke Token").await;
    browser.find("button.danger").await.click().await.unwrap();
    browser
        .wait_gone("tr[aria-label='Script token 0050']")
        .await;
    pager_reads(&browser, "Page 2 of 21 · 1,001 tokens").await;
    browser.find("tr[aria-label='Script token 0099']").await; // moved up from page 3

    // Previous: back to the first page.
    browser.click_button("Previous").await;
    browser.find("tr[aria-label='Power BI refresh']").await;
    pager_reads(&browser, "Page 1 of 21 · 1,001 tokens").await;

    // Search: the matches, from their first page.
    browser
        .find("input[name=search]")
        .await
        .send_keys("token 00")
        .await
        .unwrap();
    pager_reads(&browser, "Page 1 of 2 · 98 tokens").await; // 0001–0099 but 0050
    browser.wait_gone("tr[aria-label='Power BI refresh']").await;
    browser.click_button("Next").await;
    pager_reads(&browser, "Page 2 of 2 · 98 tokens").await;
    browser.find("tr[aria-label='Script token 0099']").await;
    assert!(
        button_disabled(&browser, "Next").await,
        "no page after the last"
    );

    // When a revocation empties the last page, the grid shows the page before it.
    let alice = app.portal("alice@demo.example").await;
    let last_page = alice
        .token_page(app.demo.alice(), "search=token%2000&page=2&page_size=50")
        .await;
    for token in &last_page.tokens[1..] {
        assert_eq!(alice.revoke(token.id).await.status(), 204);
    }
    let remaining = &last_page.tokens[0].name;
    let row = browser.find(&format!("tr[aria-label='{remaining}']")).await;
    browser.right_click(&row).await;
    browser.click_button("Revoke Token").await;
    browser.find("button.danger").await.click().await.unwrap();
    pager_reads(&browser, "Page 1 of 1 · 50 tokens").await;
    browser.find("tr[aria-label='Script token 0001']").await;
    browser.close().await;
}

#[tokio::test]
async fn expiry_on_is_a_utc_day_and_the_date_picker_offers_the_days_the_worker_accepts() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let (status, body) = admin
        .call(
            reqwest::Method::PUT,
            endpoints::SetTokenPolicy::PATH,
            Some(tessera_tests::bodies::lifetime_policy(serde_json::json!(
                30
            ))),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    browser.find_text("th", "Expiry On (UTC)").await;
    browser.click_button("Create New").await;
    browser.find_text("label", "Expiry On (UTC)").await;

    let expiry = browser.find("#token-expiry").await;
    expiry
        .select_by_value("custom")
        .await
        .expect("the custom date choice");
    let picker = browser.find("#token-expiry-date").await;
    let today = time::OffsetDateTime::now_utc().date();
    let attribute = |name: &'static str| {
        let picker = picker.clone();
        async move { picker.attr(name).await.unwrap().unwrap_or_default() }
    };
    assert_eq!(
        attribute("min").await,
        tessera_shared::expiry::format_date(today)
    );
    assert_eq!(
        attribute("max").await,
        tessera_shared::expiry::format_date(today + time::Duration::days(30)),
        "the organization's maximum, counted in UTC days as the worker counts them"
    );
    let hint = browser
        .find("#token-expiry-hint")
        .await
        .text()
        .await
        .unwrap();
    assert!(hint.contains("UTC"), "{hint}");
    browser.close().await;
}
