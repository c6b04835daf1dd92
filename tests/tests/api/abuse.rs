//! Abuse resistance (R16): the defences that must hold under many parallel
//! requests and hostile clients, not only one request at a time.

use std::io::{Read, Write};
use std::time::Duration;

use futures_util::future::join_all;
use reqwest::{Client, Response};
use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{DEMO_PASSWORD, Portal, TestApp, eventually, fixtures, spawn_app};

/// `POST /api/session` as a browser at `address` (Cloudflare's
/// `CF-Connecting-IP`; the local runtime takes it from the client).
async fn sign_in_from(app: &TestApp, address: &str, email: &str, password: &str) -> Response {
    app.script_client()
        .post(app.url(endpoints::SignIn::PATH))
        .header("cf-connecting-ip", address)
        .json(&json!({ "email": app.email(email), "password": password }))
        .send()
        .await
        .expect("answered")
}

/// `GET /api/meta` with Basic credentials from `address`.
async fn basic_from(app: &TestApp, address: &str, email: &str, password: &str) -> Response {
    app.script_client()
        .get(app.url(endpoints::Meta::PATH))
        .header("cf-connecting-ip", address)
        .basic_auth(app.email(email), Some(password))
        .send()
        .await
        .expect("answered")
}

async fn allow_basic(admin: &Portal<'_>, enabled: bool) {
    let (status, body) = admin
        .call(
            reqwest::Method::PUT,
            endpoints::SetBasicAuth::PATH,
            Some(json!({ "enabled": enabled })),
        )
        .await;
    assert_eq!(status, 200, "{body}");
}

fn statuses(responses: &[Response]) -> (usize, usize, usize) {
    let count = |status: u16| responses.iter().filter(|r| r.status() == status).count();
    (count(200), count(401), count(429))
}

