//! The organization's token policy at every request (R26): old tokens that
//! break it are blocked, not revoked, say which rule, and work again once
//! the policy is relaxed or the token is edited to fit.

use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::notices::NoticeKind;
use tessera_shared::organization::PolicyPreview;
use tessera_shared::tokens::TokenStatus;
use tessera_tests::bodies::token_policy as policy;
use tessera_tests::{Portal, TestApp, spawn_app};

async fn set_policy(admin: &Portal<'_>, body: Value) -> (u16, Value) {
    let (status, text) = admin
        .call(
            reqwest::Method::PUT,
            endpoints::SetTokenPolicy::PATH,
            Some(body),
        )
        .await;
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

async fn preview(admin: &Portal<'_>, body: Value) -> PolicyPreview {
    let (status, text) = admin
        .call(
            reqwest::Method::POST,
            endpoints::PreviewTokenPolicy::PATH,
            Some(body),
        )
        .await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).expect("a preview")
}

/// A token of `portal`'s own with `expiry` and `scope`, and its string.
async fn token_with_string(
    portal: &Portal<'_>,
    name: &str,
    expiry: &str,
    scope: &[&str],
) -> (i64, String) {
    let created = portal
        .create_token(portal.login_id, name, expiry, scope)
        .await;
    assert_eq!(created.status(), 201, "creating {name}");
    let id = created.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    (id, portal.token_string(id).await)
}

/// The status and body `/api/meta` answers `string` with.
async fn meta(app: &TestApp, string: &str) -> (u16, Value) {
    let answer = app.use_token::<endpoints::Meta>(string).await;
    let status = answer.status().as_u16();
    (status, answer.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn a_token_that_breaks_a_new_policy_is_blocked_not_revoked_and_works_again_when_relaxed_r26()
{
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    let (forever, string) =
        token_with_string(&alice, "forever export", "never", &["meta_record"]).await;
    let (dated_id, dated) =
        token_with_string(&alice, "dated export", "30_days", &["meta_record"]).await;
    assert_eq!(meta(&app, &string).await.0, 200);

    // The preview names it and changes nothing.
    let expiry_required = policy(json!({ "expiry_required": true }));
    let previewed = preview(&admin, expiry_required.clone()).await;
    // The demo's own never-expiring token is named too: it could not be
    // generated under this policy.
    let named: Vec<i64> = previewed.tokens.iter().map(|token| token.id).collect();
    assert!(
        named.contains(&forever) && !named.contains(&dated_id),
        "{previewed:?}"
    );
    assert_eq!(previewed.blocked, named.len() as i64);
    assert_eq!(
        previewed.newly_blocked, previewed.blocked,
        "nothing was blocked before"
    );
    assert!(
        previewed
            .tokens
            .iter()
            .all(|token| token.rule.label() == "Expiry required"),
        "{previewed:?}"
    );
    assert_eq!(meta(&app, &string).await.0, 200, "a preview blocks nothing");

    let (status, settings) = set_policy(&admin, expiry_required.clone()).await;
    assert_eq!(status, 200, "{settings}");
    assert_eq!(settings["expiry_required"], true);
    let (status, refused) = meta(&app, &string).await;
    assert_eq!(status, 401, "{refused}");
    assert_eq!(refused["reason"], "blocked_by_policy");
    assert_eq!(refused["policy_rule"], "expiry_required");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("Expiry required"),
        "{refused}"
    );
    assert_eq!(
        meta(&app, &dated).await.0,
        200,
        "a token within the policy works"
    );

    // The grid and the owner's notices say so; the token is not revoked.
    let listed = alice.tokens_of(alice.login_id).await;
    let row = listed.iter().find(|token| token.id == forever).unwrap();
    assert_eq!(row.status, TokenStatus::BlockedByPolicy);
    assert_eq!(row.status_text(), "Blocked by policy: Expiry required");
    let blocked_notices = || async {
        alice
            .notice_list()
            .await
            .into_iter()
            .filter(|notice| notice.kind == NoticeKind::Blocked)
            .collect::<Vec<_>>()
    };
    let told = blocked_notices().await;
    let notice = told
        .iter()
        .find(|notice| notice.token_id == Some(forever))
        .expect("the owner is told");
    assert!(notice.message.contains("Expiry On"), "{}", notice.message);
    assert_eq!(told.len(), named.len(), "one notice per token blocked");
    // Saving the same policy again tells nobody twice.
    assert_eq!(set_policy(&admin, expiry_required).await.0, 200);
    assert_eq!(blocked_notices().await.len(), told.len());

    // The refusal is in Token Logs.
    let logs: Value = alice
        .token_logs("token=forever&activity=AUTHENTICATE&result=Fail")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        logs["entries"][0]["detail"], "blocked by policy (Expiry required)",
        "{logs}"
    );

    // Relaxed, the same string works again: it was never revoked.
    assert_eq!(set_policy(&admin, policy(json!({}))).await.0, 200);
    assert_eq!(meta(&app, &string).await.0, 200);
}

