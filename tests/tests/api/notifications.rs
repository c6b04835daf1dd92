//! Warnings through every channel (R18, R21): the daily Cron Trigger warns
//! about tokens reaching 30, 7 and 1 days before Expiry On and about unused
//! tokens before the stale-token policy revokes them; portal notices, emails
//! through the runtime's send_email binding, and the organization webhook,
//! signed and retried.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::future::join_all;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::notices::{
    DELIVERY_HEADER, DeliveryList, DeliveryState, EVENT_HEADER, SIGNATURE_HEADER, WebhookSaved,
};
use tessera_tests::receiver::{Received, Receiver};
use tessera_tests::{Demo, Portal, TestApp, eventually, fixtures, known_token_string, spawn_app};

/// The ids of the tokens `alice_token` adds (demo ids, as `Demo::id` takes).
const TOMORROW: i64 = 10;
const FIVE_DAYS: i64 = 11;
const FAR_AWAY: i64 = 12;
const NO_STRING: i64 = 13;
const MADE_YESTERDAY: i64 = 10;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Today plus `days`, as SQLite writes a date, in UTC.
fn day(days: i64) -> String {
    let date = time::OffsetDateTime::from_unix_timestamp(now() + days * 86_400)
        .unwrap()
        .date();
    tessera_shared::expiry::format_date(date)
}

/// The documented recipe: `sha256=` and the hex HMAC-SHA256 of the exact
/// body, keyed with the signing secret's text.
fn verifies(secret: &str, received: &Received) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(&received.body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    received.headers.get(SIGNATURE_HEADER) == Some(&format!("sha256={expected}"))
}

async fn notices(app: &TestApp, email: &str) -> Vec<String> {
    app.portal(email).await.notices().await
}

/// A token of alice's with Meta Record, expiring on `expiry_on`, made at
/// `created_at`, with the string `known_token_string(seed)` if given.
fn alice_token(
    db: &rusqlite::Connection,
    demo: &Demo,
    (id, name): (i64, &str),
    expiry_on: &str,
    seed: Option<u8>,
    created_at: i64,
) {
    let hash = seed.map(|seed| known_token_string(seed).1);
    fixtures::add_token(
        db,
        &fixtures::SeededToken {
            id: Some(demo.id(id)),
            organization: demo.demo_org(),
            owner: demo.alice(),
            name,
            scope_meta: true,
            scope_report: false,
            expiry_on: Some(expiry_on),
            secret_hash: hash.as_deref(),
            created_at,
            created_by: demo.alice(),
        },
    );
}

