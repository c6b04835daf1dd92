//! Tokens for named reports (R29): a token limited to report name patterns
//! reads the reports they match, ones added later included, and no other;
//! the listing shows only those; patterns are checked when saved.

use serde_json::{Value, json};
use tessera_shared::TokenRefusal;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::records::ReportList;
use tessera_tests::{Portal, TestApp, fixtures, spawn_app};

/// A token of `portal`'s own with both scopes, limited to `patterns`; its
/// id and string.
async fn limited_token(portal: &Portal<'_>, name: &str, patterns: &[&str]) -> (i64, String) {
    let created = portal
        .request::<endpoints::CreateToken>(portal.login_id)
        .json(&json!({
            "name": name, "expiry": "30_days", "scope": ["meta_record", "report_record"],
            "report_patterns": patterns,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201, "creating {name}");
    let token: Value = created.json().await.unwrap();
    assert_eq!(token["report_patterns"], json!(patterns), "{token}");
    let id = token["id"].as_i64().unwrap();
    (id, portal.token_string(id).await)
}

/// The status and body of `GET path` with `string`.
async fn answer(app: &TestApp, path: &str, string: &str) -> (u16, Value) {
    let response = app.api_get(path, string).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The names `GET /api/meta/reports` lists to `string`, in its order.
async fn listed(app: &TestApp, string: &str) -> Vec<String> {
    let list: ReportList = app
        .use_token::<endpoints::MetaReports>(string)
        .await
        .json()
        .await
        .unwrap();
    list.reports.into_iter().map(|report| report.name).collect()
}

fn report_data(name: &str) -> String {
    endpoints::ReportReadings::path(name.into())
}

fn report_definition(name: &str) -> String {
    endpoints::MetaReport::path(name.into())
}

fn refused_for_its_patterns((status, body): &(u16, Value)) -> bool {
    *status == 403 && body["reason"] == json!(TokenRefusal::ReportNotAllowed)
}

#[tokio::test]
async fn a_token_reads_only_the_reports_its_patterns_match_and_lists_only_those_r29() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let (_, energy) = limited_token(&alice, "energy feed", &["energy*"]).await;

    for path in [
        report_data("Energy by location"),
        report_definition("Energy by location"),
    ] {
        assert_eq!(answer(&app, &path, &energy).await.0, 200, "{path}");
    }
    for path in [
        report_data("Water by location"),
        report_definition("Water by location"),
    ] {
        let refused = answer(&app, &path, &energy).await;
        assert!(refused_for_its_patterns(&refused), "{path}: {refused:?}");
        let message = refused.1["message"].as_str().unwrap();
        assert!(
            message.contains("energy*"),
            "the patterns are named: {message}"
        );
    }
    // A name that matches no pattern is refused whether or not such a
    // report exists: the answer tells nothing of reports it may not read.
    let made_up = answer(&app, &report_data("Secret plans"), &energy).await;
    assert!(refused_for_its_patterns(&made_up), "{made_up:?}");
    // One that matches but names no report is simply not found.
    let (status, _) = answer(&app, &report_data("Energy forecast"), &energy).await;
    assert_eq!(status, 404);

    // Every report's readings at once is more than it may read.
    let all = answer(&app, endpoints::Data::PATH, &energy).await;
    assert!(refused_for_its_patterns(&all), "{all:?}");
    assert!(
        all.1["message"]
            .as_str()
            .unwrap()
            .contains("/api/data/{report_name}"),
        "it says how to read its reports: {all:?}"
    );

    // The listing shows the reports it may read, and only those.
    assert_eq!(listed(&app, &energy).await, ["Energy by location"]);

    // The rest of the API is untouched, and an unlimited token reads everything.
    assert_eq!(
        app.use_token::<endpoints::Meta>(&energy).await.status(),
        200
    );
    let (_, every) = limited_token(&alice, "every report", &[]).await;
    assert_eq!(answer(&app, endpoints::Data::PATH, &every).await.0, 200);
    assert_eq!(
        listed(&app, &every).await,
        ["Energy by location", "Water by location"]
    );
}

#[tokio::test]
async fn a_refusal_for_a_report_is_in_token_logs_and_the_string_still_works_elsewhere_r29() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let (_, water) = limited_token(&alice, "water feed", &["Water by location"]).await;
    let refused = app
        .api_get(&report_data("Energy by location"), &water)
        .await;
    assert_eq!(refused.status(), 403);
    assert!(
        refused.headers().get("tessera-token-expiration").is_some(),
        "a string refused for a report is told when it stops, as for its Scope"
    );
    assert_eq!(
        answer(&app, &report_data("Water by location"), &water)
            .await
            .0,
        200
    );
    let logs: Value = alice
        .token_logs("token=water&activity=AUTHENTICATE&result=Fail")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        logs["entries"][0]["detail"], "report not in its patterns",
        "{logs}"
    );
    let itself: Value = app
        .use_token::<endpoints::TokenSelf>(&water)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(itself["report_patterns"], json!(["Water by location"]));
}

