//! Rotate Token (R19): a new string while the previous one keeps
//! working, until the grace period ends or the new one is first used,
//! whichever is first; a token rotating itself; and what a token may learn
//! of itself (`GET /api/tokens/self`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::future::join_all;
use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint, TOKEN_EXPIRATION_HEADER};
use tessera_shared::notices::EVENT_HEADER;
use tessera_shared::tokens::{PresentedString, RotatedToken, TokenIntrospection, TokenLogPage};
use tessera_tests::receiver::Receiver;
use tessera_tests::{Portal, TestApp, eventually, fixtures, known_token_string, spawn_app};

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn seconds_of(rfc3339: &str) -> i64 {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .unwrap()
        .unix_timestamp()
}

async fn rotate(portal: &Portal<'_>, token_id: i64, grace: &str) -> reqwest::Response {
    portal
        .request::<endpoints::RotateToken>(token_id)
        .json(&json!({ "grace": grace }))
        .send()
        .await
        .unwrap()
}

async fn rotate_self(app: &TestApp, token_string: &str, grace: &str) -> reqwest::Response {
    app.script_client()
        .post(app.url(endpoints::RotateSelf::PATH))
        .bearer_auth(token_string)
        .json(&json!({ "grace": grace }))
        .send()
        .await
        .unwrap()
}

/// The token's ROTATE entries in Token Logs, oldest first: (by, detail).
async fn rotations(portal: &Portal<'_>, owner: i64, token_id: i64) -> Vec<(String, String)> {
    let page: TokenLogPage = portal
        .token_logs(&format!(
            "owner={owner}&token_id={token_id}&activity=ROTATE"
        ))
        .await
        .json()
        .await
        .unwrap();
    let mut entries: Vec<(String, String)> = page
        .entries
        .into_iter()
        .map(|entry| {
            assert_eq!(entry.token_id, Some(token_id), "filtered to the token");
            (entry.activity_by, entry.detail.unwrap_or_default())
        })
        .collect();
    entries.reverse();
    entries
}

async fn reason(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (status, body["reason"].clone())
}

#[tokio::test]
async fn an_overlap_ends_at_the_new_string_s_first_use_and_no_request_before_is_refused() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let token = app.demo.power_bi_refresh();
    let old = alice.token_string(token).await;

    // A job keeps calling with the old string while the rotation happens.
    let job = async {
        let mut statuses = Vec::new();
        for _ in 0..3 {
            let wave = join_all((0..8).map(|_| app.use_token::<endpoints::Meta>(&old))).await;
            statuses.extend(wave.iter().map(|r| r.status().as_u16()));
        }
        statuses
    };
    let (statuses, rotated) = tokio::join!(job, rotate(&alice, token, "24h"));
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(rotated.status(), 200);
    let rotated: RotatedToken = rotated.json().await.unwrap();
    assert_ne!(rotated.token_string, old);
    let until = seconds_of(&rotated.previous_string_works_until);
    assert!(
        (until - (now() + 86_400)).abs() < 120,
        "24 hours from now: {}",
        rotated.previous_string_works_until
    );

    // Both strings work; the old one says when it stops, and knows it is the previous one.
    let answers = join_all((0..10).map(|_| app.use_token::<endpoints::Meta>(&old))).await;
    assert!(answers.iter().all(|r| r.status() == 200));
    assert_eq!(
        answers[0].headers()[TOKEN_EXPIRATION_HEADER],
        rotated.previous_string_works_until.as_str()
    );
    let itself: TokenIntrospection = app
        .api_get(endpoints::TokenSelf::PATH, &old)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(itself.presented, PresentedString::Previous);
    assert_eq!(
        itself.rotation.map(|r| r.previous_string_works_until),
        Some(rotated.previous_string_works_until.clone())
    );

    // The new string's first use ends the overlap; later uses change nothing.
    let first_use = app
        .use_token::<endpoints::Meta>(&rotated.token_string)
        .await;
    assert_eq!(first_use.status(), 200);
    assert_eq!(
        first_use.headers()[TOKEN_EXPIRATION_HEADER],
        "2027-07-01T00:00:00Z",
        "the new string works through Expiry On"
    );
    let (status, why) = reason(app.use_token::<endpoints::Meta>(&old).await).await;
    assert_eq!((status, why), (401, json!("revoked_or_replaced")));
    assert_eq!(
        app.use_token::<endpoints::Data>(&rotated.token_string)
            .await
            .status(),
        200
    );

    let entries = rotations(&alice, app.demo.alice(), token).await;
    assert_eq!(entries.len(), 2, "{entries:?}");
    assert_eq!(entries[0].0, "Alice Analyst");
    assert!(
        entries[0].1.contains(&rotated.previous_string_works_until),
        "{entries:?}"
    );
    assert_eq!(entries[1].0, "Tessera");
    assert!(entries[1].1.contains("the new one was used"), "{entries:?}");
}

