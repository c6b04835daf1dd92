//! A rotation's overlap (R19): the previous string works until the new one
//! is first used or the grace period ends, logged once.

use super::*;

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
