//! Revocation and edits under load (R6, R7): with requests in flight, not a
//! single one that starts after the revoke or edit has committed succeeds.

use std::time::{Duration, Instant};

use serde_json::json;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{TestApp, spawn_app};

/// Fires `count` requests with `string`, one every `gap`, and returns for
/// each when it was sent and its status (0 when no answer came: a request
/// the runtime never answered is not a success, and must not stall the test).
fn fire(
    app: &TestApp,
    string: &str,
    count: usize,
    gap: Duration,
) -> tokio::task::JoinHandle<Vec<(Instant, u16)>> {
    let url = app.url(endpoints::Meta::PATH);
    let string = string.to_owned();
    // The test's own address: the refusals after the change count against it alone.
    let client = app.script_client();
    tokio::spawn(async move {
        let mut requests = tokio::task::JoinSet::new();
        for _ in 0..count {
            let request = client.get(&url).bearer_auth(&string);
            requests.spawn(async move {
                let sent = Instant::now();
                let status = request
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0);
                (sent, status)
            });
            tokio::time::sleep(gap).await;
        }
        requests.join_all().await
    })
}

fn successes_after(results: &[(Instant, u16)], committed: Instant) -> usize {
    results
        .iter()
        .filter(|(sent, status)| *sent > committed && *status == 200)
        .count()
}

/// The load must straddle the change: the string worked before it (so the
/// refusals after it are the change's doing), and requests went on after it.
fn assert_straddles(results: &[(Instant, u16)], committed: Instant, change: &str) {
    let before = results
        .iter()
        .filter(|(sent, status)| *sent < committed && *status == 200)
        .count();
    let after = results.iter().filter(|(sent, _)| *sent > committed).count();
    assert!(
        before > 0 && after > 0,
        "the load straddles the {change} ({before} successes before, {after} requests after)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_request_sent_after_a_revocation_commits_succeeds_r7() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    let load = fire(&app, &string, 300, Duration::from_millis(10));
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        alice.revoke(app.demo.power_bi_refresh()).await.status(),
        204
    );
    let committed = Instant::now();
    let results = load.await.unwrap();
    assert_straddles(&results, committed, "revocation");
    assert_eq!(successes_after(&results, committed), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_request_sent_after_an_edit_commits_succeeds_r6() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == app.demo.power_bi_refresh())
        .unwrap();
    let load = fire(&app, &string, 300, Duration::from_millis(10));
    tokio::time::sleep(Duration::from_millis(500)).await;
    let edit = json!({ "name": "Renamed under load", "expiry": "never", "scope": token.scope, "version": token.version });
    assert_eq!(
        alice.edit(app.demo.power_bi_refresh(), edit).await.status(),
        200
    );
    let committed = Instant::now();
    let results = load.await.unwrap();
    assert_straddles(&results, committed, "edit");
    assert_eq!(successes_after(&results, committed), 0);
}
