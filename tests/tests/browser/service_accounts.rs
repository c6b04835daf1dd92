//! Service accounts (R28) in the portal: a token admin adds one on Contacts
//! & Logins, sees its badge, and manages its tokens from its row.

use tessera_shared::endpoints;
use tessera_shared::service_accounts::LoginKind;
use tessera_tests::{Browser, spawn_app};

#[tokio::test]
async fn a_token_admin_adds_a_service_account_and_makes_its_first_token_r28() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.goto(&app.url("/contacts-logins")).await;
    browser.click_button("Add service account").await;
    let submit = browser.find("[role=dialog] button[type=submit]").await;
    submit.click().await.unwrap();
    // The form's own check, before the worker is asked.
    browser
        .find_text("p", "Enter the service account's name.")
        .await;
    browser
        .find("#service-name")
        .await
        .send_keys("Nightly loader")
        .await
        .unwrap();
    browser
        .find("#service-description")
        .await
        .send_keys("Loads meter data for Finance")
        .await
        .unwrap();
    browser
        .find(&format!(
            "input[name=contact][value='{}']",
            app.demo.alice()
        ))
        .await
        .click()
        .await
        .unwrap();
    assert!(browser.accessibility_violations().await.is_empty());
    submit.click().await.unwrap();
    browser
        .find_text(
            "p",
            "Nightly loader added. Open its API Access Tokens from its row to create its tokens.",
        )
        .await;

    // Its row: the badge, what it is for, who hears of it, and a menu that
    // offers only what applies to an account nobody signs in with.
    let row = browser.find("tr[aria-label='Nightly loader']").await;
    let text = row.text().await.unwrap();
    for expected in [
        "Service account",
        "Loads meter data for Finance",
        "Cannot sign in. Contacts: Alice Analyst",
        "Never signs in",
    ] {
        assert!(text.contains(expected), "{expected:?} in {text:?}");
    }
    browser.right_click(&row).await;
    assert_eq!(
        browser.menu_labels().await,
        ["Disable login", "Edit service account", "API Access Tokens"]
    );
    browser
        .press(&fantoccini::key::Key::Escape.to_string())
        .await;
    browser.wait_gone("[role=menu]").await;
    assert!(browser.accessibility_violations().await.is_empty());

    // Its tokens, from its row, made like anyone's.
    browser
        .choose_from_row_menu("Nightly loader", "API Access Tokens")
        .await;
    let band = browser.find(".acting-for").await.text().await.unwrap();
    assert!(
        band.contains("the service account Nightly loader"),
        "{band}"
    );
    browser.click_button("Create New").await;
    browser
        .find("#token-name")
        .await
        .send_keys("Meter upload")
        .await
        .unwrap();
    browser
        .find("input[name=scope_meta]")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Save").await;
    browser.find("tr[aria-label='Meter upload']").await;
    browser.close().await;

    // The token the form made is the account's, and its string works.
    let admin = app.portal("sysadmin@demo.example").await;
    let logins = admin.read::<endpoints::ListLogins>(()).await.logins;
    let account = logins
        .iter()
        .find(|login| login.display_name == "Nightly loader")
        .unwrap();
    assert_eq!(account.kind, LoginKind::Service);
    let token = admin
        .tokens_of(account.id)
        .await
        .into_iter()
        .find(|token| token.name == "Meter upload")
        .expect("the token the form made");
    let string = admin.token_string(token.id).await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200
    );
}
