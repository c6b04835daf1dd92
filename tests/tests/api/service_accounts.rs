//! Service accounts (R28): token admins create logins no person owns; they
//! never sign in, their tokens outlive the people who made them, and
//! disabling the account stops every one of its tokens at once.

use std::time::Duration;

use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::logins::{LoginList, LoginRow};
use tessera_shared::service_accounts::LoginKind;
use tessera_tests::{Portal, TestApp, eventually, spawn_app};

async fn create(portal: &Portal<'_>, body: Value) -> (u16, Value) {
    let response = portal
        .request::<endpoints::CreateServiceAccount>(())
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A service account of the demo organization listing alice as its contact.
async fn nightly_loader(app: &TestApp, admin: &Portal<'_>) -> LoginRow {
    let (status, body) = create(
        admin,
        json!({"display_name": "Nightly loader", "description": "Loads meter data for Finance",
               "contact_login_ids": [app.demo.alice()]}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    serde_json::from_value(body).unwrap()
}

async fn change(portal: &Portal<'_>, login_id: i64, change: &str) -> (u16, Value) {
    let response = portal
        .request::<endpoints::ChangeLogin>(login_id)
        .json(&json!({ "change": change }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn token_of(admin: &Portal<'_>, account: i64, name: &str) -> (i64, String) {
    let created = admin
        .create_token(account, name, "30_days", &["meta_record"])
        .await;
    assert_eq!(created.status(), 201, "creating {name}");
    let created: tessera_shared::tokens::TokenView = created.json().await.unwrap();
    (created.id, admin.token_string(created.id).await)
}

#[tokio::test]
async fn a_token_admin_creates_a_service_account_whose_tokens_work_at_once_r28() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let account = nightly_loader(&app, &admin).await;
    assert_eq!(account.kind, LoginKind::Service);
    assert_eq!(
        account.description.as_deref(),
        Some("Loads meter data for Finance")
    );
    assert_eq!(account.contacts.len(), 1);
    assert_eq!(account.contacts[0].id, app.demo.alice());
    assert!(account.activated_at.is_some(), "activated when created");
    assert!(
        !(account.system_admin || account.personal_token_role || account.token_admin_role),
        "no role"
    );
    assert!(account.email.ends_with(".invalid"), "{}", account.email);

    let (token, string) = token_of(&admin, account.id, "Meter upload").await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200
    );

    // Listed with its badge's kind, in Contacts & Logins and the inventory.
    let list: LoginList = admin.read::<endpoints::ListLogins>(()).await;
    let listed = list.logins.iter().find(|l| l.id == account.id).unwrap();
    assert_eq!((listed.kind, listed.token_count), (LoginKind::Service, 1));
    let inventory: tessera_shared::inventory::InventoryPage = admin
        .get_with_query::<endpoints::Inventory>((), "page_size=200")
        .await
        .json()
        .await
        .unwrap();
    let row = inventory
        .rows
        .iter()
        .find(|row| row.token.id == token)
        .unwrap();
    assert_eq!(
        (row.owner_name.as_str(), row.owner_kind),
        ("Nightly loader", LoginKind::Service)
    );
}

#[tokio::test]
async fn only_a_token_admin_creates_one_and_bad_fields_change_nothing_r28() {
    let app = spawn_app().await;
    let sam = app.portal("sam@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    let body = json!({"display_name": "Loader", "description": "Loads"});
    assert_eq!(
        create(&sam, body.clone()).await.0,
        403,
        "a system administrator without the role"
    );
    assert_eq!(create(&alice, body).await.0, 403);

    let admin = app.portal("sysadmin@demo.example").await;
    let before = admin.read::<endpoints::ListLogins>(()).await.logins.len();
    let other_org = app.demo.olga();
    for (body, field) in [
        (
            json!({"display_name": " ", "description": "Loads"}),
            "display_name",
        ),
        (
            json!({"display_name": "Loader", "description": ""}),
            "description",
        ),
        (
            json!({"display_name": "Loader", "description": "x".repeat(501)}),
            "description",
        ),
        (
            json!({"display_name": "Loader", "description": "Loads", "contact_login_ids": [other_org]}),
            "contact_login_ids",
        ),
        (
            json!({"display_name": "Loader", "description": "Loads", "contact_login_ids": (1..=11).collect::<Vec<i64>>()}),
            "contact_login_ids",
        ),
    ] {
        let (status, answer) = create(&admin, body.clone()).await;
        assert_eq!(
            (status, answer["field"].as_str()),
            (422, Some(field)),
            "{body}: {answer}"
        );
    }
    // A service account cannot be another's contact.
    let first = nightly_loader(&app, &admin).await;
    let (status, answer) = create(
        &admin,
        json!({"display_name": "Second", "description": "Loads", "contact_login_ids": [first.id]}),
    )
    .await;
    assert_eq!(
        (status, answer["field"].as_str()),
        (422, Some("contact_login_ids"))
    );
    let after = admin.read::<endpoints::ListLogins>(()).await.logins.len();
    assert_eq!(after, before + 1, "only the valid one was added");

    // Editing: its fields change; a person's login is not a service account.
    let edited = admin
        .request::<endpoints::EditServiceAccount>(first.id)
        .json(&json!({"display_name": "Night loader", "description": "Loads meters", "contact_login_ids": []}))
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);
    let edited: LoginRow = edited.json().await.unwrap();
    assert_eq!(
        (edited.display_name.as_str(), edited.contacts.len()),
        ("Night loader", 0)
    );
    let person = admin
        .request::<endpoints::EditServiceAccount>(app.demo.alice())
        .json(&json!({"display_name": "Robot", "description": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(person.status(), 404);
}

#[tokio::test]
async fn a_service_account_never_signs_in_nor_authenticates_with_basic_r28() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    assert_eq!(
        admin
            .request::<endpoints::SetBasicAuth>(())
            .json(&json!({"enabled": true}))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let account = nightly_loader(&app, &admin).await;
    for password in ["", "correct-horse-battery", "x"] {
        let response = app
            .new_client()
            .post(app.url(endpoints::SignIn::PATH))
            .json(&json!({"email": account.email, "password": password}))
            .send()
            .await
            .unwrap();
        assert!(
            [401, 422].contains(&response.status().as_u16()),
            "{password:?}: {}",
            response.status()
        );
        let basic = app
            .script_client()
            .get(app.url(endpoints::Meta::PATH))
            .basic_auth(&account.email, Some(password))
            .send()
            .await
            .unwrap();
        assert_eq!(basic.status(), 401, "{password:?}");
    }
    // No role and no session to end: only disabling and enabling apply.
    for asked in [
        "add_personal_role",
        "make_system_admin",
        "sign_out_everywhere",
    ] {
        let (status, body) = change(&admin, account.id, asked).await;
        assert_eq!(
            (status, body["code"].as_str()),
            (422, Some("not_for_service_accounts")),
            "{asked}"
        );
    }
    let list: LoginList = admin.read::<endpoints::ListLogins>(()).await;
    let listed = list.logins.iter().find(|l| l.id == account.id).unwrap();
    assert!(
        !listed.personal_token_role && !listed.system_admin,
        "nothing changed"
    );
}

#[tokio::test]
async fn its_tokens_outlive_their_maker_and_stop_together_when_it_is_disabled_r28() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    // Sam becomes a token admin, makes the account and its tokens, then is disabled.
    assert_eq!(
        change(&admin, app.demo.sam(), "add_admin_role").await.0,
        204
    );
    let sam = app.portal("sam@demo.example").await;
    let account = nightly_loader(&app, &sam).await;
    let (_, first) = token_of(&sam, account.id, "Meter upload").await;
    let (_, second) = token_of(&sam, account.id, "Meter check").await;
    assert_eq!(change(&admin, app.demo.sam(), "disable").await.0, 204);
    for string in [&first, &second] {
        assert_eq!(app.use_token::<endpoints::Meta>(string).await.status(), 200);
    }

    // Disabled at once by many administrators' requests in parallel: each
    // answered, every token stopped.
    let disables =
        futures_util::future::join_all((0..8).map(|_| change(&admin, account.id, "disable"))).await;
    assert!(
        disables
            .iter()
            .all(|(status, _)| [204, 409].contains(status)),
        "{disables:?}"
    );
    assert!(disables.iter().any(|(status, _)| *status == 204));
    for string in [&first, &second] {
        let refused = app.use_token::<endpoints::Meta>(string).await;
        assert_eq!(refused.status(), 401);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["reason"], "owner_disabled", "{body}");
    }
    assert_eq!(change(&admin, account.id, "enable").await.0, 204);
    assert_eq!(app.use_token::<endpoints::Meta>(&first).await.status(), 200);
}

#[tokio::test]
async fn warnings_about_its_tokens_reach_its_contacts_and_the_token_admins_r28() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let account = nightly_loader(&app, &admin).await;
    let created = admin
        .request::<endpoints::CreateToken>(account.id)
        .json(&json!({"name": "Self-renewing loader", "expiry": "30_days",
            "scope": ["meta_record"], "self_rotation": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: tessera_shared::tokens::TokenView = created.json().await.unwrap();
    let string = admin.token_string(created.id).await;
    let rotated = app
        .script_client()
        .post(app.url(endpoints::RotateSelf::PATH))
        .bearer_auth(&string)
        .json(&json!({"grace": "1h"}))
        .send()
        .await
        .unwrap();
    assert_eq!(rotated.status(), 200);

    // The contact's notice, and the contact's and the admin's emails; none
    // to the account's own identifier, which no one reads.
    let alice = app.portal("alice@demo.example").await;
    let notices = alice.notices().await;
    assert!(
        notices
            .iter()
            .any(|n| n.contains("“Self-renewing loader” rotated itself")),
        "{notices:?}"
    );
    let (contact, token_admin) = (
        app.email("alice@demo.example"),
        app.email("sysadmin@demo.example"),
    );
    let recipients = [contact.clone(), token_admin.clone(), account.email.clone()];
    let sent = eventually(Duration::from_secs(30), "both emails", || async {
        let sent: Vec<_> = app
            .sent_emails(&recipients)
            .into_iter()
            .filter(|email| email.subject.contains("Self-renewing loader"))
            .collect();
        (sent.len() >= 2).then_some(sent)
    })
    .await;
    let mut to: Vec<_> = sent.iter().map(|email| email.to.clone()).collect();
    to.sort();
    let mut expected = vec![contact, token_admin];
    expected.sort();
    assert_eq!(to, expected, "never to {}", account.email);
}
