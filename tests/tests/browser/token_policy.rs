//! The organization's token policy in the portal (R26): a stricter policy
//! is previewed and confirmed by a system administrator, and the token it
//! blocks says so to its owner, on the row and in a notice.

use tessera_shared::endpoints;
use tessera_tests::{Browser, spawn_app};

#[tokio::test]
async fn a_stricter_policy_is_previewed_confirmed_and_shown_on_the_blocked_token_r26() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let created = alice
        .create_token(alice.login_id, "forever feed", "never", &["meta_record"])
        .await;
    let forever = created.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let string = alice.token_string(forever).await;

    let browser = Browser::start().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.goto(&app.url("/organization")).await;
    browser.find(".settings[aria-busy=false]").await;
    browser
        .find("input[name=expiry_required]")
        .await
        .click()
        .await
        .unwrap();
    browser.click_button("Save token policy").await;
    // Nothing is saved until the administrator has seen what it blocks.
    let preview = browser.find(".policy-preview").await.text().await.unwrap();
    // The demo's Nightly export never expires either.
    assert!(
        preview.contains("Tokens this policy blocks: 2"),
        "{preview}"
    );
    assert!(
        preview.contains("forever feed (Alice Analyst): Expiry required"),
        "{preview}"
    );
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200,
        "a preview blocks nothing"
    );
    assert!(browser.accessibility_violations().await.is_empty());
    browser.click_button("Save and block 2 tokens").await;
    browser
        .find_text(
            "p",
            "Saved. It blocks 2 tokens; their owners have a notice saying how each works again.",
        )
        .await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        401
    );
    browser.close().await;

    // Its owner sees why, on the row and in a notice.
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    let row = browser
        .find("tr[aria-label='forever feed']")
        .await
        .text()
        .await
        .unwrap();
    assert!(row.contains("Blocked by policy"), "{row}");
    assert!(row.contains("Expiry required"), "{row}");
    browser
        .find_text(
            "p",
            "Your token “forever feed” is blocked by your organization's new token policy \
             (Expiry required): it never expires; edit it to set an Expiry On, then generate its new string.",
        )
        .await;
    assert!(browser.accessibility_violations().await.is_empty());
    browser.close().await;
}
