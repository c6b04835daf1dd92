//! Rules that hold when requests race or names are made to look alike
//! (R2, R3, R16).

use super::*;

#[tokio::test]
async fn administrators_removing_each_other_at_once_always_leave_one_r16() {
    // Other Org gets eight enabled system administrators, and each one, at
    // the same moment, removes the next one's administrator status (the
    // last one disables the first).
    let app = TestApp::own()
        .seed(|db, demo| fixtures::add_system_admins(db, demo.olga(), 7, "other.example"))
        .start()
        .await;
    let emails: Vec<String> = std::iter::once("admin@other.example".to_owned())
        .chain((1..8).map(|i| format!("admin{i}@other.example")))
        .collect();
    let mut admins = Vec::new();
    for email in &emails {
        admins.push(app.portal(email).await);
    }
    let ids: Vec<i64> = admins.iter().map(|admin| admin.login_id).collect();
    let changes = admins.iter().enumerate().map(|(i, admin)| {
        let target = ids[(i + 1) % ids.len()];
        let change = if i == ids.len() - 1 {
            "disable"
        } else {
            "remove_system_admin"
        };
        async move {
            admin
                .call(
                    reqwest::Method::POST,
                    &endpoints::ChangeLogin::path(target),
                    Some(json!({ "change": change })),
                )
                .await
        }
    });
    let answers = join_all(changes).await;

    let remaining = fixtures::enabled_system_admins(&app.database(), app.demo.other_org());
    println!("8 administrators removing each other at once: {remaining} left");
    assert!(
        remaining >= 1,
        "no enabled system administrator left: {answers:?}"
    );
    let applied = answers.iter().filter(|(status, _)| *status == 204).count() as i64;
    assert_eq!(applied, 8 - remaining, "{answers:?}");
    for (status, body) in answers.iter().filter(|(status, _)| *status != 204) {
        assert!(
            [401, 403, 409].contains(status),
            "refused as the last administrator (409), as no longer one (403), or signed out \
             by being disabled (401): {status} {body}"
        );
    }
}

#[tokio::test]
async fn generating_a_token_beyond_the_maximum_lifetime_is_refused_until_it_is_edited_r3_r16() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    // Token 1, "Nightly export", never expires; then a maximum is set.
    let (status, body) = admin
        .call(
            reqwest::Method::PUT,
            endpoints::SetTokenPolicy::PATH,
            Some(tessera_tests::bodies::lifetime_policy(json!(30))),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let refused = alice.generate(app.demo.nightly_export()).await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(body["field"], "expiry");
    assert!(
        body["message"].as_str().unwrap().contains("30 days"),
        "names the limit: {body}"
    );

    let current: Value = alice
        .list_tokens(app.demo.alice())
        .await
        .json()
        .await
        .unwrap();
    let version = current["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == app.demo.nightly_export())
        .unwrap()["version"]
        .clone();
    let edited = alice
        .edit(
            app.demo.nightly_export(),
            json!({ "name": "Nightly export", "expiry": "30_days", "scope": ["report_record"], "version": version }),
        )
        .await;
    assert_eq!(edited.status(), 200);
    assert_eq!(
        alice.generate(app.demo.nightly_export()).await.status(),
        200,
        "within the maximum now"
    );
}

async fn create(alice: &Portal<'_>, name: &str) -> (u16, Value) {
    let response = alice
        .create_token(alice.login_id, name, "30_days", &["meta_record"])
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn names_that_look_the_same_are_the_same_name_r2_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;

    assert_eq!(create(&alice, "Weekly sync").await.0, 201);
    let (status, body) = create(&alice, "weekly SYNC").await;
    assert_eq!(status, 409, "case does not make a new name: {body}");
    assert_eq!(body["code"], "token_name_taken");

    let (status, body) = create(&alice, "Cafe\u{301} feed").await;
    assert_eq!(status, 201);
    assert_eq!(body["name"], "Caf\u{e9} feed", "stored composed (NFC)");
    assert_eq!(create(&alice, "Caf\u{e9} feed").await.0, 409);

    for name in [
        "pay\u{202E}lortxt",
        "night\u{200B}ly",
        "\u{2066}hidden\u{2069}",
    ] {
        let (status, body) = create(&alice, name).await;
        assert_eq!(status, 422, "{name:?}: {body}");
        assert_eq!(body["field"], "name");
    }
    let live = fixtures::live_tokens_of(&app.database(), app.demo.alice());
    assert_eq!(live, 4, "alice's two demo tokens and the two accepted ones");
}
