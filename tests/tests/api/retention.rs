//! Token Logs stay bounded (R17): retention by the daily Cron Trigger, and
//! made-up strings counted per client address and hour, not a row each.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{TestApp, fixtures, known_token_string, spawn_app};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

/// AUTHENTICATE entries of `organization` older than `days` days and newer.
fn entries(app: &TestApp, organization: i64, days: i64) -> (i64, i64) {
    let before = now_ms() - days * DAY_MS;
    fixtures::authentications_before_and_after(&app.database(), organization, before)
}

/// `count` AUTHENTICATE entries of `organization`, `days_ago` days old.
fn old_entries(
    db: &rusqlite::Connection,
    (organization, token): (i64, i64),
    count: i64,
    days_ago: i64,
) {
    fixtures::old_entries(db, organization, token, count, now_ms() - days_ago * DAY_MS);
}

#[tokio::test]
async fn the_daily_run_deletes_what_each_organization_keeps_no_longer_r17() {
    let hour_500_days_ago = (now_ms() - 500 * DAY_MS) / 1000 / 3600 * 3600;
    let app = TestApp::own()
        .seed(|db, demo| {
            // Demo Org keeps the default 400 days, Other Org 30.
            fixtures::set_log_retention_days(db, demo.other_org(), 30);
            // More than two batches' worth past 400 days, and some of 40 days.
            let demo_org = (demo.demo_org(), demo.power_bi_refresh());
            let other_org = (demo.other_org(), demo.other_org_integration());
            old_entries(db, demo_org, 2_500, 401);
            old_entries(db, demo_org, 10, 40);
            old_entries(db, other_org, 1_200, 40);
            old_entries(db, other_org, 10, 10);
            fixtures::unknown_attempts(db, "203.0.113.1", hour_500_days_ago, 7);
            let this_hour = (now_ms() / 1000) / 3600 * 3600;
            fixtures::unknown_attempts(db, "203.0.113.1", this_hour, 3);
        })
        .start()
        .await;
    let (demo_org, other_org) = (app.demo.demo_org(), app.demo.other_org());
    assert_eq!(entries(&app, demo_org, 400), (2_500, 10));
    assert_eq!(entries(&app, other_org, 30), (1_200, 10));

    app.run_scheduled().await;

    assert_eq!(
        entries(&app, demo_org, 400),
        (0, 10),
        "Demo Org: past 400 days gone, 40 days kept"
    );
    assert_eq!(
        entries(&app, other_org, 30),
        (0, 10),
        "Other Org: past 30 days gone, 10 days kept"
    );
    let counts = fixtures::unknown_attempts_by_hour(&app.database());
    assert_eq!(counts, [3], "unknown strings' old hourly counts go too");
    // The demo data's CREATE entries are a year old: Demo Org keeps its
    // two, Other Org's went with its 30 days.
    let created = fixtures::creations_by_organization(&app.database());
    assert_eq!(
        created,
        [demo_org, demo_org],
        "every activity is kept for its organization's days"
    );

    // A second run finds nothing more to delete.
    app.run_scheduled().await;
    assert_eq!(entries(&app, 1, 400), (0, 10));
}

#[tokio::test]
async fn only_system_administrators_set_the_retention_within_its_bounds_r17() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    let set = |portal: &'static str, days: i64| {
        let portal = if portal == "admin" { &admin } else { &alice };
        async move {
            portal
                .call(
                    reqwest::Method::PUT,
                    endpoints::SetLogRetention::PATH,
                    Some(json!({ "days": days })),
                )
                .await
        }
    };
    assert_eq!(set("alice", 90).await.0, 403);
    let (status, body) = set("admin", 29).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("from 30 to 3660"), "{body}");
    let (status, body) = set("admin", 90).await;
    assert_eq!(status, 200, "{body}");
    let settings: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(settings["log_retention_days"], 90);
    let stored = fixtures::log_retention_days(&app.database(), app.demo.demo_org());
    assert_eq!(stored, 90);
}

#[tokio::test]
async fn a_flood_of_made_up_strings_costs_a_row_per_address_and_hour_r17() {
    let app = TestApp::own().start().await;
    let rows_before = fixtures::log_lines(&app.database());
    // 1,000 well-formed strings matching no token, from 10 addresses (each
    // within the rate limit of 100 failures a minute), 50 at a time.
    let mut statuses = Vec::new();
    for batch in (0..1_000u32).collect::<Vec<_>>().chunks(50) {
        let requests = batch.iter().map(|&i| {
            let app = &app;
            async move {
                app.script_client()
                    .get(app.url(endpoints::Meta::PATH))
                    .header("cf-connecting-ip", format!("203.0.113.{}", i % 10))
                    .bearer_auth(known_token_string((i % 250) as u8).0)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        });
        statuses.extend(futures_util::future::join_all(requests).await);
    }
    let refused = statuses.iter().filter(|s| **s == 401).count() as i64;
    let db = app.database();
    let rows_after = fixtures::log_lines(&db);
    let (count_rows, counted) = fixtures::unknown_attempt_rows(&db);
    println!(
        "1,000 made-up strings from 10 addresses: {count_rows} rows, {counted} attempts counted"
    );
    assert_eq!(
        rows_after, rows_before,
        "no Token Logs line per made-up string"
    );
    assert!(
        (10..=20).contains(&count_rows),
        "one row per address and hour (an hour may turn during the flood): {count_rows}"
    );
    assert_eq!(
        counted, refused,
        "every refused attempt counted, none twice"
    );
}

#[tokio::test]
async fn past_its_budget_the_log_counts_authentications_and_still_records_every_change_r17() {
    let app = TestApp::own()
        .vars(&[("TOKEN_LOG_BUDGET_ROWS", "20")])
        .start()
        .await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    let answers = (0..50).map(|_| {
        let app = &app;
        let string = string.clone();
        async move {
            app.api_get(endpoints::Meta::PATH, &string)
                .await
                .status()
                .as_u16()
        }
    });
    let answers = futures_util::future::join_all(answers).await;
    assert!(answers.iter().all(|status| *status == 200), "{answers:?}");

    let db = app.database();
    let lines = fixtures::entries_of(&db, "AUTHENTICATE");
    let counted = fixtures::authentications_counted(&db, app.demo.power_bi_refresh());
    println!("50 authentications with a budget of 20 lines: {lines} lines, {counted} counted");
    assert_eq!(lines, 20, "the log holds its budget of AUTHENTICATE lines");
    assert_eq!(counted, 30, "and counts the rest, none lost");

    // At the limit, every change is still recorded: a new token, its string, and revocations.
    let token = alice.new_token("Made at the limit", &["meta_record"]).await;
    alice.token_string(token.id).await;
    assert_eq!(alice.revoke(token.id).await.status(), 204);
    assert_eq!(
        alice.revoke(app.demo.power_bi_refresh()).await.status(),
        204
    );
    // Written by this test's requests.
    let changes = fixtures::changes_of(
        &db,
        &[app.demo.power_bi_refresh(), token.id],
        fixtures::SEEDED_AT * 1000,
    );
    assert_eq!(
        changes,
        ["GENERATE", "CREATE", "GENERATE", "REVOKE", "REVOKE"]
    );
    assert_eq!(
        app.api_get(endpoints::Meta::PATH, &string).await.status(),
        401,
        "revoked at once"
    );
}
