//! The token lifecycle through the portal's endpoints (R1–R3, R6, R7, R9, R10).

use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::tokens::{GeneratedToken, TokenStatus, TokenView};
use tessera_tests::{TestApp, fixtures, spawn_app};

async fn code_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

fn edit_body(token: &TokenView, name: &str) -> Value {
    json!({
        "name": name,
        "expiry": token.expiry_on.clone().unwrap_or_else(|| "never".into()),
        "scope": token.scope,
        "version": token.version,
    })
}

#[tokio::test]
async fn the_access_tokens_list_shows_the_logins_live_tokens_r1() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let response = alice.list_tokens(app.demo.alice()).await;
    assert_eq!(response.status(), 200);
    let list: tessera_shared::tokens::TokenPage = response.json().await.unwrap();
    assert_eq!(list.owner.display_name, "Alice Analyst");
    let names: Vec<_> = list.tokens.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Nightly export", "Power BI refresh"]);
    assert!(
        list.tokens
            .iter()
            .all(|t| t.status == TokenStatus::NotGenerated)
    );
    assert_eq!(list.tokens[1].expiry_on.as_deref(), Some("2027-06-30"));
}

#[tokio::test]
async fn create_new_adds_a_not_generated_token_without_any_string_r2() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let response = alice
        .create_token(
            app.demo.alice(),
            "  Quarterly report ",
            "7_days",
            &["report_record"],
        )
        .await;
    assert_eq!(response.status(), 201);
    let token: TokenView = response.json().await.unwrap();
    assert_eq!(token.name, "Quarterly report");
    assert_eq!(token.status, TokenStatus::NotGenerated);
    assert_eq!(token.hint, None);
    assert!(
        token.expiring_soon,
        "7 days is within the expiring-soon window"
    );
    let stored = fixtures::secret_hash(&app.database(), token.id);
    assert_eq!(stored, None, "no token string exists until generated");
    assert_eq!(alice.tokens_of(app.demo.alice()).await.len(), 3);
}

#[tokio::test]
async fn a_duplicate_name_is_refused_but_a_revoked_name_may_be_reused_r2() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let (status, body) = code_of(
        alice
            .create_token(
                app.demo.alice(),
                "Nightly export",
                "never",
                &["meta_record"],
            )
            .await,
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "token_name_taken");
    assert_eq!(body["field"], "name");
    assert!(body["message"].as_str().unwrap().contains("Nightly export"));

    assert_eq!(alice.revoke(app.demo.nightly_export()).await.status(), 204);
    assert_eq!(
        alice
            .create_token(
                app.demo.alice(),
                "Nightly export",
                "never",
                &["meta_record"]
            )
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn invalid_fields_are_refused_with_the_field_named_and_nothing_stored_r2() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let cases = [
        ("", "30_days", vec!["meta_record"], "name"),
        (&*"x".repeat(101), "30_days", vec!["meta_record"], "name"),
        ("Fine", "30_days", vec![], "scope"),
        ("Fine", "2001-01-01", vec!["meta_record"], "expiry"),
        ("Fine", "tomorrow", vec!["meta_record"], "expiry"),
        ("Fine", "2999-01-01", vec!["meta_record"], "expiry"),
    ];
    for (name, expiry, scope, field) in cases {
        let (status, body) = code_of(
            alice
                .create_token(app.demo.alice(), name, expiry, &scope)
                .await,
        )
        .await;
        assert_eq!(status, 422, "{name:?} {expiry} {scope:?}: {body}");
        assert_eq!(body["code"], "validation_failed");
        assert_eq!(body["field"], field);
    }
    let (status, body) = code_of(
        alice
            .create_token(app.demo.alice(), "Fine", "never", &["everything"])
            .await,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_request_body"))
    );
    assert_eq!(
        alice.tokens_of(app.demo.alice()).await.len(),
        2,
        "nothing was added"
    );
}

