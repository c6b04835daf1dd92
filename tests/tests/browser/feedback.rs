//! Feedback where the person is looking: what a change made from a row far
//! down the page did, or why it was refused, is said in view, can be
//! closed, and the focus goes where the person carries on.

use tessera_tests::Browser;

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
        alice
            .new_token(&format!("Batch job {n:02}"), &["meta_record"])
            .await;
    }
    let browser = Browser::start().await;
    browser.resize(1400, 900, false).await;
    browser.sign_in(&app, "alice@demo.example").await;

    // Revoked from the last row, scrolled to: the word comes in view.
    let last = "Batch job 30";
    let row = browser.find(&format!("tr[aria-label='{last}']")).await;
    browser
        .client
        .execute(
            "arguments[0].scrollIntoView({block: 'end'})",
            vec![serde_json::to_value(&row).unwrap()],
        )
        .await
        .unwrap();
    let next_row = browser
        .client
        .execute(
            &format!(
                "return document.querySelector(\"tr[aria-label='{last}']\").nextElementSibling.id"
            ),
            vec![],
        )
        .await
        .unwrap();
    browser.choose_from_row_menu(last, "Revoke Token").await;
    browser.click_button("Revoke Token").await;
    let said = browser.find(".feedback .notice").await;
    tessera_tests::eventually(
        std::time::Duration::from_secs(10),
        "the revocation said",
        || async { said.text().await.ok()?.contains(last).then_some(()) },
    )
    .await;
    assert!(
        in_view(&browser, ".feedback .notice").await,
        "in view after a revocation far down"
    );
    // The focus goes where the person carries on: the row that followed.
    let next_row = next_row.as_str().unwrap();
    assert!(next_row.starts_with("token-row-"), "{next_row}");
    tessera_tests::eventually(
        std::time::Duration::from_secs(10),
        "the focus on the next row",
        || async {
            let focused = browser.client.active_element().await.ok()?;
            (focused.attr("id").await.ok()??.as_str() == next_row).then_some(())
        },
    )
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
    // The element is there, empty and hidden, before the refusal arrives.
    let refused = browser.find(".feedback .page-error").await;
    tessera_tests::eventually(
        std::time::Duration::from_secs(10),
        "the refusal said",
        || async { (!refused.text().await.ok()?.is_empty()).then_some(()) },
    )
    .await;
    assert!(
        in_view(&browser, ".feedback .page-error").await,
        "the refusal in view"
    );
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");

    browser.click_button("Close").await;
    browser.wait_gone(".feedback.shown").await;
    browser.close().await;
}
