//! What a system administrator does for the organization, through the pages
//! (R8, R9, R10): Contacts & Logins, the token roles, another login's tokens.

use fantoccini::Locator;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::query::{InventoryExportQuery, InventoryKind};
use tessera_tests::{Browser, TestApp, fixtures, spawn_app};

async fn open_row_menu(browser: &Browser, name: &str) {
    let row = browser.find(&format!("tr[aria-label='{name}']")).await;
    browser.right_click(&row).await;
}

#[tokio::test]
async fn sam_gives_himself_the_admin_role_and_reaches_alices_tokens() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/sign-in")).await;
    browser
        .find("#email")
        .await
        .send_keys(&app.email("sam@demo.example"))
        .await
        .unwrap();
    browser
        .find("#password")
        .await
        .send_keys(tessera_tests::DEMO_PASSWORD)
        .await
        .unwrap();
    browser.click_button("Sign in").await;
    browser.click_link("Contacts & Logins").await;
    browser.wait_for_path("/contacts-logins").await;

    // Without the role, no API Access Tokens in any row's menu.
    open_row_menu(&browser, "Alice Analyst").await;
    let labels = browser.menu_labels().await;
    assert!(
        labels.contains(&"Add Admin role for API Tokens".to_owned()),
        "{labels:?}"
    );
    assert!(
        !labels.contains(&"API Access Tokens".to_owned()),
        "{labels:?}"
    );
    browser
        .press(&fantoccini::key::Key::Escape.to_string())
        .await;
    browser.wait_gone("[role=menu]").await;

    // Dave is not a system administrator: the page says why the role is refused.
    open_row_menu(&browser, "Dave Developer").await;
    browser.click_button("Add Admin role for API Tokens").await;
    let error = browser.find_text("p", "The API Token Admin Role can only be given to a system administrator, and Dave Developer is not one.").await;
    assert_eq!(error.attr("role").await.unwrap().as_deref(), Some("alert"));

    // Sam gives himself the role: API Access Tokens appears.
    open_row_menu(&browser, "Sam Sysadmin").await;
    browser.click_button("Add Admin role for API Tokens").await;
    tessera_tests::eventually(
        std::time::Duration::from_secs(10),
        "the role to show in the grid",
        || async {
            let row = browser
                .find("tr[aria-label='Sam Sysadmin']")
                .await
                .text()
                .await
                .ok()?;
            row.matches("Yes").count().eq(&2).then_some(())
        },
    )
    .await;
    open_row_menu(&browser, "Alice Analyst").await;
    browser.click_button("API Access Tokens").await;
    browser
        .wait_for_path(&format!("/logins/{}/access-tokens", app.demo.alice()))
        .await;
    // Whose tokens these are, in the title and in a band above them.
    browser
        .find_text("h1", "Access Tokens of Alice Analyst")
        .await;
    let band = browser.find(".acting-for").await.text().await.unwrap();
    assert!(
        band.contains("You are managing the tokens of Alice Analyst")
            && band.contains("Create New and Revoke act for them"),
        "{band}"
    );
    browser.find("tr[aria-label='Nightly export']").await;
    browser.close().await;
}

#[tokio::test]
async fn an_admin_creates_for_bob_only_once_bob_has_signed_in_r10() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser
        .goto(&app.url(&format!("/logins/{}/access-tokens", app.demo.bob())))
        .await;
    browser.click_button("Create New").await;
    browser
        .find("#token-name")
        .await
        .send_keys("For Bob")
        .await
        .unwrap();
    browser
        .find("input[name=scope_meta]")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Save").await;
    let error = browser.find(".form-error").await;
    tessera_tests::eventually(
        std::time::Duration::from_secs(10),
        "the activation refusal",
        || async {
            error
                .text()
                .await
                .ok()?
                .contains("Bob Builder has never signed in")
                .then_some(())
        },
    )
    .await;

    app.portal("bob@demo.example").await; // bob signs in once, elsewhere
    browser.click_button("Save").await;
    browser.wait_gone("[role=dialog]").await;
    assert!(
        browser
            .find("tr[aria-label='For Bob']")
            .await
            .text()
            .await
            .unwrap()
            .contains("Not generated")
    );
    browser.close().await;
}

