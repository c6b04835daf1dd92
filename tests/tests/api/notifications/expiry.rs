//! Expiry warnings (R18): once per token and threshold, through every
//! channel, however often the daily run goes.

use super::*;

#[tokio::test]
async fn the_daily_trigger_warns_once_per_token_and_threshold_through_every_channel() {
    let receiver = Receiver::start(&[]).await;
    let (_, nightly) = known_token_string(31);
    let (_, power_bi) = known_token_string(32);
    let (_, other) = known_token_string(33);
    let app = TestApp::own()
        .seed(|db, demo| {
            for (token, expiry_on, hash) in [
                (demo.nightly_export(), day(7), &nightly),
                (demo.power_bi_refresh(), day(30), &power_bi),
                (demo.other_org_integration(), day(7), &other),
            ] {
                fixtures::set_expiry_on(db, token, &expiry_on);
                fixtures::give_string(db, token, hash);
            }
            alice_token(db, demo, (TOMORROW, "Tomorrow"), &day(1), Some(34), now());
            alice_token(db, demo, (FIVE_DAYS, "Five days"), &day(5), Some(35), now());
            alice_token(db, demo, (FAR_AWAY, "Far away"), &day(45), Some(36), now());
            // No string: nothing uses it, nobody is warned.
            alice_token(db, demo, (NO_STRING, "No string"), &day(7), None, 0);
            fixtures::set_webhook(db, demo.demo_org(), &receiver.url);
        })
        .start()
        .await;

    // Twice at once, then once more.
    join_all((0..2).map(|_| app.run_scheduled())).await;
    app.run_scheduled().await;

    let db = app.database();
    let mut claimed = fixtures::warnings(&db);
    claimed.sort();
    let expected: Vec<(i64, String)> = [
        (app.demo.nightly_export(), "expiry_7"),
        (app.demo.power_bi_refresh(), "expiry_30"),
        (app.demo.other_org_integration(), "expiry_7"),
        (app.demo.id(TOMORROW), "expiry_1"),
        (app.demo.id(FIVE_DAYS), "expiry_7"),
    ]
    .into_iter()
    .map(|(id, kind)| (id, kind.to_owned()))
    .collect();
    assert_eq!(
        claimed, expected,
        "the nearest threshold each token reached"
    );

    // The owner's notices in the portal.
    let alice_notices = notices(&app, "alice@demo.example").await;
    assert_eq!(alice_notices.len(), 4, "{alice_notices:#?}");
    assert!(
        alice_notices
            .iter()
            .any(|n| n.contains("“Tomorrow”") && n.contains("tomorrow"))
    );
    assert!(alice_notices.iter().any(|n| n.contains("in 30 days")));
    assert_eq!(notices(&app, "admin@other.example").await.len(), 1);
    // Each an expiry notice, with its token's Expiry On to be grouped by.
    let alice = app.portal("alice@demo.example").await;
    for notice in alice.notice_list().await {
        assert_eq!(notice.kind, tessera_shared::notices::NoticeKind::Expiring);
        let token = notice.token_id.expect("about a token");
        let expiry_on = notice.expiry_on.clone().expect("a token that expires");
        let names = [
            (app.demo.id(TOMORROW), day(1)),
            (app.demo.nightly_export(), day(7)),
        ];
        if let Some((_, day)) = names.iter().find(|(id, _)| *id == token) {
            assert_eq!(&expiry_on, day, "{notice:?}");
        }
    }

    // Emails to the owner and to the token admins, each once.
    let recipients = [
        app.email("alice@demo.example"),
        app.email("sysadmin@demo.example"),
        app.email("admin@other.example"),
    ];
    eventually(
        Duration::from_secs(30),
        "every email to be sent",
        || async { (app.sent_emails(&recipients).len() >= 9).then_some(()) },
    )
    .await;
    // Wait as long again: no email comes twice.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let emails = app.sent_emails(&recipients);
    assert_eq!(
        emails.len(),
        9,
        "4 to alice, 4 to the token admin, 1 to olga: {emails:#?}"
    );
    for email in &emails {
        assert!(!email.text.contains("tessera_"), "never a token string");
        assert!(email.text.contains("Tessera never sends token strings"));
    }
    let alice_subjects: Vec<&str> = emails
        .iter()
        .filter(|e| e.to == recipients[0])
        .map(|e| e.subject.as_str())
        .collect();
    for expected in [
        "“Nightly export” expires in 7 days",
        "“Power BI refresh” expires in 30 days",
        "“Tomorrow” expires tomorrow",
        "“Five days” expires in 5 days",
    ] {
        assert_eq!(
            alice_subjects
                .iter()
                .filter(|s| s.contains(expected))
                .count(),
            1,
            "{expected}: {alice_subjects:#?}"
        );
    }

    // The webhook: one delivery per warning of the organization.
    eventually(Duration::from_secs(30), "the deliveries", || async {
        (receiver.received().len() >= 4).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let mut days_left: Vec<i64> = receiver
        .received()
        .iter()
        .map(|request| {
            assert_eq!(request.headers[EVENT_HEADER], "token.expiring");
            let body: Value = serde_json::from_slice(&request.body).unwrap();
            body["days_left"].as_i64().unwrap()
        })
        .collect();
    days_left.sort();
    assert_eq!(days_left, vec![1, 5, 7, 30]);
}
