//! Guessing passwords and token strings (R16): throttles that hold under
//! parallel guesses, keyed by what a client cannot choose.

use super::*;

#[tokio::test]
async fn parallel_wrong_guesses_are_checked_no_more_than_the_free_allowance_r16() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    allow_basic(&admin, true).await;

    // 40 sign-ins and 40 Basic attempts at once, all wrong, one login, one address.
    let sign_ins = (0..40).map(|i| {
        let app = &app;
        async move {
            sign_in_from(
                app,
                "203.0.113.5",
                "alice@demo.example",
                &format!("guess-{i}"),
            )
            .await
        }
    });
    let basics = (0..40).map(|i| {
        let app = &app;
        async move {
            basic_request(
                app,
                "203.0.113.5",
                "alice@demo.example",
                &format!("guess-{i}"),
            )
            .header("x-request-id", format!("guess-{i}"))
            .send()
            .await
            .expect("answered")
        }
    });
    let (sign_ins, basics) = tokio::join!(join_all(sign_ins), join_all(basics));
    let all: Vec<Response> = sign_ins.into_iter().chain(basics).collect();

    let (ok, checked, waited) = statuses(&all);
    println!(
        "80 parallel wrong guesses for one login: {checked} checked, {waited} refused with 429"
    );
    assert_eq!(ok, 0);
    assert!(
        (1..=5).contains(&checked),
        "sign-in and Basic share one allowance of 5 checked passwords; {checked} were checked"
    );
    assert_eq!(checked + waited, 80, "every other attempt waits");
    for response in all.iter().filter(|r| r.status() == 429) {
        assert!((1..=30).contains(&retry_after(response)));
    }
    // The Basic attempts that were checked, and only they, have their
    // entries, already when answered (R17: no answer before its entry is
    // durable, so there is nothing to wait for). Compared by request, not by
    // counting lines: a group of entries still being written when its
    // writer's lease runs out is written again by the next writer, a
    // duplicate line of the same attempt (services/auth/authentication_log.rs),
    // not an attempt more.
    let basic_checked: std::collections::BTreeSet<String> = all[40..]
        .iter()
        .filter(|r| r.status() == 401)
        .map(|r| r.headers()["x-request-id"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(basic_failures(&app, app.demo.alice()), basic_checked);
}

#[tokio::test]
async fn an_attacker_hammering_a_login_does_not_keep_its_owner_out_r16() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    allow_basic(&admin, true).await;

    // The attacker, from one address, keeps guessing while the owner signs in elsewhere.
    let attack = async {
        let mut answers = Vec::new();
        for round in 0..5 {
            let guesses = (0..20).map(|i| {
                let app = &app;
                async move {
                    sign_in_from(
                        app,
                        "198.51.100.66",
                        "alice@demo.example",
                        &format!("guess-{round}-{i}"),
                    )
                    .await
                    .status()
                    .as_u16()
                }
            });
            answers.extend(join_all(guesses).await);
        }
        answers
    };
    let owner = async {
        // Let the attack get going first.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let signed_in = sign_in_from(&app, "192.0.2.10", "alice@demo.example", DEMO_PASSWORD).await;
        let basic = basic_from(&app, "192.0.2.10", "alice@demo.example", DEMO_PASSWORD).await;
        (signed_in.status().as_u16(), basic.status().as_u16())
    };
    let (answers, (signed_in, basic)) = tokio::join!(attack, owner);

    let locked_out = answers.iter().filter(|status| **status == 429).count();
    println!(
        "attacker: {locked_out} of {} guesses refused with 429; owner from another address: sign-in {signed_in}, Basic {basic}",
        answers.len()
    );
    assert!(locked_out >= 90, "the attacker is locked out: {answers:?}");
    assert_eq!(signed_in, 200, "the owner signs in from their own address");
    assert_eq!(basic, 200, "and their script's Basic authentication works");
    // The attacker's address is still locked after the owner's success.
    assert_eq!(
        sign_in_from(&app, "198.51.100.66", "alice@demo.example", DEMO_PASSWORD)
            .await
            .status(),
        429
    );
}

#[tokio::test]
async fn ipv6_guesses_from_one_64_block_share_one_lock_r16() {
    let app = spawn_app().await;
    for i in 1..=5 {
        let address = format!("2001:db8:7:7::{i:x}");
        let response = sign_in_from(&app, &address, "alice@demo.example", "guess").await;
        assert_eq!(response.status(), 401, "guess {i}");
    }
    let sixth = sign_in_from(
        &app,
        "2001:db8:7:7:ffff::1",
        "alice@demo.example",
        DEMO_PASSWORD,
    )
    .await;
    assert_eq!(sixth.status(), 429, "a fresh address in the same /64 waits");
    let elsewhere =
        sign_in_from(&app, "2001:db8:7:8::1", "alice@demo.example", DEMO_PASSWORD).await;
    assert_eq!(elsewhere.status(), 200, "another /64 is another client");
}

