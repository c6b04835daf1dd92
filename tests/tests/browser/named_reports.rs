//! Tokens for named reports (R29) in the portal: the Reports patterns are
//! typed in the token form, checked where they are typed, shown under the
//! token's Scope, and hold for the string a script then uses.

use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{Browser, spawn_app};

#[tokio::test]
async fn a_person_limits_a_token_to_named_reports_and_its_string_reads_only_those_r29() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    browser.click_button("Create New").await;
    browser
        .find("#token-name")
        .await
        .send_keys("Energy feed")
        .await
        .unwrap();
    browser
        .find("input[name=scope_report]")
        .await
        .click()
        .await
        .unwrap();
    let reports = browser.find("#token-reports").await;
    reports.send_keys("*").await.unwrap();
    browser.click_button("Save").await;
    // The form's own check, next to the field, before the worker is asked.
    browser
        .find_text(
            "p",
            "A pattern of only * matches every report: leave the reports empty to allow them all.",
        )
        .await;
    assert_eq!(
        reports.attr("aria-invalid").await.unwrap().as_deref(),
        Some("true")
    );
    assert!(browser.accessibility_violations().await.is_empty());
    reports.clear().await.unwrap();
    reports.send_keys("Energy*").await.unwrap();
    browser.click_button("Save").await;
    let row = browser
        .find("tr[aria-label='Energy feed'] .report-patterns")
        .await
        .text()
        .await
        .unwrap();
    assert_eq!(row, "Reports: Energy*");
    assert!(browser.accessibility_violations().await.is_empty());
    browser.close().await;

    // The string a script then uses reads that report and no other.
    let alice = app.portal("alice@demo.example").await;
    let token = alice
        .tokens_of(alice.login_id)
        .await
        .into_iter()
        .find(|token| token.name == "Energy feed")
        .expect("the token the form made");
    assert_eq!(token.report_patterns, ["Energy*"]);
    let string = alice.token_string(token.id).await;
    let energy = endpoints::ReportReadings::path("Energy by location".into());
    let water = endpoints::ReportReadings::path("Water by location".into());
    assert_eq!(app.api_get(&energy, &string).await.status(), 200);
    assert_eq!(app.api_get(&water, &string).await.status(), 403);
}
