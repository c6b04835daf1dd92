//! Durability: a crash in the middle of a stream of writes loses no
//! acknowledged write and leaves none half-applied; a crash right after a
//! burst of API requests loses none of their AUTHENTICATE entries (R17);
//! migrations keep data.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::json;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::fixtures::{self, schema};
use tessera_tests::{DEMO_PASSWORD, TestApp, eventually, spawn_app};

#[tokio::test]
async fn a_crash_mid_stream_loses_no_acknowledged_write() {
    let mut app = TestApp::own().start().await;
    let client = tessera_tests::http_client()
        .cookie_store(true)
        .build()
        .unwrap();
    let session: tessera_shared::SessionInfo = app
        .sign_in_with(&client, "alice@demo.example", DEMO_PASSWORD)
        .await
        .json()
        .await
        .unwrap();

    // A stream of Create New, one after another, until the runtime dies.
    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let url = app.url(&endpoints::ListTokens::path(app.demo.alice()));
    let stream = {
        let acknowledged = acknowledged.clone();
        let client = client.clone();
        let csrf = session.csrf_token.clone();
        tokio::spawn(async move {
            for n in 0..10_000 {
                let name = format!("durable {n}");
                let body = json!({ "name": name, "expiry": "never", "scope": ["meta_record"] });
                match client
                    .post(&url)
                    .header("x-csrf-token", &csrf)
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(response) if response.status() == 201 => {
                        acknowledged.lock().unwrap().push(name)
                    }
                    _ => break,
                }
            }
        })
    };
    eventually(
        Duration::from_secs(30),
        "some writes to be acknowledged",
        || {
            let count = acknowledged.lock().unwrap().len();
            async move { (count >= 20).then_some(()) }
        },
    )
    .await;
    app.crash_and_restart().await;
    stream.await.unwrap();
    let acknowledged = acknowledged.lock().unwrap().clone();

    let alice = app.portal("alice@demo.example").await;
    let names: Vec<String> = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .map(|t| t.name)
        .collect();
    for name in &acknowledged {
        assert!(
            names.contains(name),
            "{name} was acknowledged before the crash but is gone"
        );
    }
    // Nothing half-applied: every token has its CREATE entry and every CREATE its token.
    let db = app.database();
    let orphans = fixtures::tokens_and_creations_apart(&db);
    assert_eq!(orphans, 0);
    assert!(
        names.len() >= acknowledged.len() + 2,
        "alice's two demo tokens and every acknowledged one"
    );
}

#[tokio::test]
async fn every_answered_api_request_has_its_entry_after_a_crash_r17() {
    let mut app = TestApp::own().start().await;
    let alice = app.portal("alice@demo.example").await;
    // 200: token 2 has both scopes. 403: token 1 lacks Meta Record. 401: a
    // revoked token's string, attributed to its token.
    let both = alice.token_string(app.demo.power_bi_refresh()).await;
    let report_only = alice.token_string(app.demo.nightly_export()).await;
    let revoked = alice.new_token("Revoked one", &["meta_record"]).await;
    let revoked_string = alice.token_string(revoked.id).await;
    assert_eq!(alice.revoke(revoked.id).await.status(), 204);

    // A burst of 300 requests at once, each named by its X-Request-Id.
    let client = app.script_client();
    let requests = (0..300).map(|i| {
        let string = [&both, &report_only, &revoked_string][i % 3].clone();
        let request = client
            .get(app.url(endpoints::Meta::PATH))
            .header("x-request-id", format!("crash-{i}"))
            // Spread over addresses: the refusals stay under the rate limit.
            .header("cf-connecting-ip", format!("198.51.100.{}", i % 50))
            .bearer_auth(string);
        async move {
            let status = request
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0);
            (format!("crash-{i}"), status)
        }
    });
    let answered = futures_util::future::join_all(requests).await;
    // Killed the moment the last answer is in, then started on the same state.
    app.crash_and_restart().await;

    let counted: Vec<(&str, u16)> = answered
        .iter()
        .filter(|(_, status)| [200, 401, 403].contains(status))
        .map(|(id, status)| (id.as_str(), *status))
        .collect();
    for status in [200, 401, 403] {
        assert!(
            counted.iter().filter(|(_, s)| *s == status).count() >= 90,
            "the burst got its {status}s: {answered:?}"
        );
    }
    let db = app.database();
    let missing: Vec<&str> = counted
        .iter()
        .filter(|(id, status)| {
            let result = fixtures::authentication_result(&db, id);
            result.as_deref() != Some(if *status == 200 { "OK" } else { "Fail" })
        })
        .map(|(id, _)| *id)
        .collect();
    println!(
        "crash after a burst of 300: {} answered 200/401/403, {} without their entry",
        counted.len(),
        missing.len()
    );
    assert!(
        missing.is_empty(),
        "answered, then lost in the crash: {missing:?}"
    );
}

#[tokio::test]
async fn clients_that_hang_up_mid_request_never_stall_the_log_r17() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    // 300 requests whose clients give up after a few milliseconds, while
    // their entries are being checked and written.
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(15))
        .build()
        .unwrap();
    let hang_ups = (0..300).map(|_| {
        impatient
            .get(app.url(endpoints::Meta::PATH))
            .bearer_auth(&string)
            .send()
    });
    let given_up = futures_util::future::join_all(hang_ups)
        .await
        .iter()
        .filter(|answer| answer.is_err())
        .count();
    // Then patient clients are all answered, with their entries.
    let client = app.script_client();
    let patient = (0..20).map(|i| {
        client
            .get(app.url(endpoints::Meta::PATH))
            .header("x-request-id", format!("after-hang-ups-{i}"))
            .bearer_auth(&string)
            .send()
    });
    let answered = futures_util::future::join_all(patient).await;
    println!("{given_up} of 300 clients hung up; then 20 patient requests were answered");
    for answer in &answered {
        assert_eq!(answer.as_ref().map(|r| r.status().as_u16()).ok(), Some(200));
    }
    let logged = fixtures::entries_of_requests_starting(&app.database(), "after-hang-ups-");
    assert_eq!(logged, 20);
}

#[test]
fn each_migration_keeps_the_data_of_the_ones_before() {
    let files = schema::migrations();
    assert!(files.len() >= 3);
    let db = rusqlite::Connection::open_in_memory().unwrap();
    schema::apply(&db, &files[..1]);
    schema::one_of_each(&db);
    for file in &files[1..] {
        schema::apply(&db, std::slice::from_ref(file));
        let kept = schema::kept_rows(&db);
        assert_eq!(kept, (1, 1, 1), "after {}", file.display());
    }
    // 0005 orders the log by milliseconds: the kept entry has them too.
    let at_ms = schema::only_entry_ms(&db);
    assert_eq!(at_ms, Some(0));
}
