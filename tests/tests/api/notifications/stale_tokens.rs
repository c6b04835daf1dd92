//! The stale-token policy (R21): a week's warning, then one revocation.

use super::*;

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
