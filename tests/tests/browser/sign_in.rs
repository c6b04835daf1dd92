//! Signing in through the real page, the Personal menu, signing out (R1, R14).

use fantoccini::key::Key;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{Browser, DEMO_PASSWORD, spawn_app};

async fn fill_sign_in(browser: &Browser, email: &str, password: &str) {
    browser.find("#email").await.send_keys(email).await.unwrap();
    browser
        .find("#password")
        .await
        .send_keys(password)
        .await
        .unwrap();
    browser.click_button("Sign in").await;
}

#[tokio::test]
async fn alice_signs_in_opens_her_access_tokens_and_signs_out() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/")).await;
    browser.wait_for_path("/sign-in").await;
    browser.find("#email").await;
    // A first visit asks who is signed in, and nobody is an answer, not an
    // error the browser would log.
    assert!(
        browser
            .fetched_paths()
            .await
            .contains(&endpoints::GetSession::PATH.to_owned()),
        "the portal asked who is signed in"
    );
    assert_eq!(browser.failed_requests().await, Vec::<String>::new());

    fill_sign_in(&browser, &app.email("alice@demo.example"), DEMO_PASSWORD).await;
    browser.wait_for_path("/access-tokens").await;
    let menu_button = browser.find("button[aria-haspopup=menu]").await;
    assert!(
        menu_button.text().await.unwrap().contains("Alice Analyst"),
        "the Personal menu names who is signed in"
    );

    browser.goto(&app.url("/sign-in")).await; // somewhere else, then back through the menu
    browser.wait_for_path("/access-tokens").await; // a signed-in visitor is sent on
    browser
        .find("button[aria-haspopup=menu]")
        .await
        .click()
        .await
        .unwrap();
    browser.click_link("My API Access Tokens").await;
    browser.wait_for_path("/access-tokens").await;
    assert_eq!(
        browser.find("h1").await.text().await.unwrap(),
        "Access Tokens"
    );
    assert!(
        browser
            .find(".lead")
            .await
            .text()
            .await
            .unwrap()
            .contains("Alice Analyst")
    );
    let headers = browser
        .client
        .find_all(fantoccini::Locator::Css("table.grid th"))
        .await
        .unwrap();
    let mut columns = Vec::new();
    for header in headers {
        columns.push(header.text().await.unwrap());
    }
    assert_eq!(
        columns,
        [
            "NAME",
            "SCOPE",
            "EXPIRY ON (UTC)",
            "STATUS",
            "TOKEN",
            "CREATED",
            "LAST USED",
            "ACTIONS"
        ]
    );

    browser
        .find("button[aria-haspopup=menu]")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Sign out").await;
    browser.wait_for_path("/sign-in").await;
    browser.goto(&app.url("/access-tokens")).await;
    browser.wait_for_path("/sign-in").await; // the session is gone on the server too
    browser.close().await;
}

#[tokio::test]
async fn a_wrong_password_is_explained_on_the_page() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/sign-in")).await;
    fill_sign_in(&browser, &app.email("alice@demo.example"), "wrong-password").await;
    let error = browser
        .find_text(
            "p",
            "The email or password is incorrect, or the login is disabled. \
             A disabled login is enabled again by a system administrator.",
        )
        .await;
    assert_eq!(error.attr("role").await.unwrap().as_deref(), Some("alert"));
    assert_eq!(
        browser.client.current_url().await.unwrap().path(),
        "/sign-in"
    );

    // The form checks fields with shared's validation before asking the worker.
    browser.find("#email").await.clear().await.unwrap();
    browser
        .find("#email")
        .await
        .send_keys("alice")
        .await
        .unwrap();
    browser.click_button("Sign in").await;
    browser
        .find_text("p", "Enter an email address such as name@example.com.")
        .await;
    browser.close().await;
}

