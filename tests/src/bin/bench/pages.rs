//! Figures 5 and 6: what the browser downloads on first load, how each page
//! holds still and paints, the Access Tokens grid with 10,000 tokens in
//! headless Chromium, and the worker's bundle as `wrangler deploy
//! --dry-run` reports it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;
use tessera_tests::pages::{DESKTOP_AND_PHONE, MOST_LAYOUT_SHIFT, SignedInPage};
use tessera_tests::{Browser, TestApp, fixtures};

use crate::Settings;
use crate::report::{Report, Row, kb, ms};

/// gzip -9 size of `file`, as a server would send it compressed.
fn gzipped_size(file: &Path) -> u64 {
    let output = Command::new("gzip")
        .args(["-9", "--stdout"])
        .arg(file)
        .output()
        .expect("gzip runs");
    assert!(
        output.status.success(),
        "gzip could not read {}",
        file.display()
    );
    output.stdout.len() as u64
}

/// Files of the built SPA a page fetched, by URL path.
#[derive(Default)]
struct Download {
    paths: BTreeSet<String>,
}

impl Download {
    /// The page's HTML and the files the browser says it fetched, without the API's answers.
    fn first_load(fetched: &[String]) -> Self {
        let mut download = Self::default();
        download.paths.insert("/index.html".into());
        download.add(fetched);
        download
    }

    /// Takes in `fetched`; returns what it had not seen yet.
    fn add(&mut self, fetched: &[String]) -> Self {
        let new = fetched
            .iter()
            // The API's prefix: whatever a page fetches from the API is no file.
            .filter(|path| !path.starts_with("/api/"))
            .filter(|path| self.paths.insert((*path).clone()))
            .cloned()
            .collect();
        Self { paths: new }
    }

    /// Total gzipped bytes, and each kind of file's share: `wasm 190.1 KB (6 files), …`.
    fn size(&self, dist: &Path) -> (u64, String) {
        let mut by_kind: BTreeMap<String, (u64, usize)> = BTreeMap::new();
        for path in &self.paths {
            let file = dist.join(path.trim_start_matches('/'));
            let kind = file
                .extension()
                .map(|ext| ext.to_string_lossy().into_owned())
                .unwrap_or_default();
            let entry = by_kind.entry(kind).or_default();
            entry.0 += gzipped_size(&file);
            entry.1 += 1;
        }
        let total = by_kind.values().map(|(gz, _)| gz).sum();
        let parts = by_kind
            .iter()
            .map(|(kind, (gz, files))| format!("{kind} {} ({files})", kb(*gz)))
            .collect::<Vec<_>>()
            .join(", ");
        (total, parts)
    }
}

/// Figure 5a: the bytes a first visit downloads, gzip -9 as a server sends
/// them: the files headless Chromium fetched (its Performance API) until the
/// page showed. A visit starts on Sign in, or on Access Tokens with a
/// session; then, in this order, each page and pop-up in its own chunk adds
/// what it fetched when first opened.
pub async fn first_load(root: &Path, report: &mut Report) {
    let dist = root.join("frontend/dist");
    let app = TestApp::own().start().await;
    // A new profile: nothing cached.
    let browser = Browser::start().await;

    browser.goto(&app.url("/sign-in")).await;
    browser.find("#email").await;
    let sign_in = Download::first_load(&browser.fetched_paths().await);
    report.add(first_load_row("Sign in", sign_in.size(&dist)));

    browser.sign_in(&app, "sysadmin@demo.example").await;
    browser.goto(&app.url("/access-tokens")).await;
    browser.find("table.grid").await;
    let mut seen = Download::first_load(&browser.fetched_paths().await);
    let (first, parts) = seen.size(&dist);
    report.add(first_load_row("Access Tokens (signed in)", (first, parts)));

    // Each page's link and heading read its name.
    for page in ["Token Logs", "Contacts & Logins", "Token Inventory"] {
        browser.click_link(page).await;
        browser.find_text("h1", page).await;
        let added = seen.add(&browser.fetched_paths().await);
        report.add(added_row(page, added.size(&dist), first));
    }
    browser.click_link("Access Tokens").await;
    browser.find_text("h1", "Access Tokens").await;
    browser.click_button("Create New").await;
    browser.find("[role=dialog] input").await;
    let added = seen.add(&browser.fetched_paths().await);
    report.add(added_row(
        "Token pop-ups (Create New)",
        added.size(&dist),
        first,
    ));
    browser
        .press(&fantoccini::key::Key::Escape.to_string())
        .await;
    browser.wait_gone("[role=dialog]").await;
    browser
        .goto(&app.url(&format!("/logins/{}/access-tokens", app.demo.alice())))
        .await;
    browser
        .choose_from_row_menu("Power BI refresh", "Token Usage")
        .await;
    browser.find(".usage-panel svg").await;
    let added = seen.add(&browser.fetched_paths().await);
    report.add(added_row("Token Usage panel", added.size(&dist), first));
    browser.close().await;
}

