//! Input an attacker would send (R15): clear 4xx, nothing stored half-way,
//! and what is stored is exactly what was sent.

use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::spawn_app;

#[tokio::test]
async fn deeply_nested_json_is_refused_without_harm() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let deep = format!(
        "{{\"name\": {}1{}, \"expiry\": \"never\", \"scope\": [\"meta_record\"]}}",
        "[".repeat(5000),
        "]".repeat(5000)
    );
    let response = alice
        .client
        .post(app.url(&endpoints::ListTokens::path(app.demo.alice())))
        .header("x-csrf-token", &alice.csrf_token)
        .header("content-type", "application/json")
        .body(deep)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: Value = response.json().await.unwrap();
    // serde refuses at the first wrong type, or at its recursion limit: never a stack overflow.
    assert!(
        body["code"] == "malformed_json" || body["code"] == "invalid_request_body",
        "{body}"
    );
    assert_eq!(alice.tokens_of(app.demo.alice()).await.len(), 2);
}

#[tokio::test]
async fn sql_metacharacters_are_stored_verbatim_and_harmless() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let names = [
        "Robert'); DROP TABLE tokens;--",
        "x' OR '1'='1",
        "%_\\\"; --",
        "名前 🚀 ünïcödé",
    ];
    for name in names {
        let response = alice
            .create_token(app.demo.alice(), name, "never", &["meta_record"])
            .await;
        assert_eq!(response.status(), 201, "{name}");
    }
    let listed: Vec<String> = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .map(|t| t.name)
        .collect();
    for name in names {
        assert!(
            listed.iter().any(|n| n == name),
            "{name} came back changed: {listed:?}"
        );
    }
    let logs = alice.token_logs("token=%25_").await;
    assert_eq!(
        logs.status(),
        200,
        "a filter with LIKE wildcards is just text"
    );
    let page: Value = logs.json().await.unwrap();
    assert_eq!(page["total"], 1);
}

#[tokio::test]
async fn huge_and_control_character_names_are_refused() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let huge = alice
        .create_token(
            app.demo.alice(),
            &"x".repeat(20_000),
            "never",
            &["meta_record"],
        )
        .await;
    assert_eq!(huge.status(), 413);
    for name in ["line\r\nSet-Cookie: x=y", "tab\there", "nul\u{0}"] {
        let response = alice
            .create_token(app.demo.alice(), name, "never", &["meta_record"])
            .await;
        let status = response.status();
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            (status.as_u16(), body["field"].as_str()),
            (422, Some("name")),
            "{name:?}: {body}"
        );
    }
    assert_eq!(alice.tokens_of(app.demo.alice()).await.len(), 2);
}

#[tokio::test]
async fn ids_that_are_not_numbers_name_nothing() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    // Each with a method its path answers, so that only the id can be wrong;
    // written out, as no typed path can carry such an id.
    for (method, path) in [
        (reqwest::Method::DELETE, "/api/tokens/1%20OR%201=1"),
        (reqwest::Method::DELETE, "/api/tokens/-1"),
        (reqwest::Method::DELETE, "/api/tokens/0"),
        (reqwest::Method::DELETE, "/api/tokens/99999999999999999999"),
        (reqwest::Method::POST, "/api/tokens/1e3/generate"),
        (reqwest::Method::GET, "/api/logins/abc/tokens"),
    ] {
        let response = alice
            .client
            .request(method.clone(), app.url(path))
            .header("x-csrf-token", &alice.csrf_token)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 404, "{method} {path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found", "{method} {path}");
    }
    let edit = alice
        .client
        .put(app.url("/api/tokens/abc")) // an id no typed path can carry
        .header("x-csrf-token", &alice.csrf_token)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(edit.status(), 404);
}
