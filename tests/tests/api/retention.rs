//! Token Logs stay bounded (R17): retention by the daily Cron Trigger, and
//! made-up strings counted per client address and hour, not a row each.

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::json;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{TestApp, known_token_string, spawn_app, spawn_app_seeded, spawn_own_app};

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
    app.database()
        .query_row(
            "SELECT SUM(activity_at_ms < ?2), SUM(activity_at_ms >= ?2) FROM token_logs \
             WHERE organization_id = ?1 AND activity = 'AUTHENTICATE'",
            [organization, before],
            |r| {
                Ok((
                    r.get::<_, Option<i64>>(0)?.unwrap_or(0),
                    r.get::<_, Option<i64>>(1)?.unwrap_or(0),
                ))
            },
        )
        .unwrap()
}

/// `count` AUTHENTICATE entries of `organization`, `days_ago` days old.
fn old_entries(organization: i64, token: i64, count: i64, days_ago: i64) -> String {
    let at = now_ms() - days_ago * DAY_MS;
    format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count}) \
         INSERT INTO token_logs (organization_id, token_id, token_name, owner_login_id, activity, \
             activity_on, result, activity_at_ms) \
         SELECT {organization}, {token}, 'old', NULL, 'AUTHENTICATE', ({at} - i) / 1000, 'OK', {at} - i FROM n;"
    )
}

#[tokio::test]
async fn the_daily_run_deletes_what_each_organization_keeps_no_longer_r17() {
    let hour_500_days_ago = (now_ms() - 500 * DAY_MS) / 1000 / 3600 * 3600;
    let seed = [
        // Demo Org keeps the default 400 days, Other Org 30.
        "UPDATE organizations SET log_retention_days = 30 WHERE id = 2;".to_owned(),
        // More than two batches' worth past 400 days, and some of 40 days.
        old_entries(1, 2, 2_500, 401),
        old_entries(1, 2, 10, 40),
        old_entries(2, 3, 1_200, 40),
        old_entries(2, 3, 10, 10),
        format!(
            "INSERT INTO unknown_token_attempts (address_key, hour, attempts) VALUES \
             ('203.0.113.1', {hour_500_days_ago}, 7), ('203.0.113.1', {}, 3);",
            (now_ms() / 1000) / 3600 * 3600
        ),
    ]
    .concat();
    let app = spawn_app_seeded(&seed).await;
    assert_eq!(entries(&app, 1, 400), (2_500, 10));
    assert_eq!(entries(&app, 2, 30), (1_200, 10));

    app.run_scheduled().await;

    assert_eq!(
        entries(&app, 1, 400),
        (0, 10),
        "Demo Org: past 400 days gone, 40 days kept"
    );
    assert_eq!(
        entries(&app, 2, 30),
        (0, 10),
        "Other Org: past 30 days gone, 10 days kept"
    );
    let counts: Vec<i64> = app
        .database()
        .prepare("SELECT attempts FROM unknown_token_attempts ORDER BY hour")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(counts, [3], "unknown strings' old hourly counts go too");
    // The demo data's CREATE entries are a year old: Demo Org keeps its
    // two, Other Org's went with its 30 days.
    let created: Vec<i64> = app
        .database()
        .prepare("SELECT organization_id FROM token_logs WHERE activity = 'CREATE' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        created,
        [1, 1],
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
    let stored: i64 = app
        .database()
        .query_row(
            "SELECT log_retention_days FROM organizations WHERE id = ?1",
            [app.demo.id(1)],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(stored, 90);
}

#[tokio::test]
async fn a_flood_of_made_up_strings_costs_a_row_per_address_and_hour_r17() {
    let app = spawn_own_app().await;
    let rows_before: i64 = app
        .database()
        .query_row("SELECT COUNT(*) FROM token_logs", [], |r| r.get(0))
        .unwrap();
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
    let rows_after: i64 = db
        .query_row("SELECT COUNT(*) FROM token_logs", [], |r| r.get(0))
        .unwrap();
    let (count_rows, counted): (i64, i64) = db
        .query_row(
            "SELECT COUNT(*), COALESCE(SUM(attempts), 0) FROM unknown_token_attempts",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
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
    let app = tessera_tests::spawn_app_with(&[("TOKEN_LOG_BUDGET_ROWS", "20")]).await;
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
    let lines: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM token_logs WHERE activity = 'AUTHENTICATE'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let counted: i64 = db
        .query_row(
            "SELECT COALESCE(SUM(ok), 0) FROM authentication_counts WHERE token_id = 2",
            [],
            |r| r.get(0),
        )
        .unwrap();
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
    let changes: Vec<String> = db
        .prepare(
            "SELECT activity FROM token_logs WHERE activity != 'AUTHENTICATE' \
             AND token_id IN (2, ?1) AND activity_at_ms > 1764374400000 ORDER BY id",
        )
        .unwrap()
        .query_map([token.id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
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
