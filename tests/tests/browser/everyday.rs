//! What a person managing tokens every day is offered: a row menu that
//! fits the token's state, a Generate Token on a live token that says what
//! it breaks and names Rotate as the safe way, and, for an administrator,
//! whose tokens the page is about.

use fantoccini::key::Key;
use tessera_tests::{Browser, TestApp, fixtures};

/// The labels of `row`'s menu, opened by a right-click, then closed.
async fn row_menu(browser: &Browser, row: &str) -> Vec<String> {
    let row = browser.find(&format!("tr[aria-label='{row}']")).await;
    browser.right_click(&row).await;
    let labels = browser.menu_labels().await;
    browser.press(&Key::Escape.to_string()).await;
    browser.wait_gone("[role=menu]").await;
    labels
}

#[tokio::test]
async fn the_row_menu_offers_what_applies_to_the_tokens_state_r3() {
    let app = TestApp::own()
        .seed(|db, demo| fixtures::set_expiry_on(db, demo.nightly_export(), "2020-01-31"))
        .start()
        .await;
    let alice = app.portal("alice@demo.example").await;
    alice.token_string(app.demo.power_bi_refresh()).await;
    alice.new_token("Never generated", &["meta_record"]).await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;

    // One's own page: no band saying whose tokens these are.
    assert_eq!(
        browser.find("h1").await.text().await.unwrap(),
        "Access Tokens"
    );
    assert!(
        browser
            .client
            .find_all(fantoccini::Locator::Css(".acting-for"))
            .await
            .unwrap()
            .is_empty()
    );

    let everywhere = ["Edit Token", "Token Usage", "Token Logs", "Revoke Token"];
    let with = |first: &[&str]| -> Vec<String> {
        first
            .iter()
            .chain(&everywhere)
            .map(|s| s.to_string())
            .collect()
    };
    assert_eq!(
        row_menu(&browser, "Never generated").await,
        with(&["Generate Token"]),
        "a token with no string is generated, not rotated"
    );
    assert_eq!(
        row_menu(&browser, "Power BI refresh").await,
        with(&["Generate Token", "Rotate Token"]),
        "a live token is rotated, or generated anew"
    );
    assert_eq!(
        row_menu(&browser, "Nightly export").await,
        with(&[]),
        "an expired token gets a string again only once its Expiry On is edited"
    );

    // Generate Token on a live token: a danger action that names Rotate.
    browser
        .choose_from_row_menu("Power BI refresh", "Generate Token")
        .await;
    let dialog = browser.find("[role=dialog]").await;
    let text = dialog.text().await.unwrap();
    assert!(
        text.contains("Its current token string stops working at once")
            && text.contains("use Rotate Token instead"),
        "{text}"
    );
    let confirm = browser.find_text("button", "Generate Token").await;
    assert_eq!(
        confirm.attr("class").await.unwrap().as_deref(),
        Some("danger")
    );
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    browser.close().await;
}

#[tokio::test]
async fn escape_in_a_form_with_changes_asks_before_discarding_them() {
    let app = tessera_tests::spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;

    // Untouched: Escape closes at once, and the focus is back on Create New.
    browser.click_button("Create New").await;
    browser.find("#token-name").await;
    browser.press(&Key::Escape.to_string()).await;
    browser.wait_gone("[role=dialog]").await;
    assert_eq!(browser.focused_text().await, "Create New");

    // Typed into: Escape asks, and Keep editing keeps what was typed.
    browser.click_button("Create New").await;
    let name = browser.find("#token-name").await;
    name.send_keys("Half done").await.unwrap();
    browser.press(&Key::Escape.to_string()).await;
    let question = browser
        .find("[role=group][aria-label='Discard changes?']")
        .await;
    assert!(question.text().await.unwrap().contains("It is not saved"));
    assert_eq!(browser.focused_text().await, "Keep editing");
    browser.click_button("Keep editing").await;
    browser.wait_gone("[aria-label='Discard changes?']").await;
    assert_eq!(
        browser
            .find("#token-name")
            .await
            .prop("value")
            .await
            .unwrap()
            .as_deref(),
        Some("Half done")
    );

    // Escape again, then Discard: closed, nothing saved, focus back where it was.
    browser.press(&Key::Escape.to_string()).await;
    browser.click_button("Discard").await;
    browser.wait_gone("[role=dialog]").await;
    assert_eq!(browser.focused_text().await, "Create New");
    let alice = app.portal("alice@demo.example").await;
    assert!(
        !alice
            .tokens_of(app.demo.alice())
            .await
            .iter()
            .any(|token| token.name == "Half done")
    );
    browser.close().await;
}

