//! Abuse resistance (R16): the defences that must hold under many parallel
//! requests and hostile clients, not only one request at a time.

mod guessing;
mod hardening;
mod rules;
mod sessions;

use std::io::{Read, Write};
use std::time::Duration;

use futures_util::future::join_all;
use reqwest::{Client, Response};
use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{DEMO_PASSWORD, Portal, TestApp, fixtures, spawn_app};

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
    basic_request(app, address, email, password)
        .send()
        .await
        .expect("answered")
}

fn basic_request(
    app: &TestApp,
    address: &str,
    email: &str,
    password: &str,
) -> reqwest::RequestBuilder {
    app.script_client()
        .get(app.url(endpoints::Meta::PATH))
        .header("cf-connecting-ip", address)
        .basic_auth(app.email(email), Some(password))
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

/// The request ids of the AUTHENTICATE `Fail` entries of Basic attempts
/// for `login_id`, each once: one per password actually checked.
fn basic_failures(app: &TestApp, login_id: i64) -> std::collections::BTreeSet<String> {
    fixtures::basic_entry_request_ids(&app.database(), login_id, "Fail")
}

/// Turns Basic authentication on or off for `admin`'s organization.
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