#[tokio::test]
async fn a_blocked_token_edited_to_fit_works_with_a_new_string_and_nothing_new_breaks_the_policy_r26()
 {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    let (token, string) = token_with_string(
        &alice,
        "both scopes",
        "30_days",
        &["meta_record", "report_record"],
    )
    .await;
    let report_only = policy(json!({ "scopes_allowed": ["report_record"] }));
    assert_eq!(set_policy(&admin, report_only).await.0, 200);

    let (status, refused) = meta(&app, &string).await;
    assert_eq!(
        (status, &refused["policy_rule"]),
        (401, &json!("scope_not_allowed")),
        "blocked for every endpoint, not only Meta Record's: {refused}"
    );
    let data = app.use_token::<endpoints::Data>(&string).await;
    assert_eq!(data.status(), 401);

    // No new string for a blocked token, and no new token that breaks it.
    let generate = alice.generate(token).await;
    assert_eq!(generate.status(), 422);
    let body: Value = generate.json().await.unwrap();
    assert_eq!(body["field"], "scope", "{body}");
    let created = alice
        .create_token(alice.login_id, "meta again", "30_days", &["meta_record"])
        .await;
    assert_eq!(created.status(), 422);
    let body: Value = created.json().await.unwrap();
    assert_eq!(body["field"], "scope", "{body}");
    assert!(
        body["message"].as_str().unwrap().contains("Report Record"),
        "{body}"
    );

    // Edited to fit: the edit ends the string as always; a new one works.
    let version = alice
        .tokens_of(alice.login_id)
        .await
        .into_iter()
        .find(|row| row.id == token)
        .unwrap()
        .version;
    let edited = alice
        .edit(
            token,
            json!({ "name": "both scopes", "expiry": "30_days", "scope": ["report_record"], "version": version }),
        )
        .await;
    assert_eq!(edited.status(), 200);
    let fresh = alice.token_string(token).await;
    assert_eq!(app.use_token::<endpoints::Data>(&fresh).await.status(), 200);
    assert_eq!(
        meta(&app, &fresh).await.0,
        403,
        "Meta Record is out of its scope now"
    );
}

