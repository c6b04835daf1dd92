//! Rotate Token (R19): a new string while the previous one keeps
//! working, until the grace period ends or the new one is first used,
//! whichever is first; a token rotating itself; and what a token may learn
//! of itself (`GET /api/tokens/self`).

mod itself;
mod overlap;
mod what_a_token_learns;

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
