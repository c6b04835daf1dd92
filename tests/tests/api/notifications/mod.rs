//! Warnings through every channel (R18, R21): the daily Cron Trigger warns
//! about tokens reaching 30, 7 and 1 days before Expiry On and about unused
//! tokens before the stale-token policy revokes them; portal notices, emails
//! through the runtime's send_email binding, and the organization webhook,
//! signed and retried.

mod expiry;
mod stale_tokens;
mod triage;
mod webhook;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures_util::future::join_all;
use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::Sha256;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::notices::{
    DELIVERY_HEADER, DeliveryList, DeliveryState, EVENT_HEADER, SIGNATURE_HEADER, WebhookSaved,
};
use tessera_tests::receiver::{Received, Receiver};
use tessera_tests::{Demo, Portal, TestApp, eventually, fixtures, known_token_string, spawn_app};

/// The ids of the tokens `alice_token` adds (demo ids, as `Demo::id` takes).
const TOMORROW: i64 = 10;
const FIVE_DAYS: i64 = 11;
const FAR_AWAY: i64 = 12;
const NO_STRING: i64 = 13;
const MADE_YESTERDAY: i64 = 10;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

/// Today plus `days`, as SQLite writes a date, in UTC.
fn day(days: i64) -> String {
    let date = time::OffsetDateTime::from_unix_timestamp(now() + days * 86_400)
        .unwrap()
        .date();
    tessera_shared::expiry::format_date(date)
}

/// The documented recipe: `sha256=` and the hex HMAC-SHA256 of the exact
/// body, keyed with the signing secret's text.
fn verifies(secret: &str, received: &Received) -> bool {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
    mac.update(&received.body);
    let expected: String = mac
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    received.headers.get(SIGNATURE_HEADER) == Some(&format!("sha256={expected}"))
}

async fn notices(app: &TestApp, email: &str) -> Vec<String> {
    app.portal(email).await.notices().await
}

/// A token of alice's with Meta Record, expiring on `expiry_on`, made at
/// `created_at`, with the string `known_token_string(seed)` if given.
fn alice_token(
    db: &rusqlite::Connection,
    demo: &Demo,
    (id, name): (i64, &str),
    expiry_on: &str,
    seed: Option<u8>,
    created_at: i64,
) {
    let hash = seed.map(|seed| known_token_string(seed).1);
    fixtures::add_token(
        db,
        &fixtures::SeededToken {
            id: Some(demo.id(id)),
            organization: demo.demo_org(),
            owner: demo.alice(),
            name,
            scope_meta: true,
            scope_report: false,
            expiry_on: Some(expiry_on),
            secret_hash: hash.as_deref(),
            created_at,
            created_by: demo.alice(),
        },
    );
}