#[tokio::test]
async fn an_overlap_ends_at_its_grace_period_and_is_logged_once_however_often_the_trigger_runs() {
    let (old_over, old_over_hash) = known_token_string(21);
    let (_, new_over_hash) = known_token_string(22);
    let (old_running, old_running_hash) = known_token_string(23);
    let (_, new_running_hash) = known_token_string(24);
    let ended = now() - 600;
    let app = TestApp::own()
        .seed(|db, demo| {
            let over = demo.power_bi_refresh();
            fixtures::open_overlap(db, over, &new_over_hash, &old_over_hash, ended);
            let running = demo.nightly_export();
            let until = now() + 3_600;
            fixtures::open_overlap(db, running, &new_running_hash, &old_running_hash, until);
        })
        .start()
        .await;
    // The token check compares the time: no trigger is needed for the string to stop.
    let (status, why) = reason(app.use_token::<endpoints::Meta>(&old_over).await).await;
    assert_eq!((status, why), (401, json!("revoked_or_replaced")));
    assert_eq!(
        app.use_token::<endpoints::Data>(&old_running)
            .await
            .status(),
        200
    );

    // The trigger, twice at once and once more.
    join_all((0..2).map(|_| app.run_quarter_hourly())).await;
    app.run_quarter_hourly().await;
    let db = app.database();
    let logged = fixtures::rotate_entries(&db);
    assert_eq!(
        logged,
        vec![(app.demo.power_bi_refresh(), ended, "Tessera".to_owned())],
        "one entry, dated when the grace period ended; the running overlap untouched"
    );
    assert_eq!(
        app.use_token::<endpoints::Data>(&old_running)
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn generate_token_stops_a_rotation_s_previous_string_at_once() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let token = app.demo.power_bi_refresh();
    let first = alice.token_string(token).await;
    let rotated: RotatedToken = rotate(&alice, token, "7d").await.json().await.unwrap();
    let generated = alice.token_string(token).await;
    assert_eq!(app.use_token::<endpoints::Meta>(&first).await.status(), 401);
    let (status, why) = reason(
        app.use_token::<endpoints::Meta>(&rotated.token_string)
            .await,
    )
    .await;
    assert_eq!((status, why), (401, json!("revoked_or_replaced")));
    assert_eq!(
        app.use_token::<endpoints::Meta>(&generated).await.status(),
        200
    );
}

#[tokio::test]
async fn a_rotation_needs_a_current_string_a_known_grace_period_and_a_token_you_manage() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let fresh = alice.new_token("Never generated", &["meta_record"]).await;
    let response = rotate(&alice, fresh.id, "24h").await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert!(
        body["message"].as_str().unwrap().contains("Generate Token"),
        "{body}"
    );

    alice.token_string(fresh.id).await;
    for grace in ["2h", "", "7 days"] {
        let response = rotate(&alice, fresh.id, grace).await;
        assert_eq!(response.status(), 400, "{grace}");
    }
    assert_eq!(
        rotate(&alice, app.demo.other_org_integration(), "1h")
            .await
            .status(),
        404
    );
    let dave = app.portal("dave@demo.example").await;
    assert_eq!(rotate(&dave, fresh.id, "1h").await.status(), 403);
}

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

