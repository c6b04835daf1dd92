//! The organization's token policy and adding logins.

use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::organization::OrganizationSettings;
use tessera_tests::{Portal, fixtures, spawn_app};

async fn set_policy(portal: &Portal<'_>, days: Value) -> (u16, Value) {
    let response = portal
        .client
        .put(portal.app.url(endpoints::SetTokenPolicy::PATH))
        .header("x-csrf-token", &portal.csrf_token)
        .json(&tessera_tests::bodies::lifetime_policy(days))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn a_maximum_lifetime_bounds_creation_and_edits_and_forbids_never() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let (status, body) = set_policy(&admin, json!(30)).await;
    assert_eq!(status, 200);
    assert_eq!(
        serde_json::from_value::<OrganizationSettings>(body)
            .unwrap()
            .max_token_lifetime_days,
        Some(30)
    );

    let alice = app.portal("alice@demo.example").await;
    for (expiry, allowed) in [
        ("30_days", true),
        ("60_days", false),
        ("never", false),
        ("1_year", false),
    ] {
        let response = alice
            .create_token(
                app.demo.alice(),
                &format!("Policy {expiry}"),
                expiry,
                &["meta_record"],
            )
            .await;
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        if allowed {
            assert_eq!(status, 201, "{expiry}: {body}");
        } else {
            assert_eq!(
                (status, body["field"].as_str()),
                (422, Some("expiry")),
                "{expiry}: {body}"
            );
            assert!(
                body["message"]
                    .as_str()
                    .unwrap()
                    .contains("at most 30 days"),
                "{body}"
            );
        }
    }
    // An edit that moves Expiry On beyond the maximum is refused too.
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.name == "Policy 30_days")
        .unwrap();
    let edit = json!({ "name": token.name, "expiry": "60_days", "scope": token.scope, "version": token.version });
    assert_eq!(alice.edit(token.id, edit).await.status(), 422);
    // Other Org is not affected.
    let other = app.portal("admin@other.example").await;
    assert_eq!(
        other
            .create_token(app.demo.olga(), "Forever", "never", &["meta_record"])
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn only_system_administrators_set_the_policy_and_only_sensible_values() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    assert_eq!(set_policy(&alice, json!(30)).await.0, 403);
    let admin = app.portal("sysadmin@demo.example").await;
    for days in [json!(0), json!(-5), json!(100000)] {
        let (status, body) = set_policy(&admin, days.clone()).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (422, Some("validation_failed")),
            "{days}"
        );
    }
    assert_eq!(set_policy(&admin, json!("thirty")).await.0, 400);
    let (status, body) = set_policy(&admin, Value::Null).await;
    assert_eq!(status, 200);
    assert_eq!(body["max_token_lifetime_days"], Value::Null, "no maximum");
}

#[tokio::test]
async fn an_added_login_signs_in_is_activated_then_and_gets_tokens() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let add = |email: &str, password: &str| {
        admin
            .client
            .post(app.url(endpoints::CreateLogin::PATH))
            .header("x-csrf-token", &admin.csrf_token)
            .json(
                &json!({ "display_name": "Nina New", "email": app.email(email), "password": password,
                           "system_admin": false, "personal_token_role": true }),
            )
            .send()
    };
    let short = add("nina@demo.example", "short").await.unwrap();
    assert_eq!(short.status(), 422);
    let response = add("Nina@Demo.example", "a-long-enough-password")
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let nina: tessera_shared::logins::LoginRow = response.json().await.unwrap();
    assert_eq!(
        (nina.email, nina.activated_at),
        (app.email("nina@demo.example"), None)
    );
    let taken = add("nina@demo.example", "a-long-enough-password")
        .await
        .unwrap();
    assert_eq!(taken.status(), 409);
    let stored = fixtures::password_hash(&app.database(), nina.id);
    assert!(
        stored.starts_with("pbkdf2_sha256$100000$") && !stored.contains("a-long-enough-password")
    );

    assert_eq!(
        admin
            .create_token(nina.id, "For Nina", "30_days", &["meta_record"])
            .await
            .status(),
        422,
        "not activated"
    );
    let signed_in = app
        .sign_in_with(
            &app.new_client(),
            "nina@demo.example",
            "a-long-enough-password",
        )
        .await;
    assert_eq!(signed_in.status(), 200);
    assert_eq!(
        admin
            .create_token(nina.id, "For Nina", "30_days", &["meta_record"])
            .await
            .status(),
        201
    );
    let alice = app.portal("alice@demo.example").await;
    let refused = alice
        .client
        .post(app.url(endpoints::CreateLogin::PATH))
        .header("x-csrf-token", &alice.csrf_token)
        .json(&json!({ "display_name": "X", "email": app.email("x@demo.example"), "password": "a-long-enough-password",
                       "system_admin": true, "personal_token_role": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}
