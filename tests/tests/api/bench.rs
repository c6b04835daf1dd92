//! `make bench` keeps working: its smoke mode runs every step briefly, on
//! small data, and prints every figure. Its timings mean nothing here and
//! are not asserted (the suite has no timed assertions); what is checked is
//! that each figure is a number the run measured (and each ratio a number
//! computed from two), and that the reference routes it needs exist only
//! when the bench turns them on.

use std::process::Command;

use tessera_tests::spawn_app;

#[test]
fn the_bench_measures_every_figure_in_smoke_mode() {
    let output = Command::new(env!("CARGO_BIN_EXE_bench"))
        .arg("--smoke")
        .output()
        .expect("the bench runs");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "the bench failed:\n{printed}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for figure in [
        "GET /api/meta, 100 tokens: requests/s",
        "GET /api/meta, 100 tokens: p50 / p99",
        "One-read floor, 100 tokens",
        "GET /api/meta, 200 tokens vs 100 tokens",
        "Bad checksum (401, no storage)",
        "Good checksum, unknown token (401)",
        "Sign-in (PBKDF2-SHA256",
        "AUTHENTICATE entries lost",
        "Token Inventory CSV export, 200 tokens",
        "Flood: 1000 made-up token strings",
        "SPA first load, gzipped: Sign in",
        "SPA first load, gzipped: Access Tokens",
        "First opened, gzipped: Contacts & Logins",
        "First opened, gzipped: Token pop-ups",
        "Access Tokens with 200 tokens",
        "Worker bundle (wrangler deploy --dry-run)",
        "Runtime startup",
        "Noisy neighbour: Other Org's GET /api/meta p50",
        "Noisy neighbour: Other Org's GET /api/meta p99",
        "Storage under hostile traffic, (a)",
        "Storage under hostile traffic, (e)",
        "Largest AUTHENTICATE line in D1",
    ] {
        let row = printed
            .lines()
            .find(|line| line.starts_with(&format!("| {figure}")))
            .unwrap_or_else(|| panic!("the table has no row for {figure}:\n{printed}"));
        let cells: Vec<&str> = row.trim_matches('|').split(" | ").map(str::trim).collect();
        let [_, value, _, ratio, ..] = cells[..] else {
            panic!("not a row of six cells: {row}");
        };
        assert!(
            leading_number(value).is_some(),
            "{figure}: the value is not a measured number: {value:?}"
        );
        assert!(
            ratio.is_empty()
                || ratio
                    .strip_suffix('×')
                    .and_then(|r| r.parse::<f64>().ok())
                    .is_some_and(f64::is_finite),
            "{figure}: the ratio is not a number: {ratio:?}"
        );
    }
    // R17 holds under the bench's load too: every answered request's entry
    // was found by its id, and some were answered.
    let lost = printed
        .lines()
        .find(|line| line.starts_with("| AUTHENTICATE entries lost"))
        .unwrap();
    let answered: u64 = lost
        .split("lost: 0 of ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("not `lost: 0 of <answered>`: {lost}"));
    assert!(answered > 0, "{lost}");
}

/// The number a cell starts with (`221`, `35.52 ms / ...`, `+20.8 KB`,
/// `lost: 0 of 3597`), if it starts with one.
fn leading_number(cell: &str) -> Option<f64> {
    let cell = cell.trim_start_matches(['+', ' ']);
    let cell = cell.strip_prefix("lost: ").unwrap_or(cell);
    let end = cell
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(cell.len());
    cell[..end].parse().ok()
}

#[tokio::test]
async fn the_reference_routes_do_not_exist_in_a_deployment() {
    let app = spawn_app().await;
    // The bench's routes are outside the API's contract.
    for path in ["/api/bench/floor", "/api/bench/read"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
}