#[tokio::test]
async fn the_admin_generates_and_revokes_alices_token_and_alice_sees_it() {
    let app = spawn_app().await;
    let admin = Browser::start().await;
    admin.sign_in(&app, "sysadmin@demo.example").await;
    admin
        .goto(&app.url(&format!("/logins/{}/access-tokens", app.demo.alice())))
        .await;
    admin
        .find("button[aria-label='Actions for Power BI refresh']")
        .await
        .click()
        .await
        .unwrap();
    admin.click_button("Generate Token").await;
    let string = admin
        .find("#generated-token-string")
        .await
        .prop("value")
        .await
        .unwrap()
        .unwrap();
    admin.click_button("Done").await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200
    );

    let alice = app.portal("alice@demo.example").await;
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.name == "Power BI refresh")
        .unwrap();
    assert_eq!(
        token.status,
        tessera_shared::tokens::TokenStatus::Active,
        "alice's page shows it generated"
    );

    admin
        .find("button[aria-label='Actions for Power BI refresh']")
        .await
        .click()
        .await
        .unwrap();
    admin.click_button("Revoke Token").await;
    admin.find("button.danger").await.click().await.unwrap();
    admin.wait_gone("tr[aria-label='Power BI refresh']").await;
    assert!(
        alice
            .tokens_of(app.demo.alice())
            .await
            .iter()
            .all(|t| t.name != "Power BI refresh"),
        "gone from alice's page"
    );
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        401
    );

    let logs: tessera_shared::tokens::TokenLogPage =
        alice.token_logs("token=Power").await.json().await.unwrap();
    let revoke = logs
        .entries
        .iter()
        .find(|e| e.activity == tessera_shared::tokens::Activity::Revoke)
        .unwrap();
    assert_eq!(revoke.activity_by, "Sys Admin", "the acting admin");
    assert_eq!(
        revoke.owner.as_deref(),
        Some("Alice Analyst"),
        "and the owner"
    );
    admin.close().await;
}

#[tokio::test]
async fn the_inventory_filters_selects_and_revokes_in_one_confirmed_action_r13() {
    let app = TestApp::own()
        .seed(|db, demo| {
            fixtures::expire_in_days(db, demo.power_bi_refresh(), 3);
            fixtures::set_expiry_on(db, demo.nightly_export(), "2020-01-01");
        })
        .start()
        .await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.click_link("Token Inventory").await;
    browser.wait_for_path("/token-inventory").await;
    let soon = browser
        .find("tr[aria-label='Power BI refresh']")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        soon.contains("Expiring soon") && soon.contains("Alice Analyst"),
        "{soon}"
    );

    // Expired only: the CSV link follows the filter.
    browser
        .find("select[name=filter]")
        .await
        .select_by_value("expired")
        .await
        .unwrap();
    browser.wait_gone("tr[aria-label='Power BI refresh']").await;
    browser.find("tr[aria-label='Nightly export']").await;
    let csv = browser
        .find_text("a", "Export CSV")
        .await
        .attr("href")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        csv,
        endpoints::InventoryCsv::url(
            (),
            &InventoryExportQuery {
                filter: Some(InventoryKind::Expired),
                ..Default::default()
            }
        )
    );

    browser
        .find("select[name=filter]")
        .await
        .select_by_value("all")
        .await
        .unwrap();
    browser.find("tr[aria-label='Power BI refresh']").await;
    browser
        .find("input[aria-label='Select every token on this page']")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Revoke selected (2)").await;
    let dialog = browser.find("[role=dialog]").await.text().await.unwrap();
    assert!(dialog.contains("cannot be undone"), "{dialog}");
    // The confirmation names what it revokes, and whose.
    for token in ["Power BI refresh", "Nightly export"] {
        assert!(
            dialog.contains(&format!("{token} of Alice Analyst")),
            "{dialog}"
        );
    }
    browser.click_button("Revoke Tokens").await;
    browser.find_text("p", "2 tokens revoked.").await;
    browser
        .find_text(
            "td",
            "Your organization has no live tokens. Each login makes its own on its Access Tokens page.",
        )
        .await;
    let alice = app.portal("alice@demo.example").await;
    assert!(
        alice.tokens_of(app.demo.alice()).await.is_empty(),
        "alice's page reflects it"
    );
    browser.close().await;
}