#[tokio::test]
async fn generate_shows_the_string_once_and_afterwards_only_a_hint_r3() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let response = alice.generate(app.demo.nightly_export()).await;
    assert_eq!(response.status(), 200);
    let generated: GeneratedToken = response.json().await.unwrap();
    assert!(generated.token_string.starts_with("tessera_"));
    assert_eq!(generated.token.status, TokenStatus::Active);
    let hint = generated.token.hint.clone().expect("a hint");
    assert!(
        generated
            .token_string
            .ends_with(hint.trim_start_matches("tessera_…"))
    );

    let listed = alice
        .list_tokens(app.demo.alice())
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !listed.contains(&generated.token_string),
        "the list never holds the string"
    );
    assert!(listed.contains(&hint));
    let stored = fixtures::secret_hash(&app.database(), app.demo.nightly_export())
        .expect("a hash of the string");
    assert_ne!(stored, generated.token_string, "only a hash is stored");
    assert_eq!(stored.len(), 64);
}

#[tokio::test]
async fn generating_again_replaces_the_string_and_the_old_one_stops_at_once_r3() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let first = alice.token_string(app.demo.power_bi_refresh()).await;
    assert_eq!(app.use_token::<endpoints::Meta>(&first).await.status(), 200);
    let second = alice.token_string(app.demo.power_bi_refresh()).await;
    assert_ne!(first, second);
    assert_eq!(app.use_token::<endpoints::Meta>(&first).await.status(), 401);
    assert_eq!(
        app.use_token::<endpoints::Meta>(&second).await.status(),
        200
    );
}

#[tokio::test]
async fn editing_the_name_only_invalidates_the_token_string_r6() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == app.demo.power_bi_refresh())
        .unwrap();

    let response = alice
        .edit(
            app.demo.power_bi_refresh(),
            edit_body(&token, "Power BI refresh (prod)"),
        )
        .await;
    assert_eq!(response.status(), 200);
    let edited: TokenView = response.json().await.unwrap();
    assert_eq!(edited.name, "Power BI refresh (prod)");
    assert_eq!(edited.status, TokenStatus::NotGenerated);
    assert_eq!(edited.hint, None);
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        401,
        "the old string is dead"
    );

    let again = alice.token_string(app.demo.power_bi_refresh()).await;
    assert_eq!(app.use_token::<endpoints::Meta>(&again).await.status(), 200);
}

#[tokio::test]
async fn every_field_can_be_edited_expiry_on_included_r6() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == app.demo.power_bi_refresh())
        .unwrap();
    let body = json!({ "name": "Renamed", "expiry": "never", "scope": ["report_record"], "version": token.version });
    let edited: TokenView = alice
        .edit(app.demo.power_bi_refresh(), body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(edited.expiry_on, None);
    assert_eq!(edited.scope, [tessera_shared::ScopeName::ReportRecord]);
    assert_eq!(edited.version, token.version + 1);
}

#[tokio::test]
async fn a_save_with_no_change_changes_nothing_and_keeps_the_string_r6() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == app.demo.power_bi_refresh())
        .unwrap();
    let response = alice
        .edit(app.demo.power_bi_refresh(), edit_body(&token, &token.name))
        .await;
    assert_eq!(response.status(), 200);
    let unchanged: TokenView = response.json().await.unwrap();
    assert_eq!(unchanged, token);
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200
    );
    let updates =
        fixtures::token_entries_of(&app.database(), app.demo.power_bi_refresh(), "UPDATE");
    assert_eq!(updates, 0, "no UPDATE is logged for a save without change");
}

#[tokio::test]
async fn a_stale_edit_is_refused_never_overwriting_r6() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let opened = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == app.demo.power_bi_refresh())
        .unwrap();
    // Someone else saves first, from the same opened form...
    assert_eq!(
        alice
            .edit(
                app.demo.power_bi_refresh(),
                edit_body(&opened, "First save")
            )
            .await
            .status(),
        200
    );
    // ...then this save, based on the version the form was opened at, must not win.
    let (status, body) = code_of(
        alice
            .edit(
                app.demo.power_bi_refresh(),
                edit_body(&opened, "Second save"),
            )
            .await,
    )
    .await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "edit_conflict");
    let now = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == app.demo.power_bi_refresh())
        .unwrap();
    assert_eq!(now.name, "First save");
}

#[tokio::test]
async fn revoking_is_immediate_and_the_token_is_gone_everywhere_r7() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.nightly_export()).await;
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == app.demo.nightly_export())
        .unwrap();
    assert_eq!(
        app.use_token::<endpoints::Data>(&string).await.status(),
        200
    );

    assert_eq!(alice.revoke(app.demo.nightly_export()).await.status(), 204);
    let response = app.use_token::<endpoints::Data>(&string).await;
    assert_eq!(response.status(), 401, "the very next request fails");
    assert!(
        alice
            .tokens_of(app.demo.alice())
            .await
            .iter()
            .all(|t| t.id != 1),
        "gone from the list"
    );
    for response in [
        alice.generate(app.demo.nightly_export()).await,
        alice
            .edit(app.demo.nightly_export(), edit_body(&token, "x"))
            .await,
        alice.revoke(app.demo.nightly_export()).await,
    ] {
        let (status, body) = code_of(response).await;
        assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    }
}

