//! `make bench` keeps working: its smoke mode runs every step briefly, on
//! small data, and prints every figure. Its timings mean nothing here and
//! are not asserted (the suite has no timed assertions); what is checked is
//! that each figure was measured, and that the reference routes it needs
//! exist only when the bench turns them on.

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
    ] {
        assert!(
            printed
                .lines()
                .any(|line| line.starts_with(&format!("| {figure}"))),
            "the table has no row for {figure}:\n{printed}"
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

#[tokio::test]
async fn the_reference_routes_do_not_exist_in_a_deployment() {
    let app = spawn_app().await;
    for path in ["/api/bench/floor", "/api/bench/read"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 404, "{path}");
    }
}
