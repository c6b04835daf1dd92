//! What anyone may call without signing in: the health probe, the document
//! itself, and leak reports.

use serde_json::json;
use tessera_tests::TestApp;

use super::{Exercise, answer};

pub(super) async fn health_and_document(exercise: &mut Exercise, app: &TestApp) {
    let health = app
        .script_client()
        .get(app.url("/api/health"))
        .send()
        .await
        .unwrap();
    exercise.record("get", "/api/health", answer(health).await);
    let spec = app
        .script_client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    exercise.record(
        "get",
        "/api/openapi.json",
        (spec.status().as_u16(), String::new()),
    );
}

/// Leak reports: accepted, refused for their size; a scan report unsigned.
pub(super) async fn leak_reports(exercise: &mut Exercise, app: &TestApp) {
    for credentials in [json!(["tessera_not_a_real_one"]), json!([])] {
        let response = app
            .script_client()
            .post(app.url("/api/credentials/revoke"))
            .json(&json!({ "credentials": credentials }))
            .send()
            .await
            .unwrap();
        exercise.record("post", "/api/credentials/revoke", answer(response).await);
    }
    let response = app
        .script_client()
        .post(app.url("/api/credentials/secret-scanning"))
        .json(&json!([{ "token": "tessera_x", "type": "t", "url": "", "source": "content" }]))
        .send()
        .await
        .unwrap();
    exercise.record(
        "post",
        "/api/credentials/secret-scanning",
        answer(response).await,
    );
}
