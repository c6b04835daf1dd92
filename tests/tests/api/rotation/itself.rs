//! A token rotating itself (R19): with its current string only, its owner
//! told through every channel, a bounded number of strings a day.

use super::*;

#[tokio::test]
async fn a_token_allowed_to_rotate_itself_does_with_its_current_string_only() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let created = alice
        .request::<endpoints::CreateToken>(app.demo.alice())
        .json(&json!({"name": "Self-renewing job", "expiry": "30_days",
            "scope": ["report_record"], "self_rotation": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: tessera_shared::tokens::TokenView = created.json().await.unwrap();
    assert!(created.self_rotation);
    let first = alice.token_string(created.id).await;

    let response = rotate_self(&app, &first, "1h").await;
    assert_eq!(response.status(), 200);
    let rotated: RotatedToken = response.json().await.unwrap();
    let until = seconds_of(&rotated.previous_string_works_until);
    assert!((until - (now() + 3_600)).abs() < 120);
    assert_eq!(app.use_token::<endpoints::Data>(&first).await.status(), 200);

    // The previous string, still in its overlap, may not rotate again.
    let (status, _) = reason(rotate_self(&app, &first, "1h").await).await;
    assert_eq!(status, 403);
    assert_eq!(
        app.use_token::<endpoints::Data>(&rotated.token_string)
            .await
            .status(),
        200
    );

    let entries = rotations(&alice, app.demo.alice(), created.id).await;
    assert_eq!(entries[0].0, "The token itself", "{entries:?}");

    // A token not allowed to, and no token at all.
    let other = alice.token_string(app.demo.power_bi_refresh()).await;
    let response = rotate_self(&app, &other, "1h").await;
    assert_eq!(response.status(), 403);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("not allowed"),
        "{body}"
    );
    assert_eq!(app.use_token::<endpoints::Meta>(&other).await.status(), 200);
    let none = app
        .script_client()
        .post(app.url(endpoints::RotateSelf::PATH))
        .json(&json!({"grace": "1h"}))
        .send()
        .await
        .unwrap();
    assert_eq!(reason(none).await, (401, json!("missing")));
}

/// A new token of alice's allowed to rotate itself, with a string: (id, string).
async fn self_rotating(alice: &Portal<'_>, name: &str) -> (i64, String) {
    let created = alice
        .request::<endpoints::CreateToken>(alice.login_id)
        .json(&json!({"name": name, "expiry": "30_days",
            "scope": ["meta_record"], "self_rotation": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: tessera_shared::tokens::TokenView = created.json().await.unwrap();
    (created.id, alice.token_string(created.id).await)
}

#[tokio::test]
async fn a_token_rotating_itself_tells_its_owner_through_every_channel() {
    let app = spawn_app().await;
    let receiver = Receiver::start(&[]).await;
    let admin = app.portal("sysadmin@demo.example").await;
    let saved = admin
        .request::<endpoints::SetWebhook>(())
        .json(&json!({ "url": receiver.url, "new_secret": false }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let alice = app.portal("alice@demo.example").await;
    let (token, string) = self_rotating(&alice, "Self-renewing job").await;

    let rotated: RotatedToken = rotate_self(&app, &string, "1h").await.json().await.unwrap();

    let mut notices = alice.notices().await;
    notices.retain(|notice| notice.contains("rotated itself"));
    assert_eq!(notices.len(), 1, "one notice: {notices:?}");
    assert!(
        notices[0].contains("“Self-renewing job” rotated itself")
            && notices[0].contains(&rotated.previous_string_works_until),
        "{notices:?}"
    );
    let owner = app.email("alice@demo.example");
    let emails = eventually(Duration::from_secs(30), "the owner's email", || async {
        let sent = app.sent_emails(std::slice::from_ref(&owner));
        (!sent.is_empty()).then_some(sent)
    })
    .await;
    assert!(
        emails[0]
            .subject
            .contains("“Self-renewing job” rotated itself"),
        "{emails:?}"
    );
    assert!(
        !emails[0].text.contains(&rotated.token_string),
        "never a token string"
    );
    let delivery = eventually(Duration::from_secs(30), "the webhook delivery", || async {
        receiver.received().into_iter().find(|request| {
            request.headers.get(EVENT_HEADER).map(String::as_str) == Some("token.rotated")
        })
    })
    .await;
    let body: Value = serde_json::from_slice(&delivery.body).unwrap();
    assert_eq!(body["token"]["id"], token);
    assert_eq!(
        body["previous_string_works_until"],
        rotated.previous_string_works_until.as_str()
    );
    assert!(!String::from_utf8_lossy(&delivery.body).contains("tessera_"));
}

#[tokio::test]
async fn a_token_gets_at_most_24_strings_a_day_when_it_rotates_itself() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let (_, mut string) = self_rotating(&alice, "Busy rotator").await;
    // Generated once, then 23 rotations of itself: 24 strings today.
    for _ in 0..23 {
        let response = rotate_self(&app, &string, "1h").await;
        assert_eq!(response.status(), 200);
        string = response.json::<RotatedToken>().await.unwrap().token_string;
    }
    let response = rotate_self(&app, &string, "1h").await;
    assert_eq!(response.status(), 429);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "too_many_attempts");
    assert!(
        body["message"].as_str().unwrap().contains("24 new strings"),
        "{body}"
    );
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200,
        "the current string keeps working"
    );
}
