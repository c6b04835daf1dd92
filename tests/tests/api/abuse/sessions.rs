//! Ending sessions (R14, R16): everywhere at once, by an administrator,
//! for good, and the cookie that carries them.

use super::*;

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_at_once_r14_r16() {
    let app = spawn_app().await;
    let laptop = app.portal("alice@demo.example").await;
    let phone = app.portal("alice@demo.example").await;
    let (status, _) = laptop
        .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
        .await;
    assert_eq!(status, 200);

    let (status, _) = phone
        .call(
            reqwest::Method::DELETE,
            endpoints::SignOutEverywhere::PATH,
            None,
        )
        .await;
    assert_eq!(status, 204);
    // The laptop's session is still in KV: D1 says it has ended.
    for portal in [&laptop, &phone] {
        let (status, body) = portal
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await;
        assert_eq!(status, 401, "{body}");
    }
    let again = app.portal("alice@demo.example").await;
    let (status, _) = again
        .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
        .await;
    assert_eq!(status, 200, "a new sign-in opens a new session");
}

#[tokio::test]
async fn a_system_administrator_signs_another_login_out_everywhere_r14_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let admin = app.portal("sysadmin@demo.example").await;
    let (status, body) = admin
        .call(
            reqwest::Method::POST,
            &endpoints::ChangeLogin::path(alice.login_id),
            Some(json!({ "change": "sign_out_everywhere" })),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(
        alice
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await
            .0,
        401
    );
    assert_eq!(
        admin
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await
            .0,
        200
    );

    let dave = app.portal("dave@demo.example").await;
    let (status, _) = dave
        .call(
            reqwest::Method::POST,
            &endpoints::ChangeLogin::path(alice.login_id),
            Some(json!({ "change": "sign_out_everywhere" })),
        )
        .await;
    assert_eq!(status, 403, "only system administrators");
}

#[tokio::test]
async fn re_enabling_a_login_does_not_bring_its_old_sessions_back_r14_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let admin = app.portal("sysadmin@demo.example").await;
    for change in ["disable", "enable"] {
        let (status, body) = admin
            .call(
                reqwest::Method::POST,
                &endpoints::ChangeLogin::path(alice.login_id),
                Some(json!({ "change": change })),
            )
            .await;
        assert_eq!(status, 204, "{change}: {body}");
    }
    assert_eq!(
        alice
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await
            .0,
        401,
        "the session ended with the disabling, for good"
    );
    assert_eq!(
        app.portal("alice@demo.example").await.login_id,
        app.demo.alice()
    );
}

#[tokio::test]
async fn a_signed_out_session_is_recorded_as_ended_in_d1_r14_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let hash = {
        use sha2::{Digest, Sha256};
        Sha256::digest(alice.session_id().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(
        alice
            .call(reqwest::Method::DELETE, endpoints::SignIn::PATH, None)
            .await
            .0,
        204
    );
    let ended = fixtures::session_ended(&app.database(), &hash);
    assert_eq!(
        ended, 1,
        "every location reads the end from D1, not from KV's cache"
    );
    assert_eq!(
        alice
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn the_session_cookie_takes_the_host_prefix_where_the_connection_is_secure_r14_r16() {
    let app = spawn_app().await;
    // As the portal is reached through a name, not localhost (locally the
    // runtime takes the host from the request).
    let response = Client::new()
        .post(app.url(endpoints::SignIn::PATH))
        .header("host", "tessera.example")
        .json(&json!({ "email": app.email("alice@demo.example"), "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-tessera_session="), "{cookie}");
    for flag in ["Secure", "Path=/", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.contains("max-age="), "{hsts}");
}
