//! Token Logs (R12): every change and every use, never a secret.

use std::time::Duration;

use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::tokens::{Activity, AuthResult, TokenLogPage};
use tessera_tests::{TestApp, eventually, fixtures, spawn_app};

#[tokio::test]
async fn every_activity_is_recorded_newest_first_r12() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let token = alice.new_token("Logged", &["meta_record"]).await;
    let string = alice.token_string(token.id).await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&string).await.status(),
        200
    );
    assert_eq!(
        app.use_token::<endpoints::Data>(&string).await.status(),
        403
    );
    let current = alice
        .tokens_of(app.demo.alice())
        .await
        .into_iter()
        .find(|t| t.id == token.id)
        .unwrap();
    let body = serde_json::json!({ "name": "Logged 2", "expiry": current.expiry_on, "scope": current.scope, "version": current.version });
    assert_eq!(alice.edit(token.id, body).await.status(), 200);
    assert_eq!(alice.revoke(token.id).await.status(), 204);

    // AUTHENTICATE entries are written after the response: wait for them.
    let page: TokenLogPage = eventually(
        Duration::from_secs(10),
        "both AUTHENTICATE entries",
        || async {
            let page: TokenLogPage = alice.token_logs("page_size=200").await.json().await.ok()?;
            let mine = page
                .entries
                .iter()
                .filter(|e| e.token_id == Some(token.id))
                .count();
            (mine == 6).then_some(page)
        },
    )
    .await;
    let activities: Vec<_> = page
        .entries
        .iter()
        .filter(|e| e.token_id == Some(token.id))
        .map(|e| e.activity)
        .collect();
    // Newest first; the two AUTHENTICATE entries come between GENERATE and UPDATE.
    assert_eq!(activities[0], Activity::Revoke);
    assert_eq!(activities[1], Activity::Update);
    assert_eq!(activities[4], Activity::Generate);
    assert_eq!(activities[5], Activity::Create);
    let authentications: Vec<_> = page
        .entries
        .iter()
        .filter(|e| e.activity == Activity::Authenticate)
        .collect();
    assert_eq!(authentications.len(), 2);
    assert!(
        authentications
            .iter()
            .all(|e| e.activity_by == "API client")
    );
    assert!(
        authentications
            .iter()
            .any(|e| e.result == Some(AuthResult::Ok))
    );
    assert!(
        authentications
            .iter()
            .any(|e| e.result == Some(AuthResult::Fail)
                && e.detail.as_deref() == Some("outside scope (Report Record)"))
    );
    let create = page
        .entries
        .iter()
        .find(|e| e.activity == Activity::Create && e.token_id == Some(token.id))
        .unwrap();
    assert_eq!(create.activity_by, "Alice Analyst");
    assert_eq!(create.owner.as_deref(), Some("Alice Analyst"));
    let text = serde_json::to_string(&page).unwrap();
    assert!(!text.contains(&string), "no secret in Token Logs");
}

#[tokio::test]
async fn logs_filter_by_token_activity_and_result_r12() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.nightly_export()).await; // Report Record only
    app.use_token::<endpoints::Data>(&string).await;
    app.use_token::<endpoints::Meta>(&string).await;
    eventually(
        Duration::from_secs(10),
        "the AUTHENTICATE entries",
        || async {
            let page: TokenLogPage = alice
                .token_logs("activity=AUTHENTICATE")
                .await
                .json()
                .await
                .ok()?;
            (page.total == 2).then_some(())
        },
    )
    .await;
    let failures: TokenLogPage = alice
        .token_logs("activity=AUTHENTICATE&result=Fail")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(failures.total, 1);
    let by_token: TokenLogPage = alice.token_logs("token=Power").await.json().await.unwrap();
    assert!(
        by_token
            .entries
            .iter()
            .all(|e| e.token_name == "Power BI refresh")
    );
    assert_eq!(by_token.total, 1, "only its CREATE");
    let bad = alice.token_logs("activity=DANCE").await;
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn a_login_reads_only_its_own_tokens_log_r12() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let page: TokenLogPage = alice.token_logs("").await.json().await.unwrap();
    assert!(
        page.entries
            .iter()
            .all(|e| e.owner.as_deref() == Some("Alice Analyst"))
    );
    assert_eq!(alice.token_logs("owner=all").await.status(), 403);
    assert_eq!(alice.token_logs("owner=1").await.status(), 403);

    let admin = app.portal("sysadmin@demo.example").await;
    let everyone: TokenLogPage = admin.token_logs("owner=all").await.json().await.unwrap();
    assert_eq!(
        everyone.total, 2,
        "Demo Org's two CREATEs, none of Other Org's"
    );
    let alices: TokenLogPage = admin
        .token_logs(&format!("owner={}", app.demo.alice()))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(alices.total, 2);
}

