//! Leaked token strings (R24): a report from anyone, and a signed
//! report from a secret-scanning provider in GitHub's partner format. Every
//! string that works is revoked at once; the public answer never says which.

use base64::Engine;
use futures_util::future::join_all;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use p256::pkcs8::{EncodePublicKey, LineEnding};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use tessera_shared::TokenString;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::leaks::{KEY_IDENTIFIER_HEADER, SIGNATURE_HEADER};
use tessera_shared::token_string::RANDOM_BYTES;
use tessera_tests::fixtures::{self, schema};
use tessera_tests::{TestApp, known_token_string, spawn_app};

/// `count` well-formed strings no token has (their checksums hold).
fn made_up(count: usize, salt: u8) -> Vec<String> {
    (0..count)
        .map(|n| {
            let mut random = [salt; RANDOM_BYTES];
            random[..8].copy_from_slice(&(n as u64).to_be_bytes());
            TokenString::from_random(random).expose().to_owned()
        })
        .collect()
}

async fn report(app: &TestApp, credentials: &[String]) -> (u16, String) {
    let response = app
        .script_client()
        .post(app.url(endpoints::RevokeLeaked::PATH))
        .json(&json!({ "credentials": credentials }))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

/// REVOKE entries of the token: (by, detail).
fn revocations(app: &TestApp, token_id: i64) -> Vec<(String, String)> {
    fixtures::revocations(&app.database(), token_id)
}

#[tokio::test]
async fn a_leaked_string_among_a_thousand_is_revoked_and_the_answer_is_the_same_as_for_none() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let leaked = alice.token_string(app.demo.power_bi_refresh()).await;
    assert_eq!(
        app.use_token::<endpoints::Meta>(&leaked).await.status(),
        200
    );

    let mut with_leak = made_up(999, 1);
    with_leak.insert(500, leaked.clone());
    let without = made_up(1000, 2);
    let (status, answer) = report(&app, &with_leak).await;
    let (status_none, answer_none) = report(&app, &without).await;
    assert_eq!(status, 202, "{answer}");
    assert_eq!(
        (status, answer.clone()),
        (status_none, answer_none),
        "the answer never says which strings matched"
    );

    // Revoked at once, by the report, with where it came from.
    let refused = app.use_token::<endpoints::Meta>(&leaked).await;
    assert_eq!(refused.status(), 401);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["reason"], "revoked_or_replaced");
    let entries = revocations(&app, app.demo.power_bi_refresh());
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].0, "Leak report");
    assert!(
        entries[0]
            .1
            .contains("POST /api/credentials/revoke from 10.99."),
        "{entries:?}"
    );
    // The owner is told.
    let notices = alice.notices().await;
    assert!(notices[0].contains("reported as leaked"), "{notices:?}");
    // Reported again: the same answer, nothing more written.
    assert_eq!(
        report(&app, std::slice::from_ref(&leaked)).await,
        (202, answer)
    );
    assert_eq!(revocations(&app, app.demo.power_bi_refresh()).len(), 1);
}

#[tokio::test]
async fn reports_are_rate_limited_per_client_address_under_concurrency() {
    let app = spawn_app().await;
    let one = made_up(1, 3);
    let statuses: Vec<u16> = join_all((0..30).map(|_| report(&app, &one)))
        .await
        .into_iter()
        .map(|(status, _)| status)
        .collect();
    let accepted = statuses.iter().filter(|s| **s == 202).count();
    let limited = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((accepted, limited), (10, 20), "{statuses:?}");
}

#[tokio::test]
async fn a_report_holds_one_to_a_thousand_strings() {
    let app = spawn_app().await;
    for (credentials, status) in [(made_up(1001, 4), 422), (Vec::new(), 422)] {
        let (got, body) = report(&app, &credentials).await;
        assert_eq!(got, status, "{body}");
        let body: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(body["field"], "credentials");
    }
    let response = app
        .script_client()
        .post(app.url(endpoints::RevokeLeaked::PATH))
        .header("content-type", "application/json")
        .body("[\"tessera_x\"]")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
}

/// A provider's key, and the keys document an operator configures from it.
fn provider_key() -> (SigningKey, String) {
    let key = SigningKey::from_bytes(&[7u8; 32].into()).unwrap();
    let pem = key
        .verifying_key()
        .to_public_key_pem(LineEnding::LF)
        .unwrap();
    let published = json!({ "public_keys": [
        { "key_identifier": "test-key-1", "key": pem, "is_current": true }
    ]});
    (key, published.to_string())
}

