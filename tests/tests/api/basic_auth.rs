//! Basic authentication on the API (R11).

use std::time::Duration;

use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{DEMO_PASSWORD, Portal, TestApp, eventually, fixtures, spawn_app};

async fn basic(app: &TestApp, path: &str, email: &str, password: &str) -> reqwest::Response {
    app.script_client()
        .get(app.url(path))
        .basic_auth(app.email(email), Some(password))
        .send()
        .await
        .unwrap()
}

async fn switch(portal: &Portal<'_>, enabled: bool) -> u16 {
    portal
        .client
        .put(portal.app.url(endpoints::SetBasicAuth::PATH))
        .header("x-csrf-token", &portal.csrf_token)
        .json(&json!({ "enabled": enabled }))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn basic_authentication_is_off_until_a_system_administrator_turns_it_on_r11() {
    let app = spawn_app().await;
    let off = basic(
        &app,
        endpoints::Meta::PATH,
        "alice@demo.example",
        DEMO_PASSWORD,
    )
    .await;
    assert_eq!(off.status(), 401);
    assert!(
        off.headers()["www-authenticate"]
            .to_str()
            .unwrap()
            .starts_with("Basic")
    );
    let body: Value = off.json().await.unwrap();
    assert_eq!(body["code"], "invalid_credentials");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("organization must turn it on"),
        "the one refusal names every reason, without confirming the password: {body}"
    );

    let alice = app.portal("alice@demo.example").await;
    assert_eq!(
        switch(&alice, true).await,
        403,
        "only system administrators"
    );
    let admin = app.portal("sysadmin@demo.example").await;
    assert_eq!(switch(&admin, true).await, 200);
    for path in [
        endpoints::Meta::PATH,
        endpoints::MetaReports::PATH,
        endpoints::Data::PATH,
    ] {
        assert_eq!(
            basic(&app, path, "alice@demo.example", DEMO_PASSWORD)
                .await
                .status(),
            200,
            "{path}: both scopes"
        );
    }
    // Other Org did not turn it on.
    assert_eq!(
        basic(
            &app,
            endpoints::Meta::PATH,
            "admin@other.example",
            DEMO_PASSWORD
        )
        .await
        .status(),
        401
    );
    assert_eq!(switch(&admin, false).await, 200);
    assert_eq!(
        basic(
            &app,
            endpoints::Meta::PATH,
            "alice@demo.example",
            DEMO_PASSWORD
        )
        .await
        .status(),
        401,
        "off again at once"
    );
}

#[tokio::test]
async fn only_activated_enabled_logins_with_the_right_password_pass_r10_r11() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    assert_eq!(switch(&admin, true).await, 200);
    let wrong: Value = basic(&app, endpoints::Meta::PATH, "alice@demo.example", "wrong")
        .await
        .json()
        .await
        .unwrap();
    let unknown: Value = basic(&app, endpoints::Meta::PATH, "nobody@demo.example", "wrong")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        wrong, unknown,
        "an unknown email is indistinguishable from a wrong password"
    );
    assert_eq!(wrong["code"], "invalid_credentials");

    let bob = basic(
        &app,
        endpoints::Meta::PATH,
        "bob@demo.example",
        DEMO_PASSWORD,
    )
    .await;
    assert_eq!(bob.status(), 401, "bob never signed in to the portal");
    app.portal("bob@demo.example").await;
    assert_eq!(
        basic(
            &app,
            endpoints::Meta::PATH,
            "bob@demo.example",
            DEMO_PASSWORD
        )
        .await
        .status(),
        200
    );

    let change = admin
        .client
        .post(app.url(&endpoints::ChangeLogin::path(app.demo.alice())))
        .header("x-csrf-token", &admin.csrf_token)
        .json(&json!({ "change": "disable" }))
        .send()
        .await
        .unwrap();
    assert_eq!(change.status(), 204);
    assert_eq!(
        basic(
            &app,
            endpoints::Meta::PATH,
            "alice@demo.example",
            DEMO_PASSWORD
        )
        .await
        .status(),
        401,
        "disabled"
    );
}

#[tokio::test]
async fn basic_guessing_is_slowed_down_and_every_attempt_is_logged_r11_r12() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    assert_eq!(switch(&admin, true).await, 200);
    for _ in 0..5 {
        assert_eq!(
            basic(&app, endpoints::Meta::PATH, "alice@demo.example", "guess")
                .await
                .status(),
            401
        );
    }
    let locked = basic(
        &app,
        endpoints::Meta::PATH,
        "alice@demo.example",
        DEMO_PASSWORD,
    )
    .await;
    assert_eq!(locked.status(), 429, "even the right password waits");
    assert!(locked.headers().contains_key("retry-after"));
    assert_eq!(
        basic(
            &app,
            endpoints::Meta::PATH,
            "dave@demo.example",
            DEMO_PASSWORD
        )
        .await
        .status(),
        200,
        "others are not held up"
    );

    eventually(
        Duration::from_secs(10),
        "the Basic AUTHENTICATE entries",
        || async {
            let db = app.database();
            let failures = fixtures::basic_entries(&db, app.demo.alice(), "Fail");
            let successes = fixtures::basic_entries(&db, app.demo.dave(), "OK");
            (failures == 5 && successes == 1).then_some(())
        },
    )
    .await;
}

#[tokio::test]
async fn malformed_basic_credentials_are_a_clear_401() {
    let app = spawn_app().await;
    for header in ["Basic", "Basic !!!", "Basic bm9jb2xvbg=="] {
        let response = app
            .script_client()
            .get(app.url(endpoints::Meta::PATH))
            .header("authorization", header)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 401, "{header}");
        let body: Value = response.json().await.unwrap();
        assert!(
            body["code"] == "invalid_credentials" || body["code"] == "invalid_token",
            "{header}: {body}"
        );
    }
}
