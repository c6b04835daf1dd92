//! Web sessions (R14): CSRF, sign-out, fixation, expiry.

use std::time::Duration;

use serde_json::Value;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{DEMO_PASSWORD, TestApp, eventually, spawn_app};

fn session_cookie(response: &reqwest::Response) -> String {
    let header = response.headers()["set-cookie"].to_str().unwrap();
    header.split(';').next().unwrap().to_owned()
}

#[tokio::test]
async fn sign_out_without_the_csrf_token_is_refused_and_changes_nothing() {
    let app = spawn_app().await;
    let csrf = app.sign_in_as("alice@demo.example").await;

    let missing = app.sign_out(None).await;
    assert_eq!(missing.status(), 403);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["code"], "csrf_rejected");

    let wrong = app.sign_out(Some(&format!("{csrf}x"))).await;
    assert_eq!(wrong.status(), 403);
    assert_eq!(
        app.session().await.status(),
        200,
        "the session is still open"
    );
}

#[tokio::test]
async fn a_request_from_another_site_is_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url(endpoints::SignIn::PATH))
        .header("origin", "https://evil.example")
        .json(&serde_json::json!({ "email": app.email("alice@demo.example"), "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert!(response.headers().get("set-cookie").is_none());
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "csrf_rejected");

    let same_site = app
        .client
        .post(app.url(endpoints::SignIn::PATH))
        .header("origin", &app.address)
        .json(&serde_json::json!({ "email": app.email("alice@demo.example"), "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        same_site.status(),
        200,
        "the portal's own origin is accepted"
    );
}

#[tokio::test]
async fn sign_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let response = app.sign_in("alice@demo.example", DEMO_PASSWORD).await;
    let cookie = session_cookie(&response);
    let csrf = response
        .json::<tessera_shared::SessionInfo>()
        .await
        .unwrap()
        .csrf_token;

    let signed_out = app.sign_out(Some(&csrf)).await;
    assert_eq!(signed_out.status(), 204);
    assert!(
        signed_out.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .contains("Max-Age=0")
    );

    // Replaying the old cookie, as a thief who copied it would, gets nothing.
    let replay = app
        .new_client()
        .get(app.url(endpoints::GetOrganization::PATH))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(replay.status(), 401);
}

#[tokio::test]
async fn signing_in_again_gives_a_new_session_and_ends_the_old_one() {
    let app = spawn_app().await;
    let first = session_cookie(&app.sign_in("alice@demo.example", DEMO_PASSWORD).await);
    let second = session_cookie(&app.sign_in("alice@demo.example", DEMO_PASSWORD).await);
    assert_ne!(
        first, second,
        "no session fixation: a sign-in always issues a new id"
    );
    let old = app
        .new_client()
        .get(app.url(endpoints::GetOrganization::PATH))
        .header("cookie", &first)
        .send()
        .await
        .unwrap();
    assert_eq!(old.status(), 401);
    let new = app
        .new_client()
        .get(app.url(endpoints::GetOrganization::PATH))
        .header("cookie", &second)
        .send()
        .await
        .unwrap();
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn an_expired_session_is_refused() {
    let app = TestApp::own()
        .vars(&[("SESSION_TTL_SECONDS", "2")])
        .start()
        .await;
    app.sign_in_as("alice@demo.example").await;
    assert_eq!(app.session().await.status(), 200);
    eventually(Duration::from_secs(20), "the session to expire", || async {
        (app.session().await.status() == 204).then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_forged_session_cookie_gets_nothing() {
    let app = spawn_app().await;
    let response = app
        .new_client()
        .get(app.url(endpoints::GetOrganization::PATH))
        .header(
            "cookie",
            "tessera_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 401);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "not_signed_in");
}