async fn scan_report(
    app: &TestApp,
    body: &str,
    key_identifier: &str,
    signature: &str,
) -> reqwest::Response {
    app.script_client()
        .post(app.url(endpoints::SecretScanning::PATH))
        .header("content-type", "application/json")
        .header(KEY_IDENTIFIER_HEADER, key_identifier)
        .header(SIGNATURE_HEADER, signature)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

fn sign(key: &SigningKey, body: &str) -> String {
    let signature: Signature = key.sign(body.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(signature.to_der().as_bytes())
}

#[tokio::test]
async fn a_signed_scan_report_is_labelled_per_match_and_its_true_positives_revoked() {
    let (key, published) = provider_key();
    let app = TestApp::own()
        .vars(&[("SECRET_SCANNING_PUBLIC_KEYS", &published)])
        .start()
        .await;
    let alice = app.portal("alice@demo.example").await;
    let leaked = alice.token_string(app.demo.power_bi_refresh()).await;
    let kept = alice.token_string(app.demo.nightly_export()).await;
    let unknown = made_up(1, 5).remove(0);

    let body = json!([
        { "token": leaked, "type": "tessera_token", "url": "https://github.com/acme/app/blob/main/.env", "source": "content" },
        { "token": unknown, "type": "tessera_token", "url": "", "source": "commit" },
    ])
    .to_string();

    // A body changed after signing, an unknown key, no signature: refused, nothing revoked.
    let tampered = body.replace("acme", "acne");
    let signature = sign(&key, &body);
    for (sent, key_identifier, signature) in [
        (tampered.as_str(), "test-key-1", signature.as_str()),
        (body.as_str(), "another-key", signature.as_str()),
        (body.as_str(), "test-key-1", ""),
    ] {
        let response = scan_report(&app, sent, key_identifier, signature).await;
        assert_eq!(response.status(), 401);
        let refusal: Value = response.json().await.unwrap();
        assert_eq!(refusal["code"], "invalid_signature");
    }
    assert_eq!(
        app.use_token::<endpoints::Meta>(&leaked).await.status(),
        200
    );

    let response = scan_report(&app, &body, "test-key-1", &signature).await;
    assert_eq!(response.status(), 200);
    let verdicts: Value = response.json().await.unwrap();
    let hash = |token: &str| {
        Sha256::digest(token.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(
        verdicts,
        json!([
            { "token_hash": hash(&leaked), "token_type": "tessera_token", "label": "true_positive" },
            { "token_hash": hash(&unknown), "token_type": "tessera_token", "label": "false_positive" },
        ])
    );
    assert!(
        !verdicts.to_string().contains(&leaked),
        "never the string itself"
    );
    assert_eq!(
        app.use_token::<endpoints::Meta>(&leaked).await.status(),
        401
    );
    assert_eq!(app.use_token::<endpoints::Data>(&kept).await.status(), 200);
    let entries = revocations(&app, app.demo.power_bi_refresh());
    assert_eq!(entries.len(), 1);
    assert!(
        entries[0].1.contains(
            "found by secret scanning in content at https://github.com/acme/app/blob/main/.env"
        ),
        "{entries:?}"
    );
}

#[tokio::test]
async fn without_configured_keys_no_scan_report_is_accepted() {
    let app = spawn_app().await;
    let (key, _) = provider_key();
    let body = json!([{ "token": made_up(1, 6)[0], "type": "t", "url": "", "source": "content" }])
        .to_string();
    let response = scan_report(&app, &body, "test-key-1", &sign(&key, &body)).await;
    assert_eq!(response.status(), 401);
    let refusal: Value = response.json().await.unwrap();
    assert!(
        refusal["message"]
            .as_str()
            .unwrap()
            .contains("no secret-scanning public keys are configured"),
        "{refusal}"
    );
}

/// A token of alice's allowed to rotate itself, with a string: (id, string).
async fn self_rotating_token(app: &TestApp, name: &str) -> (i64, String) {
    let alice = app.portal("alice@demo.example").await;
    let created = alice
        .request::<endpoints::CreateToken>(app.demo.alice())
        .json(&json!({"name": name, "expiry": "30_days",
            "scope": ["meta_record"], "self_rotation": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: tessera_shared::tokens::TokenView = created.json().await.unwrap();
    (created.id, alice.token_string(created.id).await)
}

/// The token rotates itself with `string` and its holder switches to the
/// new string at once, so the old one stops working: returns the new one.
async fn rotated_by_its_holder(app: &TestApp, string: &str) -> String {
    let response = app
        .script_client()
        .post(app.url(endpoints::RotateSelf::PATH))
        .bearer_auth(string)
        .json(&json!({ "grace": "1h" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let rotated: tessera_shared::tokens::RotatedToken = response.json().await.unwrap();
    assert_eq!(
        app.use_token::<endpoints::Meta>(&rotated.token_string)
            .await
            .status(),
        200
    );
    assert_eq!(
        app.use_token::<endpoints::Meta>(string).await.status(),
        401,
        "the first use of the new string ends the old one"
    );
    rotated.token_string
}

async fn refusal_reason(app: &TestApp, string: &str) -> (u16, Value) {
    let response = app.use_token::<endpoints::Meta>(string).await;
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    (status, body["reason"].clone())
}

#[tokio::test]
async fn a_report_of_any_string_a_token_had_revokes_it_even_after_it_rotated_itself() {
    let app = spawn_app().await;
    // A holder of a leaked string rotates the token and keeps the new string.
    let (once, first) = self_rotating_token(&app, "Rotated once").await;
    let kept = rotated_by_its_holder(&app, &first).await;
    let (twice, oldest) = self_rotating_token(&app, "Rotated twice").await;
    let middle = rotated_by_its_holder(&app, &oldest).await;
    let newest = rotated_by_its_holder(&app, &middle).await;

    // The replaced string is reported: the token goes, with the string its holder kept.
    let (status, _) = report(&app, std::slice::from_ref(&first)).await;
    assert_eq!(status, 202);
    assert_eq!(
        refusal_reason(&app, &kept).await,
        (401, json!("revoked_or_replaced"))
    );
    let entries = revocations(&app, once);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].0, "Leak report");
    assert_eq!(
        app.use_token::<endpoints::Meta>(&newest).await.status(),
        200,
        "another token's strings are untouched"
    );

    // A string from two rotations ago too.
    let (status, _) = report(&app, std::slice::from_ref(&oldest)).await;
    assert_eq!(status, 202);
    assert_eq!(
        refusal_reason(&app, &newest).await,
        (401, json!("revoked_or_replaced"))
    );
    let entries = revocations(&app, twice);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].0, "Leak report");
    let alice = app.portal("alice@demo.example").await;
    let notices = alice.notices().await;
    assert!(
        notices
            .iter()
            .any(|n| n.contains("“Rotated twice” was revoked") && n.contains("reported as leaked")),
        "{notices:?}"
    );
}

#[tokio::test]
async fn a_scan_report_of_a_string_two_rotations_old_is_a_true_positive_and_revokes_the_token() {
    let (key, published) = provider_key();
    let app = TestApp::own()
        .vars(&[("SECRET_SCANNING_PUBLIC_KEYS", &published)])
        .start()
        .await;
    let (token, oldest) = self_rotating_token(&app, "Rotated twice").await;
    let middle = rotated_by_its_holder(&app, &oldest).await;
    let newest = rotated_by_its_holder(&app, &middle).await;

    let body = json!([
        { "token": oldest, "type": "tessera_token", "url": "https://example.com/paste", "source": "gist" },
    ])
    .to_string();
    let response = scan_report(&app, &body, "test-key-1", &sign(&key, &body)).await;
    assert_eq!(response.status(), 200);
    let verdicts: Value = response.json().await.unwrap();
    assert_eq!(verdicts[0]["label"], "true_positive", "{verdicts}");
    assert_eq!(
        refusal_reason(&app, &newest).await,
        (401, json!("revoked_or_replaced"))
    );
    let entries = revocations(&app, token);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].0, "Leak report");
    assert!(
        entries[0].1.contains("found by secret scanning in gist"),
        "{entries:?}"
    );
}

use fixtures::string_history as history;

/// Three strings' hashes, one after another from `seed`: as issued, and sorted.
fn three_strings(seed: u8) -> ([String; 3], Vec<String>) {
    let hashes: [String; 3] = std::array::from_fn(|n| known_token_string(seed + n as u8).1);
    let mut sorted = hashes.to_vec();
    sorted.sort();
    (hashes, sorted)
}

#[tokio::test]
async fn the_daily_run_forgets_the_strings_of_tokens_revoked_longer_than_the_log_retention() {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let days = tessera_shared::organization::DEFAULT_LOG_RETENTION_DAYS;
    let (long_ago, forgotten) = three_strings(50);
    let (live, kept_live) = three_strings(60);
    let (lately, kept_lately) = three_strings(70);
    let app = TestApp::own()
        .seed(|db, demo| {
            let revoked_long_ago = Some(now - (days + 1) * 86_400);
            fixtures::three_strings(db, demo.nightly_export(), &long_ago, revoked_long_ago);
            fixtures::three_strings(db, demo.power_bi_refresh(), &live, None);
            let revoked_lately = Some(now - (days - 1) * 86_400);
            fixtures::three_strings(db, demo.other_org_integration(), &lately, revoked_lately);
        })
        .start()
        .await;
    let (revoked_long_ago, live, revoked_lately) = (
        app.demo.nightly_export(),
        app.demo.power_bi_refresh(),
        app.demo.other_org_integration(),
    );
    assert_eq!(history(&app.database(), revoked_long_ago).len(), 3);
    app.run_scheduled().await;
    let db = app.database();
    assert_eq!(
        history(&db, revoked_long_ago),
        Vec::<String>::new(),
        "{forgotten:?} forgotten"
    );
    assert_eq!(history(&db, live), kept_live, "a live token's strings stay");
    assert_eq!(
        history(&db, revoked_lately),
        kept_lately,
        "revoked within the retention: they stay"
    );
}

#[test]
fn the_strings_tokens_have_are_kept_when_the_history_begins() {
    let (db, rest) = schema::before_migration("0018_every_string_a_token_had");
    // Token 1 rotated, token 2 edited, token 3 never generated.
    schema::strings_before_the_history(&db);
    schema::apply(&db, &rest);
    assert_eq!(history(&db, 1), ["current-1", "previous-1"]);
    assert_eq!(history(&db, 2), ["previous-2"]);
    assert!(history(&db, 3).is_empty());
}
