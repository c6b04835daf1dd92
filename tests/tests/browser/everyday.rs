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

/// Where a person chooses a token's scope, each scope says what a script
/// holding the token can read (by `aria-describedby`, the API's paths);
/// the allowed addresses' example shows one address a line; Expiry On's
/// date is typed and shown as YYYY-MM-DD (the browser's own date field
/// shows its locale's order), and its calendar fills the same field. On a
/// desktop and a phone, light and dark, with no axe violation.
#[tokio::test]
async fn the_token_form_says_what_each_scope_reads_and_takes_a_date_as_yyyy_mm_dd() {
    let app = tessera_tests::spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    let today = time::OffsetDateTime::now_utc().date();
    let iso = |days: i64| tessera_shared::expiry::format_date(today + time::Duration::days(days));
    for (size, width, height, mobile, days) in [
        ("desktop", 1400, 900, false, 40),
        ("phone", 390, 844, true, 41),
    ] {
        browser.resize(width, height, mobile).await;
        browser.goto(&app.url("/access-tokens")).await;
        browser.click_button("Create New").await;
        for (checkbox, reads) in [
            ("scope_meta", ["/api/meta", "/api/meta/reports"]),
            ("scope_report", ["/api/data", "/api/data/{report_name}"]),
        ] {
            let described = browser
                .find(&format!("input[name={checkbox}]"))
                .await
                .attr("aria-describedby")
                .await
                .unwrap()
                .unwrap_or_else(|| panic!("{checkbox} has no description"));
            let text = browser
                .find(&format!("#{described}"))
                .await
                .text()
                .await
                .unwrap();
            assert!(
                reads.iter().all(|path| text.contains(path)),
                "{checkbox}: {text}"
            );
        }
        let example = browser
            .find("#token-allowlist")
            .await
            .prop("placeholder")
            .await
            .unwrap()
            .unwrap_or_default();
        assert!(
            example.contains('\n') && !example.contains("&#10;"),
            "{example:?}"
        );

        browser
            .find("#token-expiry")
            .await
            .select_by_value("custom")
            .await
            .unwrap();
        let typed = browser.find("#token-expiry-text").await;
        assert_eq!(
            typed.attr("placeholder").await.unwrap().as_deref(),
            Some("YYYY-MM-DD")
        );
        typed.send_keys(&iso(days - 1)).await.unwrap();
        let picker = browser.find("#token-expiry-date").await;
        assert_eq!(
            picker.prop("value").await.unwrap(),
            Some(iso(days - 1)),
            "{size}: the calendar follows what is typed"
        );
        // The calendar's choice, as the browser's picker hands it over.
        browser
            .client
            .execute(
                "const picker = document.getElementById('token-expiry-date');
                 picker.value = arguments[0];
                 picker.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![serde_json::json!(iso(days))],
            )
            .await
            .unwrap();
        assert_eq!(
            typed.prop("value").await.unwrap(),
            Some(iso(days)),
            "{size}: the field shows the calendar's day as YYYY-MM-DD"
        );
        for scheme in ["light", "dark"] {
            browser
                .devtools(
                    "Emulation.setEmulatedMedia",
                    serde_json::json!({ "features": [{ "name": "prefers-color-scheme", "value": scheme }] }),
                )
                .await;
            let violations = browser.accessibility_violations().await;
            assert!(
                violations.is_empty(),
                "Create New, {size}, {scheme}: {violations:#?}"
            );
        }
        let name = format!("Dated on a {size}");
        browser
            .find("#token-name")
            .await
            .send_keys(&name)
            .await
            .unwrap();
        browser
            .find("input[name=scope_meta]")
            .await
            .click()
            .await
            .unwrap();
        browser.click_button("Save").await;
        browser.wait_gone("[role=dialog]").await;
        let expiry = browser
            .find(&format!(
                "tr[aria-label='{name}'] td[data-label='Expiry On (UTC)']"
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(expiry.ends_with(&iso(days)), "{size}: {expiry}");
    }
    browser.close().await;
}

/// A grid with no rows says what belongs there and how to add it: one's
/// own Access Tokens what a token is for and Create New, another login's
/// that the login has none, the log and the inventory why they are empty.
#[tokio::test]
async fn an_empty_grid_says_what_belongs_there_and_how_to_add_it() {
    let app = tessera_tests::spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    let empty = |path: String, filter: Option<&'static str>, says: &'static [&'static str]| {
        (path, filter, says)
    };
    let pages = [
        empty(
            app.url("/access-tokens"),
            None,
            &["You have no tokens yet", "script", "Create New"],
        ),
        empty(
            app.url(&format!("/logins/{}/access-tokens", app.demo.dave())),
            None,
            &["Dave Developer has no tokens", "Create New"],
        ),
        empty(app.url("/token-logs"), None, &["No entries yet", "token"]),
        empty(
            app.url("/token-inventory"),
            Some("expired"),
            &["No token has expired"],
        ),
    ];
    for (size, width, height, mobile) in tessera_tests::pages::DESKTOP_AND_PHONE {
        browser.resize(width, height, mobile).await;
        for (path, filter, says) in &pages {
            browser.goto(path).await;
            if let Some(filter) = filter {
                browser
                    .find("select[name=filter]")
                    .await
                    .select_by_value(filter)
                    .await
                    .unwrap();
            }
            let text = browser.find(".grid tr.empty").await.text().await.unwrap();
            assert!(
                says.iter().all(|words| text.contains(words)),
                "{path}, {size}: {text}"
            );
            let violations = browser.accessibility_violations().await;
            assert!(violations.is_empty(), "{path}, {size}: {violations:#?}");
        }
    }
    browser.close().await;
}