#[tokio::test]
async fn headers_a_client_sets_never_choose_the_throttle_key_r16() {
    let app = spawn_app().await;
    for i in 1..=6 {
        let response = app
            .new_client()
            .post(app.url(endpoints::SignIn::PATH))
            .header("x-forwarded-for", format!("10.0.0.{i}"))
            .header("x-real-ip", format!("10.0.1.{i}"))
            .header("forwarded", format!("for=10.0.2.{i}"))
            .json(&json!({ "email": app.email("alice@demo.example"), "password": "guess" }))
            .send()
            .await
            .unwrap();
        let expected = if i <= 5 { 401 } else { 429 };
        assert_eq!(response.status(), expected, "attempt {i}");
    }
}

#[tokio::test]
async fn every_refusal_before_success_is_the_same_answer_whatever_the_password_r16() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    // Each comparison from its own address, so the throttle stays out of it.
    let compare = |address: &'static str, email: &'static str, why: &'static str| {
        let app = &app;
        async move {
            let right = basic_from(app, address, email, DEMO_PASSWORD).await;
            let wrong = basic_from(app, &format!("{address}1"), email, "not-the-password").await;
            assert_eq!(right.status(), 401, "{why}");
            assert_eq!(wrong.status(), 401, "{why}");
            assert_eq!(
                right.headers()["www-authenticate"],
                wrong.headers()["www-authenticate"],
                "{why}"
            );
            let (right, wrong): (Value, Value) =
                (right.json().await.unwrap(), wrong.json().await.unwrap());
            assert_eq!(
                right, wrong,
                "{why}: the answer must not confirm the password"
            );
        }
    };
    compare("192.0.2.1", "alice@demo.example", "Basic switched off").await;
    allow_basic(&admin, true).await;
    compare("192.0.2.2", "bob@demo.example", "login not activated").await;
    let (status, _) = admin
        .call(
            reqwest::Method::POST,
            &endpoints::ChangeLogin::path(app.demo.dave()),
            Some(json!({ "change": "disable" })),
        )
        .await;
    assert_eq!(status, 204);
    compare("192.0.2.3", "dave@demo.example", "login disabled").await;

    // Sign-in: a disabled login's right password gets a wrong password's answer.
    let right = sign_in_from(&app, "192.0.2.4", "dave@demo.example", DEMO_PASSWORD).await;
    let wrong = sign_in_from(&app, "192.0.2.5", "dave@demo.example", "not-the-password").await;
    let unknown = sign_in_from(&app, "192.0.2.6", "nobody@demo.example", "not-the-password").await;
    for response in [&right, &wrong, &unknown] {
        assert_eq!(response.status(), 401);
        assert!(response.headers().get("set-cookie").is_none());
    }
    let (right, wrong, unknown): (Value, Value, Value) = (
        right.json().await.unwrap(),
        wrong.json().await.unwrap(),
        unknown.json().await.unwrap(),
    );
    assert_eq!(right, wrong);
    assert_eq!(wrong, unknown);
    assert_eq!(right["code"], "invalid_credentials");
    assert!(
        right["message"].as_str().unwrap().contains("disabled"),
        "the one answer names every reason: {right}"
    );
}

#[tokio::test]
async fn made_up_token_strings_from_one_address_are_stopped_by_the_rate_limit_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let good = alice.token_string(app.demo.power_bi_refresh()).await;
    let made_up = |i: u8| tessera_tests::known_token_string(i.wrapping_add(100)).0;

    // 250 well-formed strings that match no token, at once, from one address:
    // the binding lets 100 failures a minute through (two windows at most
    // while this runs), the rest wait.
    let floods = (0..250u32).map(|i| {
        let app = &app;
        let string = made_up((i % 200) as u8);
        async move {
            app.script_client()
                .get(app.url(endpoints::Meta::PATH))
                .header("cf-connecting-ip", "203.0.113.99")
                .bearer_auth(string)
                .send()
                .await
                .expect("answered")
        }
    });
    let answers = join_all(floods).await;
    let (ok, refused, waited) = statuses(&answers);
    println!(
        "250 made-up strings from one address: {refused} checked (401), {waited} refused with 429"
    );
    assert_eq!(ok, 0);
    assert_eq!(refused + waited, 250);
    assert!(
        refused <= 200 && waited >= 50,
        "{refused} were checked, {waited} waited"
    );
    let throttled = answers.iter().find(|r| r.status() == 429).unwrap();
    assert!((1..=60).contains(&retry_after(throttled)));

    // The address waits even with a good token; everyone else is unaffected.
    let blocked = app
        .script_client()
        .get(app.url(endpoints::Meta::PATH))
        .header("cf-connecting-ip", "203.0.113.99")
        .bearer_auth(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(blocked.status(), 429);
    let elsewhere = app
        .script_client()
        .get(app.url(endpoints::Meta::PATH))
        .header("cf-connecting-ip", "203.0.113.100")
        .bearer_auth(&good)
        .send()
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 200);
}