#[tokio::test]
async fn a_report_added_later_is_covered_when_its_name_matches_and_refused_when_not_r29() {
    let mut app = TestApp::own().start().await;
    let alice = app.portal("alice@demo.example").await;
    let (_, energy) = limited_token(&alice, "energy feed", &["Energy*"]).await;
    drop(alice);
    app.stop_seed_and_restart(|db, demo| {
        fixtures::add_report(db, demo.demo_org(), "Energy 2027", "Electricity");
        fixtures::add_report(db, demo.demo_org(), "Water 2027", "Water");
    })
    .await;
    assert_eq!(
        answer(&app, &report_data("Energy 2027"), &energy).await.0,
        200
    );
    let refused = answer(&app, &report_data("Water 2027"), &energy).await;
    assert!(refused_for_its_patterns(&refused), "{refused:?}");
    assert_eq!(
        listed(&app, &energy).await,
        ["Energy by location", "Energy 2027"]
    );
}

#[tokio::test]
async fn patterns_are_checked_when_saved_and_a_refused_save_changes_nothing_r29() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let before = alice.tokens_of(alice.login_id).await.len();
    let too_many: Vec<String> = (0..21).map(|i| format!("Report {i}")).collect();
    for patterns in [
        json!(["*"]),
        json!(["Energy", "**"]),
        json!(["x".repeat(101)]),
        json!(["Water\u{200B}use"]),
        json!(too_many),
        json!("Energy*"),
    ] {
        let refused = alice
            .request::<endpoints::CreateToken>(alice.login_id)
            .json(&json!({
                "name": "limited", "expiry": "30_days", "scope": ["report_record"],
                "report_patterns": patterns,
            }))
            .send()
            .await
            .unwrap();
        let status = refused.status().as_u16();
        let body: Value = refused.json().await.unwrap_or(Value::Null);
        match patterns.is_array() {
            true => assert_eq!(
                (status, &body["field"]),
                (422, &json!("report_patterns")),
                "{patterns}: {body}"
            ),
            false => assert_eq!(status, 400, "not a list: {body}"),
        }
    }
    assert_eq!(
        alice.tokens_of(alice.login_id).await.len(),
        before,
        "nothing was made"
    );

    // Patterns are kept trimmed and once; an edit that changes them ends
    // the string (R6), one that leaves them out keeps them.
    let (token, string) = limited_token(&alice, "limited", &["Energy*"]).await;
    // Saves the token as it is, with `patterns` when given; the patterns
    // the answer holds.
    let save = |patterns: Option<Value>| async {
        let version = alice
            .tokens_of(alice.login_id)
            .await
            .into_iter()
            .find(|t| t.id == token)
            .unwrap()
            .version;
        let mut body = json!({ "name": "limited", "expiry": "30_days",
                               "scope": ["meta_record", "report_record"], "version": version });
        if let Some(patterns) = patterns {
            body["report_patterns"] = patterns;
        }
        let saved = alice.edit(token, body).await;
        assert_eq!(saved.status(), 200);
        saved.json::<Value>().await.unwrap()["report_patterns"].clone()
    };
    assert_eq!(save(None).await, json!(["Energy*"]));
    assert_eq!(
        answer(&app, &report_data("Energy by location"), &string)
            .await
            .0,
        200,
        "nothing changed, so the string still works"
    );
    assert_eq!(
        save(Some(json!(["  Water* ", "water*"]))).await,
        json!(["Water*"])
    );
    assert_eq!(
        answer(&app, &report_data("Water by location"), &string)
            .await
            .0,
        401
    );
    let fresh = alice.token_string(token).await;
    assert_eq!(
        answer(&app, &report_data("Water by location"), &fresh)
            .await
            .0,
        200
    );
    assert!(refused_for_its_patterns(
        &answer(&app, &report_data("Energy by location"), &fresh).await
    ));
}