#[tokio::test]
async fn a_token_learns_about_itself_and_nothing_else_with_no_scope_needed() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.nightly_export()).await; // Report Record only
    let response = app.api_get(endpoints::TokenSelf::PATH, &string).await;
    assert_eq!(response.status(), 200);
    assert!(response.headers().get(TOKEN_EXPIRATION_HEADER).is_none());
    let text = response.text().await.unwrap();
    let itself: TokenIntrospection = serde_json::from_str(&text).unwrap();
    assert_eq!(itself.id, app.demo.nightly_export());
    assert_eq!(itself.name, "Nightly export");
    assert_eq!(itself.owner.email, app.email("alice@demo.example"));
    assert_eq!(itself.scope, vec![tessera_shared::ScopeName::ReportRecord]);
    assert_eq!(itself.expiry_on, None);
    assert_eq!(itself.presented, PresentedString::Current);
    assert_eq!(itself.rotation, None);
    assert!(itself.generated_at.is_some());
    assert!(
        !text.contains("Power BI"),
        "nothing of another token: {text}"
    );

    // Logged like any call.
    let page: TokenLogPage = alice
        .token_logs(&format!(
            "token_id={}&activity=AUTHENTICATE",
            app.demo.nightly_export()
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page.total, 1);

    let (status, why) = reason(
        app.script_client()
            .get(app.url(endpoints::TokenSelf::PATH))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!((status, why), (401, json!("missing")));
}

#[tokio::test]
async fn one_report_and_its_readings_by_name_in_the_token_s_scope() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let both = alice.token_string(app.demo.power_bi_refresh()).await;
    let report_only = alice.token_string(app.demo.nightly_export()).await;

    let energy = endpoints::MetaReport::path("Energy by location".into());
    let report: Value = app.api_get(&energy, &both).await.json().await.unwrap();
    assert_eq!(report["metric"], "Electricity");
    assert_eq!(app.api_get(&energy, &report_only).await.status(), 403);

    let data = endpoints::ReportReadings::path("Energy by location".into());
    let first: tessera_shared::records::ReportData = app
        .api_get(&format!("{data}?page_size=30"), &report_only)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first.report.name, "Energy by location");
    assert_eq!(
        (first.total, first.readings.len(), first.next_page),
        (48, 30, Some(2))
    );
    assert!(first.readings.iter().all(|r| r.metric == "Electricity"));
    let water = endpoints::ReportReadings::path("Water by location".into());
    let water: tessera_shared::records::ReportData = app
        .api_get(&water, &report_only)
        .await
        .json()
        .await
        .unwrap();
    assert!(water.readings.iter().all(|r| r.metric == "Water"));

    // Another organization's report, and none at all, are not found.
    for name in ["Plant energy", "Nothing like it"] {
        let response = app
            .api_get(&endpoints::ReportReadings::path(name.into()), &both)
            .await;
        assert_eq!(response.status(), 404, "{name}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found");
    }
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

#[tokio::test]
async fn a_token_learns_nothing_of_where_its_other_holders_call_from() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;
    let from = |address: &'static str, path: &'static str| {
        app.script_client()
            .get(app.url(path))
            .bearer_auth(&string)
            .header("cf-connecting-ip", address)
            .send()
    };
    assert_eq!(
        from("203.0.113.7", endpoints::Meta::PATH)
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        from("198.51.100.9", endpoints::Meta::PATH)
            .await
            .unwrap()
            .status(),
        200
    );
    let response = from("198.51.100.9", endpoints::TokenSelf::PATH)
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    for address in ["203.0.113.7", "198.51.100.9"] {
        assert!(!text.contains(address), "{address} in {text}");
    }
    let itself: Value = serde_json::from_str(&text).unwrap();
    assert!(itself.get("recent_addresses").is_none(), "{text}");
    // The owner still sees both, in the portal.
    let usage: tessera_shared::usage::TokenUsageView = alice
        .read::<endpoints::TokenUsage>(app.demo.power_bi_refresh())
        .await;
    let seen: Vec<&str> = usage
        .recent_addresses
        .iter()
        .map(|seen| seen.address.as_str())
        .collect();
    assert_eq!(seen, ["198.51.100.9", "203.0.113.7"]);
}
