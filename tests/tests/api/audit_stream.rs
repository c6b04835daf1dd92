//! The audit stream (R30): every Token Logs entry and policy or role change
//! reaches the organization's destination, signed, in order and at least
//! once, after the destination failed for a while and recovered; a stream
//! failing for an hour tells the system administrators, once.

use std::collections::BTreeSet;
use std::time::Duration;

use futures_util::future::join_all;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tessera_shared::audit_stream::{AuditStreamSaved, AuditStreamStatus, BATCH_EVENT};
use tessera_shared::endpoints;
use tessera_shared::logins::LoginRow;
use tessera_shared::notices::{DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER};
use tessera_tests::receiver::{Received, Receiver};
use tessera_tests::{Portal, TestApp, eventually, spawn_app};

async fn set_stream(admin: &Portal<'_>, url: &str) -> String {
    let saved = admin
        .request::<endpoints::SetAuditStream>(())
        .json(&json!({ "url": url }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let saved: AuditStreamSaved = saved.json().await.unwrap();
    saved
        .secret
        .expect("a new destination's secret, shown once")
}

fn signed_by(secret: &str, received: &Received) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(&received.body);
    let hex: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    received.headers.get(SIGNATURE_HEADER) == Some(&format!("sha256={hex}"))
}

fn events(received: &Received) -> Vec<Value> {
    String::from_utf8(received.body.clone())
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The organization's Token Logs entries after `after`, by id.
fn entries_after(app: &TestApp, after: i64) -> BTreeSet<i64> {
    let db = app.database();
    let mut statement = db
        .prepare("SELECT id FROM token_logs WHERE organization_id = ?1 AND id > ?2")
        .unwrap();
    statement
        .query_map([app.demo.demo_org(), after], |row| row.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[tokio::test]
async fn a_days_traffic_reaches_the_stream_whole_and_in_order_after_the_receiver_recovers_r30() {
    let app = spawn_app().await;
    // The destination fails three times, then accepts everything.
    let receiver = Receiver::start(&[503, 500, 503]).await;
    let admin = app.portal("sysadmin@demo.example").await;
    let before: i64 = app
        .database()
        .query_row(
            "SELECT coalesce(MAX(id), 0) FROM token_logs WHERE organization_id = ?1",
            [app.demo.demo_org()],
            |row| row.get(0),
        )
        .unwrap();
    let secret = set_stream(&admin, &receiver.url).await;

    // A day's traffic: a token made and used 240 times (some refused), a
    // policy change, role changes (some at once) and a login added.
    let alice = app.portal("alice@demo.example").await;
    let token = alice.new_token("Streamed", &["meta_record"]).await;
    let string = alice.token_string(token.id).await;
    app.known_traffic(&string, 200, 40).await;
    let stale = admin
        .request::<endpoints::SetStaleTokens>(())
        .json(&json!({ "days": 90 }))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);
    let role = admin
        .request::<endpoints::ChangeLogin>(app.demo.dave())
        .json(&json!({ "change": "add_personal_role" }))
        .send()
        .await
        .unwrap();
    assert_eq!(role.status(), 204);
    // Eight tabs take Bob's personal role away at once: an event for each
    // change that applied, none for those refused as conflicts.
    let removals = (0..8).map(|_| {
        admin
            .request::<endpoints::ChangeLogin>(app.demo.bob())
            .json(&json!({ "change": "remove_personal_role" }))
            .send()
    });
    let removed: Vec<u16> = join_all(removals)
        .await
        .into_iter()
        .map(|answer| answer.unwrap().status().as_u16())
        .collect();
    assert!(
        removed.iter().all(|status| [204, 409].contains(status)),
        "{removed:?}"
    );
    let applied = removed.iter().filter(|status| **status == 204).count();
    assert!(applied >= 1, "{removed:?}");
    let added = admin
        .request::<endpoints::CreateLogin>(())
        .json(
            &json!({ "display_name": "Nina New", "email": app.email("nina@demo.example"),
                       "password": "a-long-enough-password", "system_admin": false,
                       "personal_token_role": true }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(added.status(), 201);
    let nina: LoginRow = added.json().await.unwrap();
    // Every use is in Token Logs (its entries are written after the answers).
    eventually(
        Duration::from_secs(30),
        "the 240 uses in Token Logs",
        || async { (entries_after(&app, before).len() >= 242).then_some(()) },
    )
    .await;
    let expected = entries_after(&app, before);

    // The minute's run, as often as it takes the stream to catch up.
    let status = eventually(
        Duration::from_secs(90),
        "the stream to catch up",
        || async {
            app.run_every_minute().await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            let status: AuditStreamStatus = admin.read::<endpoints::GetAuditStream>(()).await;
            (status.waiting == 0 && status.last_delivered_at.is_some()).then_some(status)
        },
    )
    .await;
    assert!(status.failing_since.is_none(), "{status:?}");

    let received = receiver.received();
    assert!(received.len() >= 4, "three failures, then batches");
    let mut seen = BTreeSet::new();
    let mut last_new = 0;
    let mut token_log_ids = BTreeSet::new();
    let mut changes = Vec::new();
    for batch in &received {
        assert!(signed_by(&secret, batch), "every batch signed");
        assert_eq!(
            batch.headers.get(EVENT_HEADER).map(String::as_str),
            Some(BATCH_EVENT)
        );
        let events = events(batch);
        let ids: Vec<i64> = events.iter().map(|e| e["id"].as_i64().unwrap()).collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "in order within a batch"
        );
        assert_eq!(
            batch.headers.get(DELIVERY_HEADER),
            Some(&format!("{}-{}", ids[0], ids[ids.len() - 1]))
        );
        // A batch is new events after all earlier ones, or one already sent
        // whole (a retry): its ids say which, so the receiver drops it.
        if ids.iter().all(|id| seen.contains(id)) {
            continue;
        }
        assert!(
            ids.iter().all(|id| !seen.contains(id)),
            "no batch mixes old and new: {ids:?}"
        );
        assert!(ids[0] > last_new, "in order across batches");
        last_new = ids[ids.len() - 1];
        for event in &events {
            seen.insert(event["id"].as_i64().unwrap());
            match event["type"].as_str().unwrap() {
                "token_log" => {
                    token_log_ids.insert(event["entry_id"].as_i64().unwrap());
                    if event["activity"] == "AUTHENTICATE" {
                        assert_eq!(event["token_id"], token.id);
                        let hash = format!("{:x}", Sha256::digest(string.as_bytes()));
                        assert_eq!(event["token_hash"], hash.as_str());
                    }
                }
                _ => changes.push(event.clone()),
            }
        }
        let body = String::from_utf8(batch.body.clone()).unwrap();
        assert!(!body.contains(&string), "never the token string");
    }
    assert_eq!(token_log_ids, expected, "every entry once, none missing");
    let sys_admin = app.demo.sys_admin();
    assert!(
        changes.iter().any(|c| c["type"] == "policy_change"
            && c["setting"] == "stale_tokens"
            && c["value"] == 90
            && c["actor_login_id"] == sys_admin),
        "{changes:?}"
    );
    let bobs: Vec<&Value> = changes
        .iter()
        .filter(|c| c["login_id"] == app.demo.bob())
        .collect();
    assert_eq!(bobs.len(), applied, "{bobs:?} for {removed:?}");
    assert!(
        bobs.iter()
            .all(|c| c["change"] == "remove_personal_role" && c["actor_login_id"] == sys_admin),
        "{bobs:?}"
    );
    assert!(
        changes.iter().any(|c| c["type"] == "role_change"
            && c["change"] == "login_added_with_personal_role"
            && c["login_id"] == nina.id),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(|c| c["type"] == "role_change"
            && c["change"] == "add_personal_role"
            && c["login_id"] == app.demo.dave()),
        "{changes:?}"
    );
}

#[tokio::test]
async fn only_a_system_administrator_sets_the_stream_and_a_bad_address_changes_nothing_r30() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let refused = alice
        .request::<endpoints::SetAuditStream>(())
        .json(&json!({ "url": "https://siem.example.com/tessera" }))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert_eq!(
        alice.get::<endpoints::GetAuditStream>(()).await.status(),
        403
    );
    let admin = app.portal("sysadmin@demo.example").await;
    for bad in [
        "ftp://siem.example.com",
        "http://siem.example.com/plain",
        "not an address",
    ] {
        let answer = admin
            .request::<endpoints::SetAuditStream>(())
            .json(&json!({ "url": bad }))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 422, "{bad}");
    }
    let status: AuditStreamStatus = admin.read::<endpoints::GetAuditStream>(()).await;
    assert_eq!(status.url, None, "nothing saved");
    // Set, then removed: nothing more waits for it.
    set_stream(&admin, "https://siem.example.com/tessera").await;
    alice.new_token("After the stream", &["meta_record"]).await;
    let status: AuditStreamStatus = admin.read::<endpoints::GetAuditStream>(()).await;
    assert!(status.waiting >= 1, "{status:?}");
    let removed = admin
        .request::<endpoints::SetAuditStream>(())
        .json(&json!({ "url": null }))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 200);
    let waiting: i64 = app
        .database()
        .query_row(
            "SELECT COUNT(*) FROM audit_outbox WHERE organization_id = ?1",
            [app.demo.demo_org()],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(waiting, 0);
}

#[tokio::test]
async fn a_stream_failing_for_an_hour_tells_the_system_administrators_once_r30() {
    let mut app = TestApp::own().start().await;
    {
        let admin = app.portal("sysadmin@demo.example").await;
        // Nothing listens there: every attempt fails.
        set_stream(&admin, "http://127.0.0.1:9/stream").await;
        admin.new_token("Streamed", &["meta_record"]).await;
    }
    app.run_every_minute().await;
    eventually(Duration::from_secs(30), "the first failure", || async {
        let admin = app.portal("sysadmin@demo.example").await;
        let status: AuditStreamStatus = admin.read::<endpoints::GetAuditStream>(()).await;
        status.failing_since.map(|_| ())
    })
    .await;
    app.set_clock(1).await;
    app.run_every_minute().await;
    app.run_every_minute().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let told: Vec<String> = admin
        .notices()
        .await
        .into_iter()
        .filter(|n| n.contains("has failed for more than an hour"))
        .collect();
    assert_eq!(told.len(), 1, "{told:?}");
    let status: AuditStreamStatus = admin.read::<endpoints::GetAuditStream>(()).await;
    assert!(status.waiting >= 1, "its events still wait: {status:?}");
}

#[tokio::test]
async fn a_splunk_collector_gets_each_event_in_hecs_envelope_its_token_kept_sealed_r30() {
    const HEC_TOKEN: &str = "7f3c2a10-hec-token-of-the-test";
    let app = spawn_app().await;
    let receiver = Receiver::start(&[]).await;
    let admin = app.portal("sysadmin@demo.example").await;
    let save = |body: Value| {
        admin
            .request::<endpoints::SetAuditStream>(())
            .json(&body)
            .send()
    };
    let missing = save(json!({ "url": receiver.url, "kind": "splunk_hec" }))
        .await
        .unwrap();
    assert_eq!(missing.status(), 422);
    let body: Value = missing.json().await.unwrap();
    assert_eq!(body["field"], "splunk_token");
    let saved =
        save(json!({ "url": receiver.url, "kind": "splunk_hec", "splunk_token": HEC_TOKEN }))
            .await
            .unwrap();
    assert_eq!(saved.status(), 200);
    let saved: AuditStreamSaved = saved.json().await.unwrap();
    assert_eq!(saved.secret, None, "Splunk authenticates by its token");
    let stored = || -> Option<String> {
        app.database()
            .query_row(
                "SELECT splunk_token_sealed FROM audit_streams WHERE organization_id = ?1",
                [app.demo.demo_org()],
                |row| row.get(0),
            )
            .unwrap()
    };
    let sealed = stored().expect("the token, sealed");
    assert!(
        !sealed.contains(HEC_TOKEN) && !sealed.contains("7f3c2a10"),
        "{sealed}"
    );
    // Saved again without a token: the sealed one is kept.
    let again = save(json!({ "url": receiver.url, "kind": "splunk_hec" }))
        .await
        .unwrap();
    assert_eq!(again.status(), 200);

    let alice = app.portal("alice@demo.example").await;
    alice.new_token("Sent to Splunk", &["meta_record"]).await;
    let batch = app.first_streamed(&receiver).await;
    assert_eq!(
        batch.headers.get("authorization").map(String::as_str),
        Some(format!("Splunk {HEC_TOKEN}").as_str())
    );
    let envelopes = events(&batch);
    assert!(!envelopes.is_empty());
    for envelope in &envelopes {
        assert_eq!(envelope["sourcetype"], "tessera:audit");
        assert!(envelope["time"].as_f64().unwrap() > 1.7e9, "{envelope}");
        assert!(envelope["event"]["id"].as_i64().is_some(), "{envelope}");
    }
    assert!(
        envelopes
            .iter()
            .any(|e| e["event"]["activity"] == "CREATE"
                && e["event"]["token_name"] == "Sent to Splunk"),
        "{envelopes:?}"
    );
    // Back to signed NDJSON: the token goes.
    let webhook = save(json!({ "url": receiver.url })).await.unwrap();
    assert_eq!(webhook.status(), 200);
    assert_eq!(stored(), None);
}
