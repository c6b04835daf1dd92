//! The token-protected API, called as a script would: with the exercise's
//! token, with nonsense, outside a token's Scope, and a token rotating itself.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::query::PageQuery;
use tessera_tests::{Portal, TestApp};

use super::{Exercise, answer};

/// Every token-protected read with `string` and with a string that is no
/// token; reads refused to a token whose Scope is Report Record alone; and
/// rotating itself.
pub(super) async fn calls_with_token_strings(
    exercise: &mut Exercise,
    app: &TestApp,
    alice: &Portal<'_>,
    string: &str,
) {
    for (path, template) in [
        ("/api/meta".to_owned(), "/api/meta"),
        ("/api/meta/reports".to_owned(), "/api/meta/reports"),
        ("/api/data?page=2".to_owned(), "/api/data"),
        (
            endpoints::MetaReport::path("Energy by location".into()),
            "/api/meta/reports/{report_name}",
        ),
        (
            endpoints::ReportReadings::url("Water by location".into(), &PageQuery::new(2, 10)),
            "/api/data/{report_name}",
        ),
        ("/api/tokens/self".to_owned(), "/api/tokens/self"),
    ] {
        let ok = app.api_get(&path, string).await;
        exercise.record("get", template, answer(ok).await);
        let refused = app.api_get(&path, "tessera_nonsense").await;
        exercise.record("get", template, answer(refused).await);
    }
    let report_only = alice.token_string(app.demo.nightly_export()).await;
    let scope = app.api_get("/api/meta", &report_only).await;
    exercise.record("get", "/api/meta", answer(scope).await);
    for (path, template) in [
        (
            endpoints::MetaReport::path("Energy by location".into()),
            "/api/meta/reports/{report_name}",
        ),
        (
            endpoints::ReportReadings::path("No such report".into()),
            "/api/data/{report_name}",
        ),
        (
            format!(
                "{}?page=0",
                endpoints::ReportReadings::path("Water by location".into())
            ),
            "/api/data/{report_name}",
        ),
    ] {
        let refused = app.api_get(&path, &report_only).await;
        exercise.record("get", template, answer(refused).await);
    }
    rotating_itself(exercise, app, alice, &report_only).await;
    let paging = app.api_get("/api/data?page=0", &report_only).await;
    exercise.record("get", "/api/data", answer(paging).await);
}

/// A token not allowed to rotate itself, an unknown string, and one that is allowed.
async fn rotating_itself(
    exercise: &mut Exercise,
    app: &TestApp,
    alice: &Portal<'_>,
    report_only: &str,
) {
    let rotate_self = |string: String| async move {
        let response = app
            .script_client()
            .post(app.url("/api/tokens/self/rotate"))
            .bearer_auth(string)
            .json(&json!({"grace": "1h"}))
            .send()
            .await
            .unwrap();
        answer(response).await
    };
    exercise.record(
        "post",
        "/api/tokens/self/rotate",
        rotate_self(report_only.to_owned()).await,
    );
    exercise.record(
        "post",
        "/api/tokens/self/rotate",
        rotate_self("tessera_nonsense".into()).await,
    );
    let (_, body) = alice
        .call(
            Method::POST,
            &endpoints::CreateToken::path(app.demo.alice()),
            Some(json!({ "name": "Self-rotating", "expiry": "30_days",
                "scope": ["report_record"], "self_rotation": true })),
        )
        .await;
    let self_rotating = serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_i64()
        .unwrap();
    let self_rotating = alice.token_string(self_rotating).await;
    exercise.record(
        "post",
        "/api/tokens/self/rotate",
        rotate_self(self_rotating).await,
    );
}
