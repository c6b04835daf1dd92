//! Contacts & Logins and the role rules (R8, R9, R10).

use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::logins::LoginList;
use tessera_tests::{Portal, spawn_app};

async fn change(portal: &Portal<'_>, login_id: i64, change: &str) -> (u16, Value) {
    let response = portal
        .client
        .post(portal.app.url(&endpoints::ChangeLogin::path(login_id)))
        .header("x-csrf-token", &portal.csrf_token)
        .json(&json!({ "change": change }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn logins(portal: &Portal<'_>, query: &str) -> reqwest::Response {
    portal
        .get_with_query::<endpoints::ListLogins>((), query)
        .await
}

async fn login_list(portal: &Portal<'_>) -> LoginList {
    let response = logins(portal, "").await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn system_administrators_see_their_organizations_logins_only() {
    let app = spawn_app().await;
    let sam = app.portal("sam@demo.example").await;
    let list = login_list(&sam).await;
    let emails: Vec<_> = list.logins.iter().map(|l| l.email.as_str()).collect();
    assert_eq!(emails.len(), 5);
    assert!(!emails.contains(&"admin@other.example"));
    let alice = list
        .logins
        .iter()
        .find(|l| l.id == app.demo.alice())
        .unwrap();
    assert_eq!(
        (
            alice.token_count,
            alice.personal_token_role,
            alice.token_admin_role
        ),
        (2, true, false)
    );
    let bob = list
        .logins
        .iter()
        .find(|l| l.email == app.email("bob@demo.example"))
        .unwrap();
    assert_eq!(bob.activated_at, None, "bob is not activated");

    let searched: LoginList = logins(&sam, "search=ALI").await.json().await.unwrap();
    assert_eq!(searched.logins.len(), 1);
    let alice_portal = app.portal("alice@demo.example").await;
    assert_eq!(
        logins(&alice_portal, "").await.status(),
        403,
        "not a system administrator"
    );
}

#[tokio::test]
async fn the_admin_role_is_refused_to_a_login_that_is_not_a_system_administrator_r8() {
    let app = spawn_app().await;
    let sam = app.portal("sam@demo.example").await;
    let (status, body) = change(&sam, app.demo.dave(), "add_admin_role").await;
    assert_eq!(status, 422);
    assert_eq!(body["code"], "admin_role_requires_system_admin");
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Dave Developer is not one"),
        "{body}"
    );
    let dave = login_list(&sam)
        .await
        .logins
        .into_iter()
        .find(|l| l.id == app.demo.dave())
        .unwrap();
    assert!(!dave.token_admin_role, "nothing changed");
}

#[tokio::test]
async fn a_system_administrator_gives_himself_the_role_and_then_manages_others_tokens_r8_r9() {
    let app = spawn_app().await;
    let sam = app.portal("sam@demo.example").await;
    assert_eq!(
        sam.list_tokens(app.demo.alice()).await.status(),
        403,
        "not yet"
    );
    assert_eq!(change(&sam, app.demo.sam(), "add_admin_role").await.0, 204);
    assert_eq!(
        sam.list_tokens(app.demo.alice()).await.status(),
        200,
        "the role takes effect at once"
    );
    let session: tessera_shared::SessionInfo = sam
        .client
        .get(app.url(endpoints::GetSession::PATH))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(session.login.token_admin_role);
}

#[tokio::test]
async fn losing_system_administrator_loses_the_admin_role_in_the_same_change_r8() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    assert_eq!(
        change(&admin, app.demo.sam(), "add_admin_role").await.0,
        204
    );
    assert_eq!(
        change(&admin, app.demo.sam(), "remove_system_admin")
            .await
            .0,
        204
    );
    let sam = login_list(&admin)
        .await
        .logins
        .into_iter()
        .find(|l| l.id == app.demo.sam())
        .unwrap();
    assert!(!sam.system_admin && !sam.token_admin_role);
}

#[tokio::test]
async fn only_system_administrators_change_logins_and_never_across_organizations() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    assert_eq!(
        change(&alice, app.demo.dave(), "add_personal_role").await.0,
        403
    );
    let admin = app.portal("sysadmin@demo.example").await;
    let (status, body) = change(&admin, app.demo.olga(), "disable").await;
    assert_eq!(status, 404);
    assert!(!body.to_string().contains("Other"), "{body}");
    let (status, _) = change(&admin, app.demo.sys_admin(), "disable").await;
    assert_eq!(status, 403, "nobody disables their own login");
}

#[tokio::test]
async fn the_last_enabled_system_administrator_cannot_be_removed() {
    let app = spawn_app().await;
    let other = app.portal("admin@other.example").await;
    let (status, body) = change(&other, app.demo.olga(), "remove_system_admin").await;
    assert_eq!(status, 409);
    assert_eq!(body["code"], "last_system_admin");
}

#[tokio::test]
async fn a_disabled_logins_tokens_stop_at_once_and_work_again_when_enabled() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    let admin = app.portal("sysadmin@demo.example").await;
    assert_eq!(change(&admin, app.demo.alice(), "disable").await.0, 204);
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        401
    );
    assert_eq!(
        alice.list_tokens(app.demo.alice()).await.status(),
        401,
        "the disabled login's session is refused"
    );
    assert_eq!(
        app.sign_in_with(
            &app.new_client(),
            "alice@demo.example",
            tessera_tests::DEMO_PASSWORD
        )
        .await
        .status(),
        401,
        "refused like a wrong password: the answer never confirms a password (R16)"
    );
    assert_eq!(change(&admin, app.demo.alice(), "enable").await.0, 204);
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200,
        "valid again once enabled"
    );
}

#[tokio::test]
async fn an_unknown_change_is_a_clear_400() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let (status, body) = change(&admin, app.demo.dave(), "make_emperor").await;
    assert_eq!(status, 400);
    assert_eq!(body["code"], "invalid_request_body");
}