/// With the system set to dark, every signed-in page (and a pop-up, and
/// the notices' list) is dark, and axe finds no violation, contrast
/// included; at desktop and phone widths, with notices of every kind.
#[tokio::test]
async fn every_page_follows_a_dark_system_setting_and_keeps_its_contrast() {
    use tessera_tests::pages::{DESKTOP_AND_PHONE, SignedInPage};
    // Notices written as the runtime writes them, so the bar and its list
    // are there to be seen in the dark.
    let app = TestApp::own()
        .seed(|db, demo| {
            let admin = demo.sys_admin();
            for (kind, message) in [
                ("new_address", "Your token “Dark” was used from a new address: 198.51.100.9 (country unknown)."),
                ("stale_soon", "Your token “Dark” has not been used for a while."),
                ("expiring", "Your token “Dark” works until the end of 2027-01-03 (UTC), in 7 days."),
                ("expiring", "Your token “Dark” works until the end of 2027-01-03 (UTC), in 1 day."),
            ] {
                fixtures::add_notice(db, admin, None, kind, message, 0);
            }
        })
        .start()
        .await;
    let admin = app.portal("sysadmin@demo.example").await;
    admin.new_token("Dark", &["meta_record"]).await;
    let browser = Browser::start().await;
    browser
        .devtools(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
        )
        .await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    let mut found = Vec::new();
    for (size, width, height, mobile) in DESKTOP_AND_PHONE {
        browser.resize(width, height, mobile).await;
        for page in SignedInPage::all(app.demo.alice()) {
            page.open(&browser, &app).await;
            let ground = browser
                .client
                .execute(
                    "return getComputedStyle(document.documentElement).backgroundColor",
                    vec![],
                )
                .await
                .unwrap();
            assert_eq!(
                ground.as_str(),
                Some("rgb(13, 17, 23)"),
                "{} is dark",
                page.name
            );
            let violations = browser.accessibility_violations().await;
            if !violations.is_empty() {
                found.push(format!("{} ({size}): {violations:#?}", page.name));
            }
        }
    }
    // The notices' list, opened.
    browser.goto(&app.url("/access-tokens?notices")).await;
    browser.find("#notices-list li").await;
    let violations = browser.accessibility_violations().await;
    if !violations.is_empty() {
        found.push(format!("The notices' list: {violations:#?}"));
    }
    // A pop-up too: Create New on one's own page.
    browser.goto(&app.url("/access-tokens")).await;
    browser.click_button("Create New").await;
    browser.find("#token-name").await;
    let violations = browser.accessibility_violations().await;
    if !violations.is_empty() {
        found.push(format!("Create New: {violations:#?}"));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
    browser.close().await;
}

/// Whether the element matching `css` is inside the window, all of it.
async fn in_view(browser: &Browser, css: &str) -> bool {
    let script = format!(
        "const box = document.querySelector({css:?}).getBoundingClientRect();\
         return box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0;"
    );
    browser.client.execute(&script, vec![]).await.unwrap() == serde_json::json!(true)
}

/// A change made from a row far down the page is answered in view, done
/// or refused, and the answer can be closed.
#[tokio::test]
async fn what_a_change_did_is_said_where_the_person_is_looking() {
    let app = tessera_tests::spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    for n in 1..=30 {
        alice.new_token(&format!("Batch job {n:02}"), &["meta_record"]).await;
    }
    let browser = Browser::start().await;
    browser.resize(1400, 900, false).await;
    browser.sign_in(&app, "alice@demo.example").await;

    // Revoked from the last row, scrolled to: the word comes in view.
    let last = "Batch job 30";
    let row = browser.find(&format!("tr[aria-label='{last}']")).await;
    browser
        .client
        .execute("arguments[0].scrollIntoView({block: 'end'})", vec![serde_json::to_value(&row).unwrap()])
        .await
        .unwrap();
    let next_row = browser
        .client
        .execute(
            &format!("return document.querySelector(\"tr[aria-label='{last}']\").nextElementSibling.id"),
            vec![],
        )
        .await
        .unwrap();
    browser.choose_from_row_menu(last, "Revoke Token").await;
    browser.click_button("Revoke Token").await;
    let said = browser.find(".feedback .notice").await;
    tessera_tests::eventually(std::time::Duration::from_secs(10), "the revocation said", || async {
        said.text().await.ok()?.contains(last).then_some(())
    })
    .await;
    assert!(in_view(&browser, ".feedback .notice").await, "in view after a revocation far down");
    // The focus goes where the person carries on: the row that followed.
    let next_row = next_row.as_str().unwrap();
    assert!(next_row.starts_with("token-row-"), "{next_row}");
    tessera_tests::eventually(std::time::Duration::from_secs(10), "the focus on the next row", || async {
        let focused = browser.client.active_element().await.ok()?;
        (focused.attr("id").await.ok()??.as_str() == next_row).then_some(())
    })
    .await;

    // Refused (revoked meanwhile in another tab), from the row menu with
    // no pop-up: the refusal in view too.
    let other = "Batch job 29";
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|token| token.name == other)
        .unwrap();
    assert_eq!(alice.revoke(token.id).await.status(), 204);
    browser.choose_from_row_menu(other, "Generate Token").await;
    browser.find(".feedback .page-error").await;
    assert!(in_view(&browser, ".feedback .page-error").await, "the refusal in view");
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");

    browser.click_button("Close").await;
    browser.wait_gone(".feedback.shown").await;
    browser.close().await;
}