fn retry_after(response: &Response) -> i64 {
    response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// AUTHENTICATE `Fail` entries of Basic attempts for `login_id`: one per
/// password actually checked.
fn basic_failures(app: &TestApp, login_id: i64) -> i64 {
    fixtures::basic_entries(&app.database(), login_id, "Fail")
}

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
            basic_from(
                app,
                "203.0.113.5",
                "alice@demo.example",
                &format!("guess-{i}"),
            )
            .await
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
    // The Basic attempts that were checked are the only ones logged as failures.
    let basic_checked = all[40..].iter().filter(|r| r.status() == 401).count() as i64;
    eventually(
        Duration::from_secs(10),
        "the checked Basic attempts' entries",
        || async { (basic_failures(&app, app.demo.alice()) == basic_checked).then_some(()) },
    )
    .await;
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

/// Sends a `Transfer-Encoding: chunked` body of `total` bytes (no
/// `Content-Length`) to `path` over a raw connection, and returns the
/// status line the server answers with.
fn post_chunked(address: &str, path: &str, total: usize, chunk_size: usize) -> String {
    let host = address.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream
        .set_read_timeout(Some(tessera_tests::ANSWER_WITHIN))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n\
         Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let chunk = vec![b' '; chunk_size];
    let mut sent = 0;
    // The server may answer and close before the body is over: stop writing then.
    while sent < total {
        let head = format!("{:x}\r\n", chunk.len());
        let written = stream
            .write_all(head.as_bytes())
            .and_then(|()| stream.write_all(&chunk))
            .and_then(|()| stream.write_all(b"\r\n"));
        if written.is_err() {
            break;
        }
        sent += chunk.len();
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    answer.lines().next().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn a_chunked_body_past_16_kib_is_refused_without_being_buffered_r16() {
    let app = TestApp::own().vars(&[("BENCH_ROUTES", "on")]).start().await;
    let post = |total: usize, chunk: usize| {
        let address = app.address.clone();
        tokio::task::spawn_blocking(move || {
            post_chunked(&address, endpoints::SignIn::PATH, total, chunk)
        })
    };
    let small = post(8 * 1024, 1024).await.unwrap();
    assert!(
        small.starts_with("HTTP/1.1 400"),
        "8 KiB of spaces in 1 KiB chunks is within the limit, and simply not JSON: {small:?}"
    );
    let before = app.wasm_memory().await;
    let status_line = post(20 * 1024 * 1024, 64 * 1024).await.unwrap();
    assert!(
        status_line.starts_with("HTTP/1.1 413"),
        "a 20 MB chunked body: {status_line:?}"
    );
    // Held whole, the body would have grown the worker's memory by 20 MB.
    let grew = app.wasm_memory().await - before;
    println!("a 20 MB chunked body: {status_line}; the worker's memory grew by {grew} bytes");
    assert!(
        grew < 1024.0 * 1024.0,
        "the worker's memory grew by {grew} bytes for a 20 MB body"
    );
    let health = app
        .script_client()
        .get(app.url(endpoints::HealthCheck::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(health.status(), 200, "the runtime still answers");
}

/// The `src` and `href` of every file `index.html` loads from the build.
fn built_files(index: &str) -> Vec<String> {
    index
        .split(['"', '\''])
        .filter(|part| part.starts_with("/pkg-"))
        .map(str::to_owned)
        .collect()
}

#[tokio::test]
async fn the_portal_and_the_api_send_hardening_headers_r16() {
    let app = spawn_app().await;
    let client = app.script_client();
    let index = client.get(app.url("/")).send().await.unwrap();
    let index_text = {
        let headers = index.headers().clone();
        let text = index.text().await.unwrap();
        check_hardening(&headers, "/");
        text
    };
    let files = built_files(&index_text);
    assert!(files.len() >= 4, "the page loads its files: {files:?}");
    assert!(
        !index_text.contains("<script>") && !index_text.contains("<script type=\"module\">"),
        "no inline script for the policy to allow"
    );
    let mut paths: Vec<String> = vec!["/access-tokens".into(), endpoints::HealthCheck::PATH.into()];
    paths.extend(files);
    for path in &paths {
        let response = client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        check_hardening(response.headers(), path);
    }
    let api_error = client
        // A path no route of the contract has.
        .get(app.url("/api/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(api_error.status(), 404);
    check_hardening(api_error.headers(), "a JSON error");
}

fn check_hardening(headers: &reqwest::header::HeaderMap, what: &str) {
    let header = |name: &str| {
        headers
            .get(name)
            .unwrap_or_else(|| panic!("{what} lacks {name}"))
            .to_str()
            .unwrap()
            .to_owned()
    };
    let policy = header("content-security-policy");
    for directive in [
        "default-src 'none'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ] {
        assert!(policy.contains(directive), "{what}: {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{what}: {policy}");
    assert_eq!(header("x-content-type-options"), "nosniff", "{what}");
    assert_eq!(header("referrer-policy"), "no-referrer", "{what}");
    assert!(
        headers.get("strict-transport-security").is_none(),
        "{what}: no HSTS on plain-HTTP localhost"
    );
}

#[tokio::test]
async fn a_response_carrying_a_token_string_is_never_cached_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let response = alice.generate(app.demo.power_bi_refresh()).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn authorization_schemes_are_case_insensitive_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let token = alice.token_string(app.demo.power_bi_refresh()).await;
    for scheme in ["Bearer", "bearer", "BEARER", "bEaReR"] {
        let response = app
            .script_client()
            .get(app.url(endpoints::Meta::PATH))
            .header("authorization", format!("{scheme} {token}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{scheme}");
    }
    let admin = app.portal("sysadmin@demo.example").await;
    allow_basic(&admin, true).await;
    use base64::Engine;
    let credentials = base64::engine::general_purpose::STANDARD.encode(format!(
        "{}:{DEMO_PASSWORD}",
        app.email("alice@demo.example")
    ));
    for scheme in ["basic", "BASIC"] {
        let response = app
            .script_client()
            .get(app.url(endpoints::Meta::PATH))
            .header("authorization", format!("{scheme} {credentials}"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{scheme}");
    }
}

#[tokio::test]
async fn administrators_removing_each_other_at_once_always_leave_one_r16() {
    // Other Org gets eight enabled system administrators, and each one, at
    // the same moment, removes the next one's administrator status (the
    // last one disables the first).
    let app = TestApp::own()
        .seed(|db, demo| fixtures::add_system_admins(db, demo.olga(), 7, "other.example"))
        .start()
        .await;
    let emails: Vec<String> = std::iter::once("admin@other.example".to_owned())
        .chain((1..8).map(|i| format!("admin{i}@other.example")))
        .collect();
    let mut admins = Vec::new();
    for email in &emails {
        admins.push(app.portal(email).await);
    }
    let ids: Vec<i64> = admins.iter().map(|admin| admin.login_id).collect();
    let changes = admins.iter().enumerate().map(|(i, admin)| {
        let target = ids[(i + 1) % ids.len()];
        let change = if i == ids.len() - 1 {
            "disable"
        } else {
            "remove_system_admin"
        };
        async move {
            admin
                .call(
                    reqwest::Method::POST,
                    &endpoints::ChangeLogin::path(target),
                    Some(json!({ "change": change })),
                )
                .await
        }
    });
    let answers = join_all(changes).await;

    let remaining = fixtures::enabled_system_admins(&app.database(), app.demo.other_org());
    println!("8 administrators removing each other at once: {remaining} left");
    assert!(
        remaining >= 1,
        "no enabled system administrator left: {answers:?}"
    );
    let applied = answers.iter().filter(|(status, _)| *status == 204).count() as i64;
    assert_eq!(applied, 8 - remaining, "{answers:?}");
    for (status, body) in answers.iter().filter(|(status, _)| *status != 204) {
        assert!(
            [401, 403, 409].contains(status),
            "refused as the last administrator (409), as no longer one (403), or signed out \
             by being disabled (401): {status} {body}"
        );
    }
}

#[tokio::test]
async fn generating_a_token_beyond_the_maximum_lifetime_is_refused_until_it_is_edited_r3_r16() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    // Token 1, "Nightly export", never expires; then a maximum is set.
    let (status, body) = admin
        .call(
            reqwest::Method::PUT,
            endpoints::SetTokenPolicy::PATH,
            Some(json!({ "max_token_lifetime_days": 30 })),
        )
        .await;
    assert_eq!(status, 200, "{body}");

    let refused = alice.generate(app.demo.nightly_export()).await;
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "validation_failed");
    assert_eq!(body["field"], "expiry");
    assert!(
        body["message"].as_str().unwrap().contains("30 days"),
        "names the limit: {body}"
    );

    let current: Value = alice
        .list_tokens(app.demo.alice())
        .await
        .json()
        .await
        .unwrap();
    let version = current["tokens"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["id"] == app.demo.nightly_export())
        .unwrap()["version"]
        .clone();
    let edited = alice
        .edit(
            app.demo.nightly_export(),
            json!({ "name": "Nightly export", "expiry": "30_days", "scope": ["report_record"], "version": version }),
        )
        .await;
    assert_eq!(edited.status(), 200);
    assert_eq!(
        alice.generate(app.demo.nightly_export()).await.status(),
        200,
        "within the maximum now"
    );
}

async fn create(alice: &Portal<'_>, name: &str) -> (u16, Value) {
    let response = alice
        .create_token(alice.login_id, name, "30_days", &["meta_record"])
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn names_that_look_the_same_are_the_same_name_r2_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;

    assert_eq!(create(&alice, "Weekly sync").await.0, 201);
    let (status, body) = create(&alice, "weekly SYNC").await;
    assert_eq!(status, 409, "case does not make a new name: {body}");
    assert_eq!(body["code"], "token_name_taken");

    let (status, body) = create(&alice, "Cafe\u{301} feed").await;
    assert_eq!(status, 201);
    assert_eq!(body["name"], "Caf\u{e9} feed", "stored composed (NFC)");
    assert_eq!(create(&alice, "Caf\u{e9} feed").await.0, 409);

    for name in [
        "pay\u{202E}lortxt",
        "night\u{200B}ly",
        "\u{2066}hidden\u{2069}",
    ] {
        let (status, body) = create(&alice, name).await;
        assert_eq!(status, 422, "{name:?}: {body}");
        assert_eq!(body["field"], "name");
    }
    let live = fixtures::live_tokens_of(&app.database(), app.demo.alice());
    assert_eq!(live, 4, "alice's two demo tokens and the two accepted ones");
}

#[tokio::test]
async fn sign_out_everywhere_ends_every_session_at_once_r14_r16() {
    let app = spawn_app().await;
    let laptop = app.portal("alice@demo.example").await;
    let phone = app.portal("alice@demo.example").await;
    let (status, _) = laptop
        .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
        .await;
    assert_eq!(status, 200);

    let (status, _) = phone
        .call(
            reqwest::Method::DELETE,
            endpoints::SignOutEverywhere::PATH,
            None,
        )
        .await;
    assert_eq!(status, 204);
    // The laptop's session is still in KV: D1 says it has ended.
    for portal in [&laptop, &phone] {
        let (status, body) = portal
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await;
        assert_eq!(status, 401, "{body}");
    }
    let again = app.portal("alice@demo.example").await;
    let (status, _) = again
        .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
        .await;
    assert_eq!(status, 200, "a new sign-in opens a new session");
}

#[tokio::test]
async fn a_system_administrator_signs_another_login_out_everywhere_r14_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let admin = app.portal("sysadmin@demo.example").await;
    let (status, body) = admin
        .call(
            reqwest::Method::POST,
            &endpoints::ChangeLogin::path(alice.login_id),
            Some(json!({ "change": "sign_out_everywhere" })),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    assert_eq!(
        alice
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await
            .0,
        401
    );
    assert_eq!(
        admin
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await
            .0,
        200
    );

    let dave = app.portal("dave@demo.example").await;
    let (status, _) = dave
        .call(
            reqwest::Method::POST,
            &endpoints::ChangeLogin::path(alice.login_id),
            Some(json!({ "change": "sign_out_everywhere" })),
        )
        .await;
    assert_eq!(status, 403, "only system administrators");
}

#[tokio::test]
async fn re_enabling_a_login_does_not_bring_its_old_sessions_back_r14_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let admin = app.portal("sysadmin@demo.example").await;
    for change in ["disable", "enable"] {
        let (status, body) = admin
            .call(
                reqwest::Method::POST,
                &endpoints::ChangeLogin::path(alice.login_id),
                Some(json!({ "change": change })),
            )
            .await;
        assert_eq!(status, 204, "{change}: {body}");
    }
    assert_eq!(
        alice
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await
            .0,
        401,
        "the session ended with the disabling, for good"
    );
    assert_eq!(
        app.portal("alice@demo.example").await.login_id,
        app.demo.alice()
    );
}

#[tokio::test]
async fn a_signed_out_session_is_recorded_as_ended_in_d1_r14_r16() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let hash = {
        use sha2::{Digest, Sha256};
        Sha256::digest(alice.session_id().as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(
        alice
            .call(reqwest::Method::DELETE, endpoints::SignIn::PATH, None)
            .await
            .0,
        204
    );
    let ended = fixtures::session_ended(&app.database(), &hash);
    assert_eq!(
        ended, 1,
        "every location reads the end from D1, not from KV's cache"
    );
    assert_eq!(
        alice
            .call(reqwest::Method::GET, endpoints::GetOrganization::PATH, None)
            .await
            .0,
        401
    );
}

#[tokio::test]
async fn the_session_cookie_takes_the_host_prefix_where_the_connection_is_secure_r14_r16() {
    let app = spawn_app().await;
    // As the portal is reached through a name, not localhost (locally the
    // runtime takes the host from the request).
    let response = Client::new()
        .post(app.url(endpoints::SignIn::PATH))
        .header("host", "tessera.example")
        .json(&json!({ "email": app.email("alice@demo.example"), "password": DEMO_PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("__Host-tessera_session="), "{cookie}");
    for flag in ["Secure", "Path=/", "HttpOnly", "SameSite=Strict"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
    let hsts = response.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.contains("max-age="), "{hsts}");
}
