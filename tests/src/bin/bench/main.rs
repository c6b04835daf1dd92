//! `make bench`: Tessera's performance figures on the real Workers runtime,
//! each next to what it is compared with, measured side by side in the same
//! run so that a shared machine's noise falls on both sides of each ratio.
//! Prints the table and writes it to bench/results.md.
//!
//! `--api-only` measures the API's figures at 1,000 tokens and prints them
//! (`make bench-api`, about 2 minutes), to compare two builds back to back.
//! `--neighbours-only` measures the isolation figures alone and prints them.
//! `--pages-only` measures the portal's pages alone (downloads, layout
//! shift, paint) and prints them.
//! `--smoke` runs every step briefly on small data: the test suite uses it
//! to keep the bench working; its figures mean nothing.

mod api;
mod neighbours;
mod pages;
mod report;

use std::time::Duration;

use report::Report;

pub struct Settings {
    /// How many bulk tokens D1 holds, one runtime per size.
    pub sizes: Vec<u64>,
    /// Each route runs once per round; figures are the rounds' medians.
    pub rounds: usize,
    pub duration: Duration,
    pub connections: u32,
    /// Alice's tokens for the grid's figure.
    pub grid_tokens: u64,
    /// Made-up token strings sent in the flood's figure.
    pub flood: u64,
    /// Requests of each kind of hostile traffic for the storage figures,
    /// unless `hostile_within` runs out first.
    pub hostile: u64,
    pub hostile_within: Duration,
    /// AUTHENTICATE lines written to measure one line's size.
    pub line_requests: u64,
    /// Where the table goes; `None` in smoke mode.
    pub results: Option<std::path::PathBuf>,
}

impl Settings {
    fn full(root: &std::path::Path) -> Self {
        Self {
            sizes: vec![1_000, 100_000, 1_000_000],
            rounds: 5,
            duration: Duration::from_secs(3),
            connections: 8,
            grid_tokens: 10_000,
            flood: 100_000,
            hostile: 100_000,
            hostile_within: Duration::from_secs(120),
            line_requests: 5_000,
            results: Some(root.join("bench/results.md")),
        }
    }

    /// The API's figures at 1,000 tokens, in about 2 minutes, printed and
    /// not written: for comparing two builds of the worker back to back.
    fn api_only(root: &std::path::Path) -> Self {
        Self {
            sizes: vec![1_000],
            flood: 1_000,
            results: None,
            ..Self::full(root)
        }
    }

    fn smoke() -> Self {
        Self {
            sizes: vec![100, 200],
            rounds: 1,
            duration: Duration::from_secs(1),
            connections: 2,
            grid_tokens: 200,
            flood: 1_000,
            hostile: 200,
            hostile_within: Duration::from_secs(30),
            line_requests: 200,
            results: None,
        }
    }
}

const PREAMBLE: &str = "# Tessera's performance figures\n\n\
Written by `make bench` (tests/src/bin/bench): the real Workers runtime (`wrangler dev`, \
workerd) on this machine, loaded by `wrk` from a second process. Every ratio compares two \
figures measured in the same run, round after round, so the shared machine's noise falls on \
both sides. The floors are reference routes that answer only when the bench starts the runtime \
with `BENCH_ROUTES=on`: `/api/bench/floor` touches no storage, `/api/bench/read` makes the one \
indexed D1 point read a token check needs.\n";

#[tokio::main]
async fn main() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ sits in the repository")
        .to_path_buf();
    let smoke = std::env::args().any(|arg| arg == "--smoke");
    let api_only = std::env::args().any(|arg| arg == "--api-only");
    let settings = if smoke {
        Settings::smoke()
    } else if api_only {
        Settings::api_only(&root)
    } else {
        Settings::full(&root)
    };
    let started = std::time::Instant::now();
    let mut report = Report::default();

    if std::env::args().any(|arg| arg == "--neighbours-only") {
        neighbours::measure(&settings, &mut report).await;
        println!(
            "\n{}",
            report.markdown("## Neighbours' figures only (--neighbours-only)")
        );
        return;
    }
    if std::env::args().any(|arg| arg == "--pages-only") {
        pages::first_load(&root, &mut report).await;
        pages::experience(&settings, &mut report).await;
        println!(
            "\n{}",
            report.markdown("## Pages' figures only (--pages-only)")
        );
        return;
    }
    api::measure(&settings, &mut report).await;
    if api_only {
        println!("\n{}", report.markdown("## API figures only (--api-only)"));
        return;
    }
    neighbours::measure(&settings, &mut report).await;
    pages::first_load(&root, &mut report).await;
    pages::experience(&settings, &mut report).await;
    pages::grid(&settings, &mut report).await;
    pages::worker_bundle(&root, &mut report);

    let heading = format!(
        "## make bench, {} ({} cores, {:.0} s)",
        today(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        started.elapsed().as_secs_f64()
    );
    let table = report.markdown(&heading);
    println!("\n{table}");
    if let Some(results) = settings.results {
        std::fs::write(&results, format!("{PREAMBLE}\n{table}"))
            .expect("bench/results.md is written");
        println!("written to {}", results.display());
    }
}

fn today() -> String {
    let output = std::process::Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .expect("date runs");
    String::from_utf8_lossy(&output.stdout).trim().to_owned()
}