#[tokio::test]
async fn the_personal_menu_works_from_the_keyboard_alone() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.goto(&app.url("/sign-in")).await;
    browser.find("#email").await.click().await.unwrap();
    browser.press(&app.email("alice@demo.example")).await;
    browser.press(&Key::Tab.to_string()).await;
    browser.press(DEMO_PASSWORD).await;
    browser.press(&Key::Enter.to_string()).await;
    browser.wait_for_path("/access-tokens").await;

    let focused_text = || async {
        browser
            .client
            .active_element()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    browser.find("button[aria-haspopup=menu]").await; // rendered
    browser
        .client
        .execute(
            "document.querySelector('button[aria-haspopup=menu]').focus()",
            vec![],
        )
        .await
        .unwrap();
    browser.press(&Key::Down.to_string()).await;
    browser.find("[role=menu]").await;
    tessera_tests::eventually(
        std::time::Duration::from_secs(5),
        "the first item to take focus",
        || async { (focused_text().await.trim() == "My API Access Tokens").then_some(()) },
    )
    .await;
    browser.press(&Key::Down.to_string()).await;
    assert_eq!(focused_text().await.trim(), "Sign out");
    browser.press(&Key::Down.to_string()).await;
    assert_eq!(focused_text().await.trim(), "Sign out of all sessions");
    browser.press(&Key::Down.to_string()).await;
    assert_eq!(
        focused_text().await.trim(),
        "My API Access Tokens",
        "arrows wrap around"
    );
    browser.press(&Key::Escape.to_string()).await;
    tessera_tests::eventually(
        std::time::Duration::from_secs(5),
        "Escape to close the menu",
        || async {
            let menus = browser
                .client
                .find_all(fantoccini::Locator::Css("[role=menu]"))
                .await
                .ok()?;
            menus.is_empty().then_some(())
        },
    )
    .await;
    assert!(
        focused_text().await.contains("Alice Analyst"),
        "focus returns to the menu button"
    );

    browser.press(&Key::Up.to_string()).await;
    tessera_tests::eventually(
        std::time::Duration::from_secs(5),
        "the last item to take focus",
        || async { (focused_text().await.trim() == "Sign out of all sessions").then_some(()) },
    )
    .await;
    browser.press(&Key::Up.to_string()).await;
    assert_eq!(focused_text().await.trim(), "Sign out");
    browser.press(&Key::Enter.to_string()).await;
    browser.wait_for_path("/sign-in").await;
    browser.close().await;
}

/// Waits until the page's heading reads `text`.
async fn wait_for_heading(browser: &Browser, text: &str) {
    tessera_tests::eventually(
        std::time::Duration::from_secs(10),
        &format!("the {text} page"),
        || async { (browser.find("h1").await.text().await.ok()? == text).then_some(()) },
    )
    .await;
}

/// The page follows the address: links, Back and Forward, and an unknown path.
#[tokio::test]
async fn links_and_the_back_and_forward_buttons_move_between_pages() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;

    browser.click_link("Token Logs").await;
    browser.wait_for_path("/token-logs").await;
    wait_for_heading(&browser, "Token Logs").await;

    browser.client.back().await.unwrap();
    browser.wait_for_path("/access-tokens").await;
    wait_for_heading(&browser, "Access Tokens").await;

    browser.client.forward().await.unwrap();
    browser.wait_for_path("/token-logs").await;
    wait_for_heading(&browser, "Token Logs").await;

    browser.goto(&app.url("/no-such-page")).await;
    wait_for_heading(&browser, "Page not found").await;
    browser.close().await;
}

#[tokio::test]
async fn sign_out_of_all_sessions_ends_the_other_sessions_too_r14_r16() {
    let app = spawn_app().await;
    // Alice is also signed in elsewhere (a second browser, here a client).
    let elsewhere = app.portal("alice@demo.example").await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;

    browser
        .find("button[aria-haspopup=menu]")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Sign out of all sessions").await;
    browser.wait_for_path("/sign-in").await;
    let (status, _) = elsewhere
        .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
        .await;
    assert_eq!(status, 401, "the other session ended at once");
    browser.goto(&app.url("/access-tokens")).await;
    browser.wait_for_path("/sign-in").await;
    browser.close().await;
}
