//! Figures 5 and 6: what the browser downloads on first load, the Access
//! Tokens grid with 10,000 tokens in headless Chromium, and the worker's
//! bundle as `wrangler deploy --dry-run` reports it.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use tessera_tests::{Browser, spawn_app_prepared};

use crate::Settings;
use crate::report::{Report, Row, kb, ms};

/// gzip -9 size of `file`, as a server would send it compressed.
fn gzipped_size(file: &Path) -> u64 {
    let output = Command::new("gzip")
        .args(["-9", "--stdout"])
        .arg(file)
        .output()
        .expect("gzip runs");
    output.stdout.len() as u64
}

/// Figure 5a: every file of the built SPA (index.html, JS, wasm, CSS): all
/// of them are fetched on the first load.
pub fn first_load(root: &Path, report: &mut Report) {
    let dist = root.join("frontend/dist");
    let mut by_kind: Vec<(String, u64, u64)> = std::fs::read_dir(&dist)
        .expect("frontend/dist: run `make build`")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.is_file())
        .map(|path| {
            let kind = path
                .extension()
                .map(|ext| ext.to_string_lossy().into_owned())
                .unwrap_or_default();
            let raw = std::fs::metadata(&path).expect("a file").len();
            (kind, raw, gzipped_size(&path))
        })
        .collect();
    by_kind.sort();
    let total: u64 = by_kind.iter().map(|(_, _, gz)| gz).sum();
    let parts = by_kind
        .iter()
        .map(|(kind, raw, gz)| format!("{kind} {} ({} raw)", kb(*gz), kb(*raw)))
        .collect::<Vec<_>>()
        .join(", ");
    report.add(Row {
        figure: "SPA first load, gzipped".into(),
        value: format!("{} = {parts}", kb(total)),
        compared_with: "bare Leptos CSR + router (≈ 87 KB)".into(),
        ratio: Some(total as f64 / 87_000.0),
        goal: "≤ 200 KB".into(),
        met: Some(total <= 200_000),
    });
}

/// Alice's 10,000 tokens: every second one generated, a few used.
fn seed_grid(db: &rusqlite::Connection, count: u64) {
    db.execute(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) \
         INSERT INTO tokens (organization_id, owner_login_id, name, scope_meta, scope_report, \
             expiry_on, secret_hash, secret_hint, created_at, created_by, updated_at, updated_by, \
             generated_at, generated_by, last_used_at) \
         SELECT 1, 3, printf('Script token %05d', i), 1, i % 2, \
             CASE WHEN i % 3 = 0 THEN NULL ELSE '2027-06-30' END, \
             CASE WHEN i % 2 = 0 THEN lower(hex(randomblob(32))) END, \
             CASE WHEN i % 2 = 0 THEN 'tessera_…' || substr(hex(randomblob(2)), 1, 4) END, \
             1764374400 + i, 3, 1764374400 + i, 3, \
             CASE WHEN i % 2 = 0 THEN 1764374400 + i END, CASE WHEN i % 2 = 0 THEN 3 END, \
             CASE WHEN i % 5 = 0 THEN 1764460800 END FROM n",
        [count],
    )
    .expect("alice's tokens are inserted");
}

/// Figure 5b: from navigation to the Access Tokens page until its grid
/// shows and a right-click on a row opens the row menu. Measured from this
/// process, so it includes the WebDriver round trips: an upper bound.
pub async fn grid(settings: &Settings, report: &mut Report) {
    let count = settings.grid_tokens;
    let app = spawn_app_prepared(&[], |db| seed_grid(db, count)).await;
    let browser = Browser::start().await;
    browser.sign_in(&app, "alice@demo.example").await;
    let mut times = Vec::new();
    for _ in 0..settings.rounds.max(3) {
        browser.goto("about:blank").await;
        let start = Instant::now();
        browser.goto(&app.url("/access-tokens")).await;
        let row = browser
            .find("tbody tr[aria-label='Script token 00001']")
            .await;
        browser.right_click(&row).await;
        browser.find("[role=menu] [role=menuitem]").await;
        times.push(start.elapsed());
        browser
            .press(&fantoccini::key::Key::Escape.to_string())
            .await;
    }
    browser.close().await;
    times.sort();
    let median = times[times.len() / 2];
    report.add(Row {
        figure: format!("Access Tokens with {count} tokens: navigation → grid → row menu open"),
        value: format!("{} (median of {})", ms(median), times.len()),
        compared_with: "the 1 s goal".into(),
        ratio: Some(median.as_secs_f64() / 1.0),
        goal: "≤ 1 s".into(),
        met: Some(median <= Duration::from_secs(1)),
    });
}

/// Figure 6a: the upload `wrangler deploy` would make, read from its dry run.
pub fn worker_bundle(root: &Path, report: &mut Report) {
    let output = Command::new(root.join("node_modules/.bin/wrangler"))
        .current_dir(root.join("worker"))
        .args(["deploy", "--dry-run", "--outdir"])
        .arg(root.join("target/deploy-dry-run"))
        .env("WRANGLER_SEND_METRICS", "false")
        .output()
        .expect("wrangler runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    let line = printed
        .lines()
        .find(|line| line.contains("Total Upload:"))
        .unwrap_or_else(|| panic!("no upload size in wrangler's output:\n{printed}"));
    // "Total Upload: 811.41 KiB / gzip: 315.99 KiB"
    let gzip_kib: f64 = line
        .rsplit("gzip:")
        .next()
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|number| number.parse().ok())
        .expect("the gzip size");
    let value = line
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .trim();
    report.add(Row {
        figure: "Worker bundle (wrangler deploy --dry-run)".into(),
        value: value.into(),
        compared_with: "the 1 MB gzipped goal".into(),
        ratio: Some(gzip_kib * 1024.0 / 1_000_000.0),
        goal: "≤ 1 MB gzipped".into(),
        met: Some(gzip_kib * 1024.0 <= 1_000_000.0),
    });
}
