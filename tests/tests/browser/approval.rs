//! Tokens that need approval (R27) in the portal: a system administrator
//! sets the rule, a person asks with a reason, another token admin approves
//! on the Approvals page, and the person then generates the string.

use tessera_tests::{Browser, spawn_app};

#[tokio::test]
async fn a_person_asks_for_a_token_and_a_token_admin_approves_it_r27() {
    let app = spawn_app().await;
    let admin = Browser::start().await;
    admin.sign_in(&app, "sysadmin@demo.example").await;
    admin.goto(&app.url("/organization")).await;
    admin.find(".settings[aria-busy=false]").await;
    admin
        .find("#approval-days")
        .await
        .send_keys("90")
        .await
        .unwrap();
    admin.click_button("Save approval rule").await;
    admin
        .find_text(
            "p",
            "Tokens working more than 90 days from creation need a token admin's approval.",
        )
        .await;

    // Alice asks for a year: the form says why it must wait, and wants a reason.
    let alice = Browser::start().await;
    alice.sign_in(&app, "alice@demo.example").await;
    alice.click_button("Create New").await;
    alice
        .find("#token-name")
        .await
        .send_keys("Yearly readings")
        .await
        .unwrap();
    alice
        .find("input[name=scope_report]")
        .await
        .click()
        .await
        .unwrap();
    alice
        .find("#token-expiry")
        .await
        .select_by_value("1_year")
        .await
        .unwrap();
    let hint = alice
        .find("#token-approval-hint")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        hint.contains("it works more than 90 days from today"),
        "{hint}"
    );
    alice.click_button("Save").await;
    alice
        .find_text(
            "p",
            "Say why this token is needed: a token admin reads it before approving.",
        )
        .await;
    assert!(alice.accessibility_violations().await.is_empty());
    alice
        .find("#token-approval-reason")
        .await
        .send_keys("The auditors read a year of data")
        .await
        .unwrap();
    alice.click_button("Save").await;
    let row = alice.find("tr[aria-label='Yearly readings']").await;
    let text = row.text().await.unwrap();
    assert!(text.contains("Pending approval"), "{text}");
    alice.right_click(&row).await;
    let offered = alice.menu_labels().await;
    assert!(
        !offered.iter().any(|label| label == "Generate Token"),
        "{offered:?}"
    );

    // The token admin's queue, reached from the menu.
    admin.click_link("Approvals").await;
    let queued = admin
        .find("tr[aria-label='Yearly readings']")
        .await
        .text()
        .await
        .unwrap();
    for expected in [
        "Alice Analyst",
        "The auditors read a year of data",
        "Report Record",
    ] {
        assert!(queued.contains(expected), "{expected:?} in {queued:?}");
    }
    assert!(admin.accessibility_violations().await.is_empty());
    admin.click_button("Approve").await;
    admin
        .find_text(
            "p",
            "“Yearly readings” approved. Alice Analyst is told and can generate its token string.",
        )
        .await;
    admin.find_text("td", "No token waits for approval.").await;
    admin.close().await;

    // Alice's page, afresh: approved, and generated.
    alice.goto(&app.url("/access-tokens")).await;
    alice
        .choose_from_row_menu("Yearly readings", "Generate Token")
        .await;
    alice.find("[role=dialog] .token-string").await;
    alice.close().await;
}
