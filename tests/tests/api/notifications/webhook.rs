//! The organization webhook (R21): deliveries signed with the documented
//! recipe and retried, and who may see and set it.

use super::*;

#[tokio::test]
async fn deliveries_are_signed_with_the_documented_recipe_and_retried_until_they_land() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    // The receiver fails twice, then takes it.
    let receiver = Receiver::start(&[500, 503]).await;
    let set = |url: &str, new_secret: bool| {
        admin
            .request::<endpoints::SetWebhook>(())
            .json(&json!({ "url": url, "new_secret": new_secret }))
    };
    let saved: WebhookSaved = set(&receiver.url, false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let secret = saved
        .signing_secret
        .expect("a new webhook's secret is shown");
    assert!(secret.starts_with("whsec_"));
    let again: WebhookSaved = set(&receiver.url, false)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again.signing_secret, None, "shown once");

    let test = admin
        .request::<endpoints::TestWebhook>(())
        .send()
        .await
        .unwrap();
    assert_eq!(test.status(), 202);
    let deliveries = || async {
        let list: DeliveryList = admin
            .request::<endpoints::WebhookDeliveries>(())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        list.deliveries
    };
    let delivered = eventually(Duration::from_secs(40), "the delivery to land", || async {
        deliveries()
            .await
            .into_iter()
            .next()
            .filter(|d| d.state == DeliveryState::Delivered)
    })
    .await;
    assert_eq!((delivered.attempts, delivered.last_status), (3, Some(204)));

    let received = receiver.received();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert!(verifies(&secret, request), "{:?}", request.headers);
        assert_eq!(request.headers[EVENT_HEADER], "ping");
        assert_eq!(
            request.headers[DELIVERY_HEADER],
            delivered.id.to_string(),
            "every retry names the same delivery"
        );
    }
    // A body changed on the way no longer verifies.
    let mut tampered = received[0].clone();
    tampered.body[2] ^= 1;
    assert!(!verifies(&secret, &tampered));

    // A new secret signs from now on; the old one no longer verifies.
    let renewed: WebhookSaved = set(&receiver.url, true)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let new_secret = renewed.signing_secret.expect("the new secret is shown");
    assert_ne!(new_secret, secret);
    admin
        .request::<endpoints::TestWebhook>(())
        .send()
        .await
        .unwrap();
    eventually(Duration::from_secs(20), "the second delivery", || async {
        (receiver.received().len() == 4).then_some(())
    })
    .await;
    let last = receiver.received().pop().unwrap();
    assert!(verifies(&new_secret, &last) && !verifies(&secret, &last));
}

async fn save_webhook(admin: &Portal<'_>, url: &str) -> WebhookSaved {
    let response = admin
        .request::<endpoints::SetWebhook>(())
        .json(&json!({ "url": url }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn only_system_administrators_see_the_webhook_address_and_a_new_address_gets_a_new_secret() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    let first = Receiver::start(&[]).await;
    let second = Receiver::start(&[]).await;
    let old_secret = save_webhook(&admin, &first.url)
        .await
        .signing_secret
        .expect("a first address gets its secret");

    // Many receivers take the address as their credential.
    let settings = admin.read::<endpoints::GetOrganization>(()).await;
    assert_eq!(settings.webhook_url.as_deref(), Some(first.url.as_str()));
    let response = alice.get::<endpoints::GetOrganization>(()).await;
    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["webhook_url"], Value::Null, "{body}");
    assert!(!body.to_string().contains(&first.url));

    // Another address: a new secret, shown once, and the old one signs nothing.
    let new_secret = save_webhook(&admin, &second.url)
        .await
        .signing_secret
        .expect("a new address gets a new secret");
    assert_ne!(new_secret, old_secret);
    assert_eq!(
        save_webhook(&admin, &second.url).await.signing_secret,
        None,
        "shown once"
    );
    let test = admin.get::<endpoints::TestWebhook>(()).await;
    assert_eq!(test.status(), 202);
    let delivery = eventually(Duration::from_secs(20), "the test delivery", || async {
        second.received().pop()
    })
    .await;
    assert!(verifies(&new_secret, &delivery));
    assert!(!verifies(&old_secret, &delivery));
    assert!(first.received().is_empty());
}

#[tokio::test]
async fn only_system_administrators_set_the_policy_and_the_webhook_and_only_sensible_values() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    let stale = |portal: &tessera_tests::Portal<'_>, days: Value| {
        portal
            .request::<endpoints::SetStaleTokens>(())
            .json(&json!({ "days": days }))
    };
    for days in [json!(29), json!(366), json!(-1)] {
        let response = stale(&admin, days.clone()).send().await.unwrap();
        assert_eq!(response.status(), 422, "{days}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["field"], "days");
    }
    let saved: Value = stale(&admin, json!(90))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(saved["stale_after_days"], 90);
    assert_eq!(
        stale(&admin, Value::Null).send().await.unwrap().status(),
        200,
        "off again"
    );
    assert_eq!(stale(&alice, json!(90)).send().await.unwrap().status(), 403);

    for url in [
        "http://hooks.example.com/x",
        "hooks.example.com",
        "ftp://x.example",
    ] {
        let response = admin
            .request::<endpoints::SetWebhook>(())
            .json(&json!({ "url": url }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 422, "{url}");
    }
    let response = alice
        .request::<endpoints::SetWebhook>(())
        .json(&json!({ "url": "https://hooks.example.com/x" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let response = admin
        .request::<endpoints::TestWebhook>(())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409, "no webhook set yet");
    assert_eq!(
        alice
            .request::<endpoints::WebhookDeliveries>(())
            .send()
            .await
            .unwrap()
            .status(),
        403
    );

    // A notice is its login's own.
    let dismiss = admin
        .request::<endpoints::DismissNotice>(1)
        .send()
        .await
        .unwrap();
    assert_eq!(dismiss.status(), 404);
    // The path the contract gives it, written out.
    assert_eq!(endpoints::DismissNotice::path(1), "/api/notices/1");
}