fn first_load_row(page: &str, (total, parts): (u64, String)) -> Row {
    Row {
        figure: format!("SPA first load, gzipped: {page}"),
        value: format!("{} = {parts}", kb(total)),
        // A fixed reference, not measured in this run: so no ratio.
        compared_with:
            "a bare Leptos 0.8 CSR app with its router: ≈ 87 KB (fixed reference, 2026-11-29)"
                .into(),
        ratio: None,
        goal: "≤ 200 KB".into(),
        met: Some(total <= 200_000),
    }
}

fn added_row(page: &str, (added, parts): (u64, String), first_load: u64) -> Row {
    Row {
        figure: format!("First opened, gzipped: {page}"),
        value: format!("+{} = {parts}", kb(added)),
        compared_with: "the Access Tokens first load".into(),
        ratio: Some(added as f64 / first_load as f64),
        goal: "fetched only when opened".into(),
        met: None,
    }
}

/// Figure 5c: how each signed-in page holds still and paints, on a desktop
/// and a phone, with notices present: Cumulative Layout Shift (the largest
/// session window, as Chromium and Lighthouse count it), Largest Contentful
/// Paint and the bytes transferred with the cache off, from the browser's
/// own Performance API (`Browser::experience`). Each page is loaded
/// `rounds` times: the worst CLS, the median LCP.
pub async fn experience(settings: &Settings, report: &mut Report) {
    let app = TestApp::own().start().await;
    app.expiring_tokens("sysadmin@demo.example", 6).await;
    let browser = Browser::start().await;
    browser.devtools("Network.enable", json!({})).await;
    browser
        .devtools("Network.setCacheDisabled", json!({ "cacheDisabled": true }))
        .await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    let pages = SignedInPage::all(app.demo.alice());
    for (size, width, height, mobile) in DESKTOP_AND_PHONE {
        browser.resize(width, height, mobile).await;
        for page in &pages {
            let mut shifts = Vec::new();
            let mut paints = Vec::new();
            let mut transfer = 0.0;
            for _ in 0..settings.rounds {
                page.open(&browser, &app).await;
                let experience = browser.experience().await;
                shifts.push(experience.cls);
                paints.push(experience.lcp_ms);
                transfer = experience.transfer_bytes;
            }
            let cls = shifts.iter().copied().fold(0.0, f64::max);
            paints.sort_by(f64::total_cmp);
            let lcp = paints[paints.len() / 2];
            report.add(Row {
                figure: format!(
                    "{}, {size}, signed in with notices: CLS · LCP · transfer",
                    page.name
                ),
                value: format!(
                    "CLS {cls:.3} (worst of {}) · LCP {lcp:.0} ms · {}",
                    shifts.len(),
                    kb(transfer as u64)
                ),
                compared_with: "Lighthouse's \"good\" CLS, 0.1".into(),
                ratio: Some(cls / 0.1),
                goal: format!("CLS ≤ {MOST_LAYOUT_SHIFT}"),
                met: Some(cls <= MOST_LAYOUT_SHIFT),
            });
        }
    }
    browser.close().await;
}

/// Figure 5b: from navigation to the Access Tokens page until its grid
/// shows and a right-click on a row opens the row menu. Measured from this
/// process, so it includes the WebDriver round trips: an upper bound.
pub async fn grid(settings: &Settings, report: &mut Report) {
    let count = settings.grid_tokens;
    // Alice's tokens: every second one generated, a few used.
    let app = TestApp::own()
        .seed(|db, demo| fixtures::grid_tokens(db, demo.demo_org(), demo.alice(), count))
        .start()
        .await;
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