#[tokio::test]
async fn no_token_can_be_created_for_a_login_that_never_signed_in_r10() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let (status, body) = code_of(
        admin
            .create_token(app.demo.bob(), "For Bob", "30_days", &["meta_record"])
            .await,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "login_not_activated");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Bob Builder has never signed in"),
        "{body}"
    );

    let bob = app.portal("bob@demo.example").await; // bob signs in once
    drop(bob);
    assert_eq!(
        admin
            .create_token(app.demo.bob(), "For Bob", "30_days", &["meta_record"])
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn only_the_admin_role_reaches_another_logins_tokens_r9() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let sam = app.portal("sam@demo.example").await; // system admin without the role
    let admin = app.portal("sysadmin@demo.example").await;

    assert_eq!(alice.list_tokens(app.demo.sys_admin()).await.status(), 403);
    assert_eq!(sam.list_tokens(app.demo.alice()).await.status(), 403);
    assert_eq!(admin.list_tokens(app.demo.alice()).await.status(), 200);
    assert_eq!(sam.generate(app.demo.nightly_export()).await.status(), 403);
    let string = admin.token_string(app.demo.nightly_export()).await; // the admin generates alice's token
    assert_eq!(
        app.use_token::<endpoints::Data>(&string).await.status(),
        200
    );
    let by = fixtures::generated_by(&app.database(), app.demo.nightly_export());
    assert_eq!(by, Some(app.demo.sys_admin()));
}

#[tokio::test]
async fn another_organizations_tokens_do_not_exist_from_here() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let token = other_org_token(&app);
    for response in [
        admin.list_tokens(app.demo.olga()).await,
        admin
            .create_token(app.demo.olga(), "x", "never", &["meta_record"])
            .await,
        admin.generate(app.demo.other_org_integration()).await,
        admin
            .edit(app.demo.other_org_integration(), edit_body(&token, "x"))
            .await,
        admin.revoke(app.demo.other_org_integration()).await,
    ] {
        let (status, body) = code_of(response).await;
        assert_eq!(status, 404, "{body}");
        assert!(
            !body.to_string().contains("Other Org"),
            "nothing of Other Org leaks: {body}"
        );
    }
    let other = app.portal("admin@other.example").await;
    assert_eq!(
        other.tokens_of(app.demo.olga()).await.len(),
        1,
        "still there, untouched"
    );
}

#[tokio::test]
async fn a_login_without_a_token_role_has_no_access_tokens() {
    let app = spawn_app().await;
    let dave = app.portal("dave@demo.example").await;
    let (status, body) = code_of(dave.list_tokens(dave.login_id).await).await;
    assert_eq!(status, 403);
    assert_eq!(body["code"], "forbidden");
}

#[tokio::test]
async fn token_changes_need_the_csrf_token() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let response = alice
        .client
        .post(app.url(&endpoints::GenerateToken::path(app.demo.nightly_export())))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = alice
        .client
        .delete(app.url(&endpoints::EditToken::path(app.demo.nightly_export())))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    assert_eq!(
        alice.tokens_of(app.demo.alice()).await.len(),
        2,
        "nothing was revoked"
    );
}

/// What an edit form would send for Other Org's token, if one could open it.
fn other_org_token(app: &TestApp) -> TokenView {
    TokenView {
        id: app.demo.other_org_integration(),
        owner_login_id: app.demo.olga(),
        name: "x".into(),
        scope: vec![tessera_shared::ScopeName::MetaRecord],
        expiry_on: None,
        status: TokenStatus::NotGenerated,
        blocked_by: None,
        expiring_soon: false,
        hint: None,
        created_at: String::new(),
        created_by: String::new(),
        updated_at: String::new(),
        generated_at: None,
        last_used_at: None,
        version: 1,
        self_rotation: false,
        rotation: None,
        allowed_addresses: Vec::new(),
        report_patterns: Vec::new(),
        approval: None,
    }
}
