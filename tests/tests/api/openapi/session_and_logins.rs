//! Sessions and logins: who is signed in, signing in and out, and the
//! organization's logins (listing, adding, changing).

use reqwest::Method;
use serde_json::json;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{Portal, TestApp};

use super::{Exercise, answer};

/// The session signed in and anonymous, and signing in wrongly and rightly.
pub(super) async fn session_and_sign_in(
    exercise: &mut Exercise,
    app: &TestApp,
    alice: &Portal<'_>,
) {
    exercise.record(
        "get",
        "/api/session",
        alice.call(Method::GET, "/api/session", None).await,
    );
    let anonymous = app
        .new_client()
        .get(app.url("/api/session"))
        .send()
        .await
        .unwrap();
    exercise.record("get", "/api/session", answer(anonymous).await);
    let bad_sign_in = app
        .sign_in_with(&app.new_client(), "alice@demo.example", "wrong")
        .await;
    exercise.record("post", "/api/session", answer(bad_sign_in).await);
    let good_sign_in = app
        .sign_in_with(
            &app.new_client(),
            "dave@demo.example",
            tessera_tests::DEMO_PASSWORD,
        )
        .await;
    exercise.record("post", "/api/session", answer(good_sign_in).await);
}

/// The logins listed without and with the system administrator role, and
/// role and flag changes.
pub(super) async fn logins_and_changes(
    exercise: &mut Exercise,
    app: &TestApp,
    alice: &Portal<'_>,
    admin: &Portal<'_>,
) {
    exercise.record(
        "get",
        "/api/logins",
        alice.call(Method::GET, "/api/logins", None).await,
    );
    exercise.record(
        "get",
        "/api/logins",
        admin.call(Method::GET, "/api/logins?search=a", None).await,
    );
    let change = |change: &str| Some(json!({ "change": change }));
    for (login, what) in [
        (app.demo.dave(), "add_personal_role"),
        (app.demo.dave(), "add_admin_role"),
        (app.demo.olga(), "disable"),
    ] {
        exercise.record(
            "post",
            "/api/logins/{login_id}/changes",
            admin
                .call(
                    Method::POST,
                    &endpoints::ChangeLogin::path(login),
                    change(what),
                )
                .await,
        );
    }
}

/// A new login added, then the same email address again.
pub(super) async fn new_logins(exercise: &mut Exercise, admin: &Portal<'_>) {
    let new_login = json!({ "display_name": "Nina New", "email": "nina@demo.example",
        "password": "a-long-enough-password", "system_admin": false, "personal_token_role": true });
    for _ in 0..2 {
        exercise.record(
            "post",
            "/api/logins",
            admin
                .call(Method::POST, "/api/logins", Some(new_login.clone()))
                .await,
        );
    }
}

/// A service account added, refused with a bad field, then edited (R28).
pub(super) async fn service_accounts(
    exercise: &mut Exercise,
    alice: &Portal<'_>,
    admin: &Portal<'_>,
) {
    let account = json!({ "display_name": "Nightly loader", "description": "Loads meter data",
        "contact_login_ids": [alice.login_id] });
    let (status, created) = admin
        .call(Method::POST, "/api/service-accounts", Some(account.clone()))
        .await;
    let id = serde_json::from_str::<serde_json::Value>(&created).unwrap()["id"]
        .as_i64()
        .unwrap();
    exercise.record("post", "/api/service-accounts", (status, created));
    exercise.record(
        "post",
        "/api/service-accounts",
        admin
            .call(
                Method::POST,
                "/api/service-accounts",
                Some(json!({ "display_name": "", "description": "x" })),
            )
            .await,
    );
    for (who, id) in [(admin, id), (admin, alice.login_id), (alice, id)] {
        exercise.record(
            "put",
            "/api/service-accounts/{login_id}",
            who.call(
                Method::PUT,
                &endpoints::EditServiceAccount::path(id),
                Some(account.clone()),
            )
            .await,
        );
    }
}

/// Signed out, then every session of a login that is still signed in.
pub(super) async fn sign_out(exercise: &mut Exercise, app: &TestApp, alice: &Portal<'_>) {
    exercise.record(
        "delete",
        "/api/session",
        alice.call(Method::DELETE, "/api/session", None).await,
    );
    exercise.record(
        "delete",
        "/api/sessions",
        alice.call(Method::DELETE, "/api/sessions", None).await,
    );
    let dave = app.portal("dave@demo.example").await;
    exercise.record(
        "delete",
        "/api/sessions",
        dave.call(Method::DELETE, "/api/sessions", None).await,
    );
}