#[tokio::test]
async fn an_allowlist_required_blocks_tokens_from_anywhere_or_wider_than_the_organizations_r26() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    let (anywhere, anywhere_string) =
        token_with_string(&alice, "anywhere", "30_days", &["meta_record"]).await;
    // This test's clients come from 10.99.x.y.
    let organization = ["10.99.0.0/16"];
    let (status, _) = admin
        .call(
            reqwest::Method::PUT,
            endpoints::SetDefaultAllowlist::PATH,
            Some(json!({ "addresses": organization })),
        )
        .await;
    assert_eq!(status, 200);
    let created = alice
        .request::<endpoints::CreateToken>(alice.login_id)
        .json(&json!({
            "name": "wider", "expiry": "30_days", "scope": ["meta_record"],
            "allowed_addresses": ["10.0.0.0/8"],
        }))
        .send()
        .await
        .unwrap();
    let wider: i64 = created.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    let wider_string = alice.token_string(wider).await;
    assert_eq!(meta(&app, &wider_string).await.0, 200);

    let required = policy(json!({ "allowlist_required": true }));
    let previewed = preview(&admin, required.clone()).await;
    let named: Vec<i64> = previewed.tokens.iter().map(|token| token.id).collect();
    assert!(
        named.contains(&anywhere) && named.contains(&wider),
        "{previewed:?}"
    );
    assert_eq!(
        previewed.blocked,
        named.len() as i64,
        "the demo's tokens have no list either"
    );
    assert_eq!(set_policy(&admin, required).await.0, 200);
    for string in [&anywhere_string, &wider_string] {
        let (status, refused) = meta(&app, string).await;
        assert_eq!(
            (status, &refused["policy_rule"]),
            (401, &json!("allowlist_required"))
        );
    }

    // A token made now starts from the organization's list, which fits.
    let (_, inside) = token_with_string(&alice, "inside", "30_days", &["meta_record"]).await;
    assert_eq!(meta(&app, &inside).await.0, 200);
    let refused = alice
        .request::<endpoints::CreateToken>(alice.login_id)
        .json(&json!({
            "name": "no list", "expiry": "30_days", "scope": ["meta_record"],
            "allowed_addresses": [],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["field"], "allowed_addresses", "{body}");
}

#[tokio::test]
async fn only_a_system_administrator_sets_or_previews_a_policy_and_a_bad_one_changes_nothing_r26() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    let (_, string) = token_with_string(&alice, "kept", "never", &["meta_record"]).await;
    let strict = policy(json!({ "expiry_required": true }));
    for path in [
        endpoints::SetTokenPolicy::PATH,
        endpoints::PreviewTokenPolicy::PATH,
    ] {
        let method = match path == endpoints::SetTokenPolicy::PATH {
            true => reqwest::Method::PUT,
            false => reqwest::Method::POST,
        };
        let (status, _) = alice.call(method, path, Some(strict.clone())).await;
        assert_eq!(status, 403, "{path}");
    }
    for bad in [
        policy(json!({ "scopes_allowed": [], "expiry_required": true })),
        policy(json!({ "max_token_lifetime_days": 0, "expiry_required": true })),
    ] {
        let (status, body) = set_policy(&admin, bad.clone()).await;
        assert_eq!(
            (status, &body["code"]),
            (422, &json!("validation_failed")),
            "{bad}"
        );
    }
    let (status, body) = set_policy(&admin, policy(json!({ "scopes_allowed": [] }))).await;
    assert_eq!(body["field"], "scopes_allowed", "{status} {body}");
    let mut missing = strict.clone();
    missing
        .as_object_mut()
        .unwrap()
        .remove("allowlist_required");
    assert_eq!(
        set_policy(&admin, missing).await.0,
        400,
        "the whole policy is sent"
    );
    assert_eq!(meta(&app, &string).await.0, 200, "nothing was saved");
}

#[tokio::test]
async fn a_string_older_than_a_new_maximum_lifetime_stops_at_generated_plus_the_maximum_r26() {
    // Generated 40 days ago on a runtime whose clock is moved back.
    let mut app = TestApp::own().start().await;
    app.set_clock(-40).await;
    let alice = app.portal("alice@demo.example").await;
    let (_, old) = token_with_string(&alice, "old", "never", &["meta_record"]).await;
    app.set_clock(-10).await;
    let alice = app.portal("alice@demo.example").await;
    let (_, recent) = token_with_string(&alice, "recent", "never", &["meta_record"]).await;
    app.set_clock(0).await;
    let admin = app.portal("sysadmin@demo.example").await;
    assert_eq!(
        set_policy(&admin, policy(json!({ "max_token_lifetime_days": 30 })))
            .await
            .0,
        200
    );
    let (status, refused) = meta(&app, &old).await;
    assert_eq!(
        (status, &refused["policy_rule"]),
        (401, &json!("maximum_lifetime")),
        "{refused}"
    );
    // The recent one works, and says when it stops: 20 days from now.
    let answer = app.use_token::<endpoints::Meta>(&recent).await;
    assert_eq!(answer.status(), 200);
    let stops = answer
        .headers()
        .get("tessera-token-expiration")
        .expect("a string that stops says when")
        .to_str()
        .unwrap()
        .to_owned();
    let stops = time::OffsetDateTime::parse(&stops, &time::format_description::well_known::Rfc3339)
        .unwrap();
    let days = (stops - time::OffsetDateTime::now_utc()).whole_days();
    assert!((20..=21).contains(&days), "{days} days");
}