#[tokio::test]
async fn the_csv_export_sends_every_entry_the_filters_match_newest_first_r12_r17() {
    // 2,500 AUTHENTICATE entries of alice's token 2, three to each millisecond
    // (ties the export's cursor must not skip or repeat), every fifth a Fail.
    let app = TestApp::own()
        .seed(|db, demo| {
            fixtures::authentications_three_a_millisecond(
                db,
                (demo.demo_org(), demo.power_bi_refresh(), demo.alice()),
                "Power BI refresh",
                2500,
                1_764_460_800_000,
            )
        })
        .start()
        .await;
    let alice = app.portal("alice@demo.example").await;
    let download = |query: &'static str| {
        let alice = &alice;
        async move {
            let response = alice
                .get_with_query::<endpoints::TokenLogsCsv>((), query)
                .await;
            let status = response.status().as_u16();
            (status, response.text().await.unwrap())
        }
    };
    let (status, all) = download("").await;
    assert_eq!(status, 200);
    let lines: Vec<&str> = all.lines().collect();
    assert_eq!(
        lines[0],
        "activity_on,token,activity,activity_by,owner,result,detail,client_address,client_country,user_agent,endpoint"
    );
    assert_eq!(
        lines.len(),
        1 + 2_500 + 2,
        "every entry of alice's tokens: 2,500 and two CREATEs"
    );
    let stamps: Vec<&str> = lines[1..]
        .iter()
        .map(|line| line.split(',').next().unwrap())
        .collect();
    assert!(
        stamps
            .windows(2)
            .all(|pair| pair[0].trim_matches('"') >= pair[1].trim_matches('"')),
        "newest first"
    );

    let (status, failed) = download("result=Fail&activity=AUTHENTICATE").await;
    assert_eq!(status, 200);
    let failed: Vec<&str> = failed.lines().skip(1).collect();
    assert_eq!(failed.len(), 500, "the page's filters apply");
    assert!(failed.iter().all(|line| line.contains("token expired")));

    let (status, body) = download("owner=all").await;
    assert_eq!(status, 403, "{body}");
}

#[tokio::test]
async fn each_authentication_keeps_its_client_and_endpoint_and_filters_by_address() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let both = alice.token_string(app.demo.power_bi_refresh()).await;
    let report_only = alice.token_string(app.demo.nightly_export()).await;
    let long_agent = format!("nightly-job/1.0 {}", "x".repeat(300));
    let call = |path: &str, string: &str, address: &str| {
        app.script_client()
            .get(app.url(path))
            .bearer_auth(string.to_owned())
            .header("cf-connecting-ip", address.to_owned())
            .header("user-agent", long_agent.clone())
            .send()
    };
    assert_eq!(
        call(endpoints::MetaReports::PATH, &both, "203.0.113.50")
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        call(endpoints::Meta::PATH, &report_only, "2001:db8::7")
            .await
            .unwrap()
            .status(),
        403
    );

    let page: serde_json::Value = alice
        .token_logs("activity=AUTHENTICATE")
        .await
        .json()
        .await
        .unwrap();
    let entries = page["entries"].as_array().unwrap();
    let ok = entries
        .iter()
        .find(|e| e["result"] == "OK")
        .expect("the OK entry");
    assert_eq!(ok["client_address"], "203.0.113.50");
    assert_eq!(
        ok["endpoint"],
        format!("GET {}", endpoints::MetaReports::PATH)
    );
    let agent = ok["user_agent"].as_str().unwrap_or_else(|| panic!("{ok}"));
    assert!(agent.starts_with("nightly-job/1.0 xxx"), "{agent}");
    assert_eq!(agent.chars().count(), 200, "trimmed");
    let failed = entries
        .iter()
        .find(|e| e["result"] == "Fail")
        .expect("the Fail entry");
    assert_eq!(failed["client_address"], "2001:db8::7");
    assert_eq!(failed["endpoint"], format!("GET {}", endpoints::Meta::PATH));
    assert_eq!(failed["detail"], "outside scope (Meta Record)");

    let filtered: serde_json::Value = alice
        .token_logs("activity=AUTHENTICATE&address=203.0.113.")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(filtered["total"], 1);
    assert_eq!(filtered["entries"][0]["client_address"], "203.0.113.50");
}
