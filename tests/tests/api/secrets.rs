//! Secrets (R4, R14): token strings and passwords appear in no response but
//! the one that must carry them, and nowhere at rest: not in the D1 or KV
//! files, not in anything the runtime printed.

use std::path::Path;
use std::time::Duration;

use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{DEMO_PASSWORD, TestApp, eventually, fixtures, spawn_app};

/// Every file under `folder`, as bytes.
fn files_under(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap().filter_map(Result::ok) {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            found.push((path.display().to_string(), bytes));
        }
    }
    found
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle.as_bytes())
}

#[tokio::test]
async fn token_strings_and_passwords_are_never_stored_logged_or_echoed() {
    // Its own runtime: it reads every byte the runtime stored and printed.
    let app = TestApp::own().start().await;
    let alice = app.portal("alice@demo.example").await;
    let mut strings = Vec::new();
    for id in [app.demo.nightly_export(), app.demo.power_bi_refresh()] {
        strings.push(alice.token_string(id).await);
    }
    strings.push(alice.token_string(app.demo.power_bi_refresh()).await); // replaces the previous one
    for string in &strings {
        app.use_token::<endpoints::Meta>(string).await;
        app.use_token::<endpoints::Data>(string).await;
    }
    let token = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == app.demo.nightly_export())
        .unwrap();
    let edit = serde_json::json!({ "name": "Renamed", "expiry": "never", "scope": token.scope, "version": token.version });
    assert_eq!(
        alice.edit(app.demo.nightly_export(), edit).await.status(),
        200
    );
    assert_eq!(
        alice.revoke(app.demo.power_bi_refresh()).await.status(),
        204
    );
    for string in &strings {
        app.use_token::<endpoints::Meta>(string).await; // now refused, and logged as such
    }
    // Wait until all nine AUTHENTICATE entries are written, so that the files hold everything.
    eventually(
        Duration::from_secs(15),
        "all AUTHENTICATE entries",
        || async {
            // Lines, and the strings matching no token (replaced, edited)
            // counted per address and hour instead (R17).
            let db = app.database();
            let count =
                fixtures::entries_of(&db, "AUTHENTICATE") + fixtures::unknown_attempts_counted(&db);
            (count == 9).then_some(())
        },
    )
    .await;

    // No other response carries a string.
    let listed = alice
        .list_tokens(app.demo.alice())
        .await
        .text()
        .await
        .unwrap();
    let logs = alice
        .token_logs("page_size=200")
        .await
        .text()
        .await
        .unwrap();
    for string in &strings {
        assert!(
            !listed.contains(string.as_str()) && !logs.contains(string.as_str()),
            "a token string in a response"
        );
    }

    let mut secrets: Vec<&str> = strings.iter().map(String::as_str).collect();
    secrets.push(DEMO_PASSWORD);
    let state = files_under(&app.state_folder().join("state"));
    assert!(
        state.iter().any(|(name, _)| name.ends_with(".sqlite")),
        "the D1 files were scanned"
    );
    assert!(
        state
            .iter()
            .any(|(name, _)| name.contains("KVNamespaceObject")),
        "the KV files were scanned"
    );
    let log = app.runtime_log();
    for secret in secrets {
        for (name, bytes) in &state {
            assert!(
                !contains(bytes, secret),
                "a secret is stored in clear in {name}"
            );
        }
        assert!(!log.contains(secret), "a secret is in the runtime's log");
    }
}

#[tokio::test]
async fn no_authenticate_entry_is_lost_under_concurrent_use_r12() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    let mut requests = tokio::task::JoinSet::new();
    for _ in 0..40 {
        let request = app
            .script_client()
            .get(app.url(endpoints::Meta::PATH))
            .bearer_auth(&string);
        requests.spawn(async move {
            request
                .send()
                .await
                .map(|response| response.status().as_u16())
        });
    }
    let statuses = requests.join_all().await;
    assert!(
        statuses.iter().all(|status| matches!(status, Ok(200))),
        "{statuses:?}"
    );
    eventually(
        Duration::from_secs(20),
        "40 AUTHENTICATE entries",
        || async {
            let count =
                fixtures::authentications_of(&app.database(), app.demo.power_bi_refresh(), "OK");
            (count == 40).then_some(())
        },
    )
    .await;
}