#[tokio::test]
async fn the_daily_trigger_warns_once_per_token_and_threshold_through_every_channel() {
    let receiver = Receiver::start(&[]).await;
    let (_, nightly) = known_token_string(31);
    let (_, power_bi) = known_token_string(32);
    let (_, other) = known_token_string(33);
    let app = TestApp::own()
        .seed(|db, demo| {
            for (token, expiry_on, hash) in [
                (demo.nightly_export(), day(7), &nightly),
                (demo.power_bi_refresh(), day(30), &power_bi),
                (demo.other_org_integration(), day(7), &other),
            ] {
                fixtures::set_expiry_on(db, token, &expiry_on);
                fixtures::give_string(db, token, hash);
            }
            alice_token(db, demo, (TOMORROW, "Tomorrow"), &day(1), Some(34), now());
            alice_token(db, demo, (FIVE_DAYS, "Five days"), &day(5), Some(35), now());
            alice_token(db, demo, (FAR_AWAY, "Far away"), &day(45), Some(36), now());
            // No string: nothing uses it, nobody is warned.
            alice_token(db, demo, (NO_STRING, "No string"), &day(7), None, 0);
            fixtures::set_webhook(db, demo.demo_org(), &receiver.url);
        })
        .start()
        .await;

    // Twice at once, then once more.
    join_all((0..2).map(|_| app.run_scheduled())).await;
    app.run_scheduled().await;

    let db = app.database();
    let mut claimed = fixtures::warnings(&db);
    claimed.sort();
    let expected: Vec<(i64, String)> = [
        (app.demo.nightly_export(), "expiry_7"),
        (app.demo.power_bi_refresh(), "expiry_30"),
        (app.demo.other_org_integration(), "expiry_7"),
        (app.demo.id(TOMORROW), "expiry_1"),
        (app.demo.id(FIVE_DAYS), "expiry_7"),
    ]
    .into_iter()
    .map(|(id, kind)| (id, kind.to_owned()))
    .collect();
    assert_eq!(
        claimed, expected,
        "the nearest threshold each token reached"
    );

    // The owner's notices in the portal.
    let alice_notices = notices(&app, "alice@demo.example").await;
    assert_eq!(alice_notices.len(), 4, "{alice_notices:#?}");
    assert!(
        alice_notices
            .iter()
            .any(|n| n.contains("“Tomorrow”") && n.contains("tomorrow"))
    );
    assert!(alice_notices.iter().any(|n| n.contains("in 30 days")));
    assert_eq!(notices(&app, "admin@other.example").await.len(), 1);

    // Emails to the owner and to the token admins, each once.
    let recipients = [
        app.email("alice@demo.example"),
        app.email("sysadmin@demo.example"),
        app.email("admin@other.example"),
    ];
    eventually(
        Duration::from_secs(30),
        "every email to be sent",
        || async { (app.sent_emails(&recipients).len() >= 9).then_some(()) },
    )
    .await;
    // Wait as long again: no email comes twice.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let emails = app.sent_emails(&recipients);
    assert_eq!(
        emails.len(),
        9,
        "4 to alice, 4 to the token admin, 1 to olga: {emails:#?}"
    );
    for email in &emails {
        assert!(!email.text.contains("tessera_"), "never a token string");
        assert!(email.text.contains("Tessera never sends token strings"));
    }
    let alice_subjects: Vec<&str> = emails
        .iter()
        .filter(|e| e.to == recipients[0])
        .map(|e| e.subject.as_str())
        .collect();
    for expected in [
        "“Nightly export” expires in 7 days",
        "“Power BI refresh” expires in 30 days",
        "“Tomorrow” expires tomorrow",
        "“Five days” expires in 5 days",
    ] {
        assert_eq!(
            alice_subjects
                .iter()
                .filter(|s| s.contains(expected))
                .count(),
            1,
            "{expected}: {alice_subjects:#?}"
        );
    }

    // The webhook: one delivery per warning of the organization.
    eventually(Duration::from_secs(30), "the deliveries", || async {
        (receiver.received().len() >= 4).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut days_left: Vec<i64> = receiver
        .received()
        .iter()
        .map(|request| {
            assert_eq!(request.headers[EVENT_HEADER], "token.expiring");
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            body["days_left"].as_i64().unwrap()
        })
        .collect();
    days_left.sort();
    assert_eq!(days_left, vec![1, 5, 7, 30]);
}

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

/// The policy's REVOKE entries so far: token, by whom.
fn policy_revocations(app: &TestApp) -> Vec<(i64, String)> {
    fixtures::all_revocations(&app.database())
}

#[tokio::test]
async fn the_stale_token_policy_warns_a_week_ahead_then_revokes_once() {
    let (stale, stale_hash) = known_token_string(41);
    let (_, warned_hash) = known_token_string(42);
    // Already past the 30 days when the run first sees it (the policy was
    // just turned on), and reaching them in a week.
    let long_ago = now() - 40 * 86_400;
    let while_ago = now() - 23 * 86_400;
    let mut app = TestApp::own()
        .seed(|db, demo| {
            fixtures::give_string(db, demo.nightly_export(), &stale_hash);
            fixtures::set_last_used(db, demo.nightly_export(), long_ago);
            fixtures::give_string(db, demo.power_bi_refresh(), &warned_hash);
            fixtures::set_last_used(db, demo.power_bi_refresh(), while_ago);
            let yesterday = now() - 86_400;
            alice_token(
                db,
                demo,
                (MADE_YESTERDAY, "Made yesterday"),
                &day(60),
                Some(43),
                yesterday,
            );
        })
        .start()
        .await;
    let response = app
        .portal("sysadmin@demo.example")
        .await
        .request::<endpoints::SetStaleTokens>(())
        .json(&json!({ "days": 30 }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "the policy turned on");
    join_all((0..2).map(|_| app.run_scheduled())).await;
    app.run_scheduled().await;

    // Warned, each once, with the day a week from now; nothing revoked.
    assert_eq!(
        policy_revocations(&app),
        vec![],
        "no revocation without a week's warning"
    );
    let warned = fixtures::warnings_of_kind(&app.database(), "stale_7");
    assert_eq!(
        warned,
        vec![
            (app.demo.nightly_export(), day(7)),
            (app.demo.power_bi_refresh(), day(7))
        ]
    );
    let alice = notices(&app, "alice@demo.example").await;
    assert_eq!(alice.len(), 2, "{alice:#?}");
    for name in ["“Nightly export”", "“Power BI refresh”"] {
        assert!(
            alice
                .iter()
                .any(|n| n.contains(name) && n.contains(&day(7))),
            "{name}: {alice:#?}"
        );
    }
    let recipients = [app.email("alice@demo.example")];
    let subjects = eventually(Duration::from_secs(30), "the warning emails", || async {
        let sent = app.sent_emails(&recipients);
        (sent.len() >= 2).then_some(sent)
    })
    .await;
    assert!(
        subjects.iter().all(|e| e
            .subject
            .contains(&format!("will be revoked on {}", day(7)))),
        "{subjects:#?}"
    );

    // The day before the date: still nothing.
    app.set_clock(6).await;
    app.run_scheduled().await;
    assert_eq!(policy_revocations(&app), vec![]);

    // On the date: both revoked, once each, however often the run goes.
    app.set_clock(7).await;
    join_all((0..2).map(|_| app.run_scheduled())).await;
    app.run_scheduled().await;
    let policy = "Policy: unused for 30 days".to_owned();
    assert_eq!(
        policy_revocations(&app),
        vec![
            (app.demo.nightly_export(), policy.clone()),
            (app.demo.power_bi_refresh(), policy)
        ]
    );
    let (status, body) = {
        let response = app.use_token::<endpoints::Data>(&stale).await;
        (
            response.status().as_u16(),
            response.json::<Value>().await.unwrap(),
        )
    };
    assert_eq!(
        (status, &body["reason"]),
        (401, &json!("revoked_or_replaced"))
    );
    // Other Org has no policy: its year-old token stays; so does the new one.
    let live = fixtures::live_among(
        &app.database(),
        &[
            app.demo.other_org_integration(),
            app.demo.id(MADE_YESTERDAY),
        ],
    );
    assert_eq!(live, 2);

    let alice = notices(&app, "alice@demo.example").await;
    assert_eq!(alice.len(), 4, "{alice:#?}");
    assert!(
        alice
            .iter()
            .any(|n| n.contains("“Nightly export” was revoked"))
    );
    assert!(
        alice
            .iter()
            .any(|n| n.contains("“Power BI refresh” was revoked"))
    );
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
