//! A token's life in the portal: listed, created, generated, rotated,
//! edited, seen in Token Logs, and revoked.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{Portal, TestApp};

use super::Exercise;

/// The token the exercise creates and generates.
pub(super) struct Token {
    id: i64,
    pub(super) string: String,
}

/// Tokens listed (one's own, and another login's without the admin role), a
/// token created, then again under the same name, and generated, then an
/// unknown one.
pub(super) async fn create_and_generate(
    exercise: &mut Exercise,
    app: &TestApp,
    alice: &Portal<'_>,
) -> Token {
    for owner in [app.demo.alice(), app.demo.sys_admin()] {
        exercise.record(
            "get",
            "/api/logins/{login_id}/tokens",
            alice
                .call(Method::GET, &endpoints::ListTokens::path(owner), None)
                .await,
        );
    }
    let create =
        json!({ "name": "Schema", "expiry": "never", "scope": ["meta_record", "report_record"] });
    let tokens = endpoints::CreateToken::path(app.demo.alice());
    let (status, body) = alice
        .call(Method::POST, &tokens, Some(create.clone()))
        .await;
    let created: Value = serde_json::from_str(&body).unwrap();
    exercise.record("post", "/api/logins/{login_id}/tokens", (status, body));
    exercise.record(
        "post",
        "/api/logins/{login_id}/tokens",
        alice.call(Method::POST, &tokens, Some(create)).await,
    );
    let id = created["id"].as_i64().unwrap();
    let (status, body) = alice
        .call(Method::POST, &endpoints::GenerateToken::path(id), None)
        .await;
    let string = serde_json::from_str::<Value>(&body).unwrap()["token_string"]
        .as_str()
        .unwrap()
        .to_owned();
    exercise.record("post", "/api/tokens/{token_id}/generate", (status, body));
    exercise.record(
        "post",
        "/api/tokens/{token_id}/generate",
        alice
            .call(Method::POST, &endpoints::GenerateToken::path(99999), None)
            .await,
    );
    Token { id, string }
}

/// The token rotated, then an unknown one; then edited twice, naming the
/// version it had after its rotation: saved, then refused as changed meanwhile.
pub(super) async fn rotate_and_edit(exercise: &mut Exercise, alice: &Portal<'_>, token: &Token) {
    for id in [token.id, 99999] {
        exercise.record(
            "post",
            "/api/tokens/{token_id}/rotate",
            alice
                .call(
                    Method::POST,
                    &endpoints::RotateToken::path(id),
                    Some(json!({"grace": "24h"})),
                )
                .await,
        );
    }
    let rotated = alice.read::<endpoints::ListTokens>(alice.login_id).await;
    let version = rotated
        .tokens
        .iter()
        .find(|listed| listed.id == token.id)
        .expect("the rotated token is listed")
        .version;
    let edit = json!({ "name": "Schema 2", "expiry": "never", "scope": ["meta_record"],
        "version": version });
    for _ in 0..2 {
        exercise.record(
            "put",
            "/api/tokens/{token_id}",
            alice
                .call(
                    Method::PUT,
                    &endpoints::EditToken::path(token.id),
                    Some(edit.clone()),
                )
                .await,
        );
    }
}

/// Token Logs as a page (a large one, everyone's, a malformed query) and
/// as CSV.
pub(super) async fn logs(exercise: &mut Exercise, alice: &Portal<'_>) {
    for query in ["?page_size=200", "?owner=all", "?page=x"] {
        exercise.record(
            "get",
            "/api/token-logs",
            alice
                .call(Method::GET, &format!("/api/token-logs{query}"), None)
                .await,
        );
    }
    for query in ["", "?owner=all", "?activity=nothing"] {
        exercise.record(
            "get",
            "/api/token-logs.csv",
            alice
                .call(Method::GET, &format!("/api/token-logs.csv{query}"), None)
                .await,
        );
    }
}

/// The token revoked, then again when it is no longer live.
pub(super) async fn revoke(exercise: &mut Exercise, alice: &Portal<'_>, token: &Token) {
    for _ in 0..2 {
        exercise.record(
            "delete",
            "/api/tokens/{token_id}",
            alice
                .call(
                    Method::DELETE,
                    &endpoints::RevokeToken::path(token.id),
                    None,
                )
                .await,
        );
    }
}
