//! Bad input gets a clear 4xx JSON error with a stable code and changes nothing (R15).

use serde_json::Value;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{TestApp, fixtures, spawn_app};

async fn post_sign_in(
    app: &TestApp,
    content_type: &str,
    body: impl Into<reqwest::Body>,
) -> (u16, Value, bool) {
    let response = app
        .client
        .post(app.url(endpoints::SignIn::PATH))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let sets_cookie = response.headers().get("set-cookie").is_some();
    let body = response
        .json()
        .await
        .expect("every refusal has a JSON body");
    (status, body, sets_cookie)
}

#[tokio::test]
async fn malformed_and_misshapen_bodies_are_refused_clearly() {
    let app = spawn_app().await;
    let cases: [(&str, &[u8], u16, &str); 8] = [
        ("application/json", b"{\"email\": ", 400, "malformed_json"),
        ("application/json", b"not json", 400, "malformed_json"),
        ("application/json", b"\xff\xfe{}", 400, "malformed_json"),
        (
            "application/json",
            br#"{"email":"alice@demo.example","password":"x","admin":true}"#,
            400,
            "invalid_request_body",
        ),
        (
            "application/json",
            br#"{"email":"alice@demo.example"}"#,
            400,
            "invalid_request_body",
        ),
        (
            "application/json",
            br#"{"email":"alice@demo.example","password":12345678}"#,
            400,
            "invalid_request_body",
        ),
        (
            "text/plain",
            br#"{"email":"alice@demo.example","password":"x"}"#,
            415,
            "unsupported_media_type",
        ),
        (
            "application/json",
            br#"{"email":"not-an-email","password":"x"}"#,
            422,
            "validation_failed",
        ),
    ];
    for (content_type, body, status, code) in cases {
        let (got_status, got_body, sets_cookie) =
            post_sign_in(&app, content_type, body.to_vec()).await;
        let shown = String::from_utf8_lossy(body);
        assert_eq!(got_status, status, "{shown}: {got_body}");
        assert_eq!(got_body["code"], code, "{shown}");
        assert!(
            got_body["message"].as_str().is_some_and(|m| m.len() > 10),
            "{shown}: a readable message"
        );
        assert!(!sets_cookie, "{shown}: no session opened");
    }
}

#[tokio::test]
async fn an_unknown_field_is_named_and_a_wrong_type_never_echoes_the_value() {
    let app = spawn_app().await;
    let (_, body, _) = post_sign_in(
        &app,
        "application/json",
        r#"{"email":"a@b.example","password":"x","admin":true}"#,
    )
    .await;
    assert!(
        body["message"].as_str().unwrap().contains("`admin`"),
        "{body}"
    );

    let (_, body, _) = post_sign_in(
        &app,
        "application/json",
        r#"{"email":"a@b.example","password":987654321}"#,
    )
    .await;
    assert!(
        !body.to_string().contains("987654321"),
        "the value sent must not come back: {body}"
    );
}

#[tokio::test]
async fn a_validation_error_names_the_field() {
    let app = spawn_app().await;
    let (status, body, _) = post_sign_in(
        &app,
        "application/json",
        r#"{"email":"alice","password":"x"}"#,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["field"], "email");
    let (_, body, _) = post_sign_in(
        &app,
        "application/json",
        r#"{"email":"alice@demo.example","password":""}"#,
    )
    .await;
    assert_eq!(body["field"], "password");
}

#[tokio::test]
async fn an_oversize_body_is_refused_before_it_is_read() {
    let app = spawn_app().await;
    let huge = format!(
        r#"{{"email":"alice@demo.example","password":"{}"}}"#,
        "x".repeat(64 * 1024)
    );
    let (status, body, sets_cookie) = post_sign_in(&app, "application/json", huge).await;
    assert_eq!(status, 413);
    assert_eq!(body["code"], "payload_too_large");
    assert!(!sets_cookie);
}

#[tokio::test]
async fn bad_input_leaves_the_database_unchanged() {
    let app = spawn_app().await;
    let snapshot = |app: &TestApp| -> (i64, i64) {
        let db = app.database();
        let throttled = fixtures::throttle_rows(&db);
        let activated = fixtures::activated_logins(&db);
        (throttled, activated)
    };
    let before = snapshot(&app);
    post_sign_in(
        &app,
        "application/json",
        r#"{"email":"bob@demo.example","password":1}"#,
    )
    .await;
    post_sign_in(&app, "application/json", r#"{"email":"bob@demo.example""#).await;
    post_sign_in(&app, "text/plain", "correct-horse-battery").await;
    assert_eq!(snapshot(&app), before);
}

/// serde's derive reads a struct from an array of its fields in order too;
/// the API's bodies are objects, and an array in an object's place is
/// refused (schemathesis found `[]` saved as "no stale-token warning").
#[tokio::test]
async fn an_array_in_an_objects_place_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let (status, body, sets_cookie) = post_sign_in(
        &app,
        "application/json",
        format!(
            r#"["alice@demo.example", "{}"]"#,
            tessera_tests::DEMO_PASSWORD
        ),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], "invalid_request_body");
    assert!(
        body["message"].as_str().unwrap().contains("JSON object"),
        "{body}"
    );
    assert!(!sets_cookie, "no session opened");

    let admin = app.portal("sysadmin@demo.example").await;
    let set = |body: &'static str| {
        admin
            .request::<endpoints::SetStaleTokens>(())
            .header("content-type", "application/json")
            .body(body)
    };
    let saved = set(r#"{"days": 90}"#).send().await.unwrap();
    assert_eq!(saved.status(), 200);
    let refused = set("[]").send().await.unwrap();
    assert_eq!(refused.status(), 400);
    let refused: Value = refused.json().await.unwrap();
    assert_eq!(refused["code"], "invalid_request_body");
    let settings = admin.read::<endpoints::GetOrganization>(()).await;
    assert_eq!(
        settings.stale_after_days,
        Some(90),
        "the setting is unchanged"
    );
}
