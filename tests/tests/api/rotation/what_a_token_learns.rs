//! What a token may learn of itself (`GET /api/tokens/self`) and of its
//! reports, and nothing of its other holders.

use super::*;

#[tokio::test]
async fn a_token_learns_about_itself_and_nothing_else_with_no_scope_needed() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.nightly_export()).await; // Report Record only
    let response = app.api_get(endpoints::TokenSelf::PATH, &string).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get(TOKEN_EXPIRATION_HEADER).is_none());
    let text = response.text().await.unwrap();
    let itself: TokenIntrospection = serde_json::from_str(&text).unwrap();
    assert_eq!(itself.id, app.demo.nightly_export());
    assert_eq!(itself.name, "Nightly export");
    assert_eq!(itself.owner.email, app.email("alice@demo.example"));
    assert_eq!(itself.scope, vec![tessera_shared::ScopeName::ReportRecord]);
    assert_eq!(itself.expiry_on, None);
    assert_eq!(itself.presented, PresentedString::Current);
    assert_eq!(itself.rotation, None);
    assert!(itself.generated_at.is_some());
    assert!(
        !text.contains("Power BI"),
        "nothing of another token: {text}"
    );

    // Logged like any call.
    let page: TokenLogPage = alice
        .token_logs(&format!(
            "token_id={}&activity=AUTHENTICATE",
            app.demo.nightly_export()
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.total, 1);

    let (status, why) = reason(
        app.script_client()
            .get(app.url(endpoints::TokenSelf::PATH))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, why), (401, json!("missing")));
}

#[tokio::test]
async fn one_report_and_its_readings_by_name_in_the_token_s_scope() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let both = alice.token_string(app.demo.power_bi_refresh()).await;
    let report_only = alice.token_string(app.demo.nightly_export()).await;

    let energy = endpoints::MetaReport::path("Energy by location".into());
    let report: Value = app.api_get(&energy, &both).await.json().await.unwrap();
    assert_eq!(report["metric"], "Electricity");
    assert_eq!(app.api_get(&energy, &report_only).await.status(), 403);

    let data = endpoints::ReportReadings::path("Energy by location".into());
    let first: tessera_shared::records::ReportData = app
        .api_get(&format!("{data}?page_size=30"), &report_only)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first.report.name, "Energy by location");
    assert_eq!(
        (first.total, first.readings.len(), first.next_page),
        (48, 30, Some(2))
    );
    assert!(first.readings.iter().all(|r| r.metric == "Electricity"));
    let water = endpoints::ReportReadings::path("Water by location".into());
    let water: tessera_shared::records::ReportData = app
        .api_get(&water, &report_only)
        .await
        .json()
        .await
        .unwrap();
    assert!(water.readings.iter().all(|r| r.metric == "Water"));

    // Another organization's report, and none at all, are not found.
    for name in ["Plant energy", "Nothing like it"] {
        let response = app
            .api_get(&endpoints::ReportReadings::path(name.into()), &both)
            .await;
        assert_eq!(response.status(), 404, "{name}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found");
    }
}

#[tokio::test]
async fn a_token_learns_nothing_of_where_its_other_holders_call_from() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    let from = |address: &'static str, path: &'static str| {
        app.script_client()
            .get(app.url(path))
            .bearer_auth(&string)
            .header("cf-connecting-ip", address)
            .send()
    };
    assert_eq!(
        from("203.0.113.7", endpoints::Meta::PATH)
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        from("198.51.100.9", endpoints::Meta::PATH)
            .await
            .unwrap()
            .status(),
        200
    );
    let response = from("198.51.100.9", endpoints::TokenSelf::PATH)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    for address in ["203.0.113.7", "198.51.100.9"] {
        assert!(!text.contains(address), "{address} in {text}");
    }
    let itself: Value = serde_json::from_str(&text).unwrap();
    assert!(itself.get("recent_addresses").is_none(), "{text}");
    // The owner still sees both, in the portal.
    let usage: tessera_shared::usage::TokenUsageView = alice
        .read::<endpoints::TokenUsage>(app.demo.power_bi_refresh())
        .await;
    let seen: Vec<&str> = usage
        .recent_addresses
        .iter()
        .map(|seen| seen.address.as_str())
        .collect();
    assert_eq!(seen, ["198.51.100.9", "203.0.113.7"]);
}
