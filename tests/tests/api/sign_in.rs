//! Signing in (R14), activation (R10) and the brute-force slow-down.

use serde_json::Value;
use tessera_shared::SessionInfo;
use tessera_tests::{DEMO_PASSWORD, fixtures, spawn_app};

#[tokio::test]
async fn the_right_password_opens_a_session_with_a_safe_cookie_r14() {
    let app = spawn_app().await;
    let response = app.sign_in("alice@demo.example", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("tessera_session="), "{cookie}");
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=28800"] {
        assert!(cookie.contains(flag), "cookie lacks {flag}: {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "no Secure flag on plain-HTTP localhost: {cookie}"
    );
    let session: SessionInfo = response.json().await.unwrap();
    assert_eq!(session.login.email, app.email("alice@demo.example"));
    assert_eq!(session.login.display_name, "Alice Analyst");
    assert!(session.login.personal_token_role);

    let current = app.session().await;
    assert_eq!(current.status(), 200);
    let current: SessionInfo = current.json().await.unwrap();
    assert_eq!(current.login.id, session.login.id);
    assert_eq!(current.csrf_token, session.csrf_token);
}

#[tokio::test]
async fn the_email_is_matched_whatever_its_case_and_spacing() {
    let app = spawn_app().await;
    let response = app.sign_in("  Alice@Demo.EXAMPLE ", DEMO_PASSWORD).await;
    assert_eq!(response.status(), 200);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    let wrong_password = app.sign_in("alice@demo.example", "not-the-password").await;
    let unknown_email = app.sign_in("nobody@demo.example", "not-the-password").await;
    assert_eq!(wrong_password.status(), 401);
    assert_eq!(unknown_email.status(), 401);
    assert!(wrong_password.headers().get("set-cookie").is_none());
    let wrong_password: Value = wrong_password.json().await.unwrap();
    let unknown_email: Value = unknown_email.json().await.unwrap();
    assert_eq!(
        wrong_password, unknown_email,
        "the answer must not reveal whether the email exists"
    );
    assert_eq!(wrong_password["code"], "invalid_credentials");
    assert_eq!(app.session().await.status(), 204, "no session was opened");
}

#[tokio::test]
async fn the_first_sign_in_activates_the_login_and_nothing_before_it_does_r10() {
    let app = spawn_app().await;
    let activated_at = || -> Option<i64> {
        fixtures::activated_at(&app.database(), &app.email("bob@demo.example"))
    };
    assert_eq!(activated_at(), None, "bob has never signed in");

    assert_eq!(
        app.sign_in("bob@demo.example", "wrong-password")
            .await
            .status(),
        401
    );
    assert_eq!(activated_at(), None, "a failed sign-in does not activate");

    assert_eq!(
        app.sign_in("bob@demo.example", DEMO_PASSWORD)
            .await
            .status(),
        200
    );
    let first = activated_at().expect("the first successful sign-in activates bob");

    assert_eq!(
        app.sign_in("bob@demo.example", DEMO_PASSWORD)
            .await
            .status(),
        200
    );
    assert_eq!(
        activated_at(),
        Some(first),
        "later sign-ins keep the first activation time"
    );
}

#[tokio::test]
async fn repeated_failures_are_slowed_down_even_for_the_right_password_r14() {
    let app = spawn_app().await;
    for attempt in 1..=5 {
        let response = app.sign_in("alice@demo.example", "guess").await;
        assert_eq!(
            response.status(),
            401,
            "attempt {attempt} is a plain failure"
        );
    }
    let response = app.sign_in("alice@demo.example", DEMO_PASSWORD).await;
    assert_eq!(
        response.status(),
        429,
        "after five failures the email must wait"
    );
    let retry_after: i64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&retry_after), "Retry-After {retry_after}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");

    // Another login is not held up by alice's attacker.
    assert_eq!(
        app.sign_in("dave@demo.example", DEMO_PASSWORD)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn an_unknown_email_is_slowed_down_like_a_real_one() {
    let app = spawn_app().await;
    for _ in 1..=5 {
        assert_eq!(
            app.sign_in("nobody@demo.example", "guess").await.status(),
            401
        );
    }
    assert_eq!(
        app.sign_in("nobody@demo.example", "guess").await.status(),
        429
    );
}
