//! What a run leaves behind and costs beside its speed: AUTHENTICATE
//! entries lost, the rows a flood of made-up strings adds, the worker's
//! memory through a CSV export.

use std::time::{Duration, Instant};

use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{TestApp, fixtures, known_token_string};

/// The `/api/meta` requests answered 200 whose AUTHENTICATE entry is not in
/// Token Logs, by request id, and how many were answered. Each answer came
/// only once its entry had committed, so the entries are read at once.
pub(super) fn lost_entries(app: &TestApp, answered_file: &std::path::Path) -> (usize, usize) {
    let answered = std::fs::read_to_string(answered_file).unwrap_or_default();
    let answered: Vec<&str> = answered.lines().filter(|line| !line.is_empty()).collect();
    let db = app.database();
    let token = app.demo.power_bi_refresh();
    let lost = answered
        .iter()
        .filter(|id| !fixtures::authentication_logged(&db, token, id))
        .count();
    (lost, answered.len())
}

/// The addresses a flood of made-up strings comes from.
pub(super) const FLOOD_ADDRESSES: u32 = 16;

/// What a flood of made-up strings left behind.
pub(super) struct Flood {
    /// Token Logs lines it added.
    pub(super) log_lines: i64,
    /// Hourly counts of unknown strings it added.
    pub(super) count_rows: i64,
    /// Attempts checked and counted (401), and refused by the rate limit (429).
    pub(super) counted: i64,
    pub(super) throttled: i64,
    pub(super) took: Duration,
}

/// Sends `total` well-formed strings that match no token, 16 at a time,
/// from `FLOOD_ADDRESSES` addresses in turn, and reads what they cost.
pub(super) async fn flood(app: &TestApp, total: u64) -> Flood {
    let rows = || -> (i64, i64) { fixtures::lines_and_unknown_rows(&app.database()) };
    let before = rows();
    let client = app.script_client();
    let started = Instant::now();
    let (mut counted, mut throttled) = (0, 0);
    let mut sent = 0u64;
    while sent < total {
        let batch = (total - sent).min(16);
        let requests = (0..batch).map(|i| {
            let n = sent + i;
            client
                .get(app.url(endpoints::Meta::PATH))
                .header(
                    "cf-connecting-ip",
                    format!("198.18.0.{}", n % u64::from(FLOOD_ADDRESSES)),
                )
                .bearer_auth(known_token_string((n % 200) as u8 + 50).0)
                .send()
        });
        for answer in futures_util::future::join_all(requests).await {
            match answer.map(|r| r.status().as_u16()) {
                Ok(401) => counted += 1,
                Ok(429) => throttled += 1,
                other => panic!("a made-up string got {other:?}"),
            }
        }
        sent += batch;
    }
    let took = started.elapsed();
    let after = rows();
    Flood {
        log_lines: after.0 - before.0,
        count_rows: after.1 - before.1,
        counted,
        throttled,
        took,
    }
}

/// What downloading the whole inventory CSV took.
pub(super) struct Export {
    pub(super) lines: usize,
    pub(super) bytes: usize,
    pub(super) took: Duration,
    /// How much the worker's wasm memory grew meanwhile (it only grows).
    pub(super) memory_grew: usize,
}

/// Other Org's administrator (the bulk tokens are Other Org's) downloads
/// the whole inventory as CSV.
pub(super) async fn csv_export(app: &TestApp) -> Export {
    let memory = |when: &'static str| async move {
        let mut tries = 0;
        loop {
            tries += 1;
            let answer = app
                .script_client()
                .get(app.url("/api/bench/memory")) // a bench route, outside the contract
                .send()
                .await;
            match answer {
                Ok(answer) => {
                    let answer: serde_json::Value = answer.json().await.expect("JSON");
                    return answer["wasm_memory_bytes"].as_f64().unwrap_or_default() as usize;
                }
                Err(error) if tries < 3 => println!("  the memory route, {when}: {error}; again"),
                Err(error) => panic!("the memory route, {when}: {error}"),
            }
        }
    };
    let admin = app.portal("admin@other.example").await;
    let before = memory("before the export").await;
    let started = Instant::now();
    let mut response = admin
        .client
        .get(app.url(endpoints::InventoryCsv::PATH))
        .timeout(Duration::from_secs(600))
        .send()
        .await
        .expect("the export answers");
    assert_eq!(response.status(), 200, "the export is allowed");
    let (mut lines, mut bytes) = (0, 0);
    while let Some(chunk) = response.chunk().await.expect("the export's body") {
        bytes += chunk.len();
        lines += chunk.iter().filter(|byte| **byte == b'\n').count();
    }
    let took = started.elapsed();
    Export {
        lines,
        bytes,
        took,
        memory_grew: memory("after the export").await.saturating_sub(before),
    }
}