#[tokio::test]
async fn a_system_administrator_adds_a_login_and_sets_the_token_policy() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.goto(&app.url("/contacts-logins")).await;
    browser.click_button("Add login").await;
    browser
        .find("#login-name")
        .await
        .send_keys("Nina New")
        .await
        .unwrap();
    browser
        .find("#login-email")
        .await
        .send_keys(&app.email("nina@demo.example"))
        .await
        .unwrap();
    browser
        .find("#login-password")
        .await
        .send_keys("short")
        .await
        .unwrap();
    browser
        .find("[role=dialog] button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    browser
        .find_text("p", "Choose a password of at least 12 characters.")
        .await;
    browser
        .find("#login-password")
        .await
        .send_keys("-and-now-long-enough")
        .await
        .unwrap();
    browser
        .find("[role=dialog] button[type=submit]")
        .await
        .click()
        .await
        .unwrap();
    let row = browser
        .find("tr[aria-label='Nina New']")
        .await
        .text()
        .await
        .unwrap();
    assert!(row.contains("Not activated"), "{row}");

    browser.click_link("Organization").await;
    browser.wait_for_path("/organization").await;
    browser.find(".settings[aria-busy=false]").await;
    browser
        .find("#token-policy")
        .await
        .send_keys("30")
        .await
        .unwrap();
    browser.click_button("Save token policy").await;
    // No token works today, so there is nothing to confirm.
    browser
        .find_text("p", "Saved. No token is blocked by it.")
        .await;

    browser.goto(&app.url("/access-tokens")).await;
    browser.click_button("Create New").await;
    browser
        .find_text("p", "Your organization allows tokens of at most 30 days.")
        .await;
    let options = browser
        .client
        .find_all(Locator::Css("#token-expiry option"))
        .await
        .unwrap();
    let mut labels = Vec::new();
    for option in options {
        labels.push(option.text().await.unwrap());
    }
    assert!(!labels.contains(&"Never".to_owned()), "{labels:?}");
    browser.close().await;
}

#[tokio::test]
async fn a_system_administrator_signs_alice_out_of_all_sessions_r14_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.goto(&app.url("/contacts-logins")).await;

    open_row_menu(&browser, "Alice Analyst").await;
    browser.click_button("Sign out of all sessions").await;
    browser
        .find_text("p", "Alice Analyst: Sign out of all sessions done.")
        .await;
    let (status, _) = alice
        .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
        .await;
    assert_eq!(status, 401, "alice's session ended at once");

    // Signing oneself out of all sessions from the grid ends this one too.
    open_row_menu(&browser, "Sys Admin").await;
    browser.click_button("Sign out of all sessions").await;
    browser.wait_for_path("/sign-in").await;
    browser.close().await;
}

#[tokio::test]
async fn a_system_administrator_sets_how_long_token_logs_are_kept_r17() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.goto(&app.url("/organization")).await;
    let field = browser.find("#log-retention").await;
    tessera_tests::eventually(
        std::time::Duration::from_secs(10),
        "the current retention",
        || async { (field.prop("value").await.ok()??.as_str() == "400").then_some(()) },
    )
    .await;
    field.clear().await.unwrap();
    field.send_keys("20").await.unwrap();
    browser.click_button("Save retention").await;
    browser
        .find_text(
            "p",
            "Token Logs are kept for a number of days from 30 to 3660.",
        )
        .await;
    // The refusal is the field's own: marked, and named by it.
    assert_eq!(
        field.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    let described = field.attr("aria-describedby").await.unwrap().unwrap();
    assert!(described.contains("log-retention-error"), "{described}");
    assert_eq!(
        browser
            .find("#log-retention-error")
            .await
            .text()
            .await
            .unwrap(),
        "Token Logs are kept for a number of days from 30 to 3660."
    );
    field.clear().await.unwrap();
    field.send_keys("90").await.unwrap();
    browser.click_button("Save retention").await;
    browser
        .find_text(
            "p",
            "Token Logs are now kept for 90 days; older entries go at the next daily run.",
        )
        .await;
    let kept = fixtures::log_retention_days(&app.database(), app.demo.demo_org());
    assert_eq!(kept, 90);
    browser.close().await;
}
