//! Figure: what the largest AUTHENTICATE line a client can cause takes in
//! D1, next to the worker's `LARGEST_LINE_BYTES`.

use std::collections::BTreeMap;
use std::time::Duration;

use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{TestApp, fixtures, repository_root};

use crate::Settings;
use crate::report::{Report, Row};

use super::setup::*;

/// Bytes token_logs (the table and its indexes) takes in D1, as SQLite's
/// `dbstat` counts its pages: read through the WAL, so what the runtime
/// committed counts though no checkpoint has run.
/// By b-tree (the table, each index), and the lines it holds.
fn token_logs_bytes(app: &TestApp) -> (BTreeMap<String, i64>, i64) {
    fixtures::token_logs_bytes(&app.database())
}

/// What one line takes, in all and by b-tree: `1009 bytes a line
/// (token_logs 873, token_logs_by_organization 68, …)`.
struct LineSize {
    bytes: f64,
    lines: i64,
    by_tree: String,
}

/// The worker's `LARGEST_LINE_BYTES`, read from its source.
fn largest_line_bytes() -> i64 {
    let file = repository_root().join("worker/src/store/token_logs.rs");
    let source = std::fs::read_to_string(&file).expect("the worker's token_logs.rs");
    source
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("pub const LARGEST_LINE_BYTES: i64 = ")
        })
        .and_then(|rest| rest.trim_end_matches(';').replace('_', "").parse().ok())
        .unwrap_or_else(|| panic!("{} has no LARGEST_LINE_BYTES", file.display()))
}

/// `requests` AUTHENTICATE lines with every field a client chooses at its
/// longest, then as many of a usual script's, and what each line takes in
/// D1 (table and indexes): the largest next to the worker's constant.
pub(super) async fn largest_line(
    neighbours: &Neighbours,
    settings: &Settings,
    report: &mut Report,
) {
    const NAME_CHARS: usize = 100;
    let app = &neighbours.app;
    // A token name of 100 characters of 4 bytes each, as any login may give.
    let olga = app.portal("admin@other.example").await;
    let name = "\u{20000}".repeat(NAME_CHARS);
    let long_named = olga.new_token(&name, &["meta_record"]).await;
    let long_string = olga.token_string(long_named.id).await;
    drop(olga);

    // Refused for its scope (not counted as a failure, so never limited):
    // the line carries the longest detail, "outside scope (Report Record)".
    // The worker keeps 200 bytes of the user agent and the path, a request
    // id of up to 64 characters and an address of up to 45 (an IPv6
    // address with an IPv4 tail): each is sent longer or at that length.
    let long_path = endpoints::ReportReadings::path("r".repeat(290));
    let request_id = format!("bench-{}", "0123456789abcdef".repeat(4))[..64].to_owned();
    let longest = neighbours.script(
        "longest-lines",
        settings.line_requests,
        &format!(
            "wrk.headers[\"Authorization\"] = {}\n\
             wrk.headers[\"User-Agent\"] = {}\n\
             wrk.headers[\"X-Request-Id\"] = {}\n\
             wrk.headers[\"CF-Connecting-IP\"] = \"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255\"",
            lua(&format!("Bearer {long_string}")),
            lua(&format!("Mozilla/5.0 (bench) {}", "u".repeat(300))),
            lua(&request_id),
        ),
        "  return wrk.format()",
    );
    let usual = neighbours.script(
        "usual-lines",
        settings.line_requests,
        &format!(
            "wrk.headers[\"Authorization\"] = {}\n\
             wrk.headers[\"User-Agent\"] = \"python-requests/2.32.3\"\n\
             wrk.headers[\"CF-Connecting-IP\"] = \"{NEIGHBOUR_ADDRESS}\"",
            lua(&format!("Bearer {}", neighbours.neighbour)),
        ),
        "  return wrk.format()",
    );
    let within = settings.hostile_within;
    let per_line = |path: &str, script: &Script, expected: u16| -> LineSize {
        let (bytes_before, lines_before) = token_logs_bytes(app);
        let (_, sent) = neighbours.run(path, script, settings.connections, within);
        std::thread::sleep(Duration::from_millis(200));
        let (bytes_after, lines_after) = token_logs_bytes(app);
        let lines = lines_after - lines_before;
        assert!(
            lines > 0 && sent.answers.keys().all(|status| *status == expected),
            "{}: {lines} lines, answered {}",
            script.path.display(),
            sent.answers()
        );
        let grew = |tree: &String, after: &i64| {
            (after - bytes_before.get(tree).copied().unwrap_or(0)) as f64 / lines as f64
        };
        LineSize {
            bytes: bytes_after
                .iter()
                .map(|(tree, after)| grew(tree, after))
                .sum(),
            lines,
            by_tree: bytes_after
                .iter()
                .map(|(tree, after)| format!("{tree} {:.0}", grew(tree, after)))
                .collect::<Vec<_>>()
                .join(", "),
        }
    };
    let largest = per_line(&long_path, &longest, 403);
    let typical = per_line(endpoints::Meta::PATH, &usual, 200);
    let constant = largest_line_bytes();
    report.add(Row::at_most(
        "Largest AUTHENTICATE line in D1: every client-chosen field at its longest".into(),
        format!(
            "{:.0} bytes a line ({}), over {} lines: a {NAME_CHARS}-character name of 4-byte \
             characters, 200-byte user agent and path, 64-character request id, 45-character \
             address, refused for its scope",
            largest.bytes, largest.by_tree, largest.lines
        ),
        format!("the worker's LARGEST_LINE_BYTES ({constant} bytes)"),
        largest.bytes / constant as f64,
        1.0,
    ));
    report.add(Row {
        figure: "Typical AUTHENTICATE line in D1: a script's GET /api/meta".into(),
        value: format!(
            "{:.0} bytes a line ({}), over {} lines: a short name, user agent and path, \
             no request id, an IPv4 address, answered 200",
            typical.bytes, typical.by_tree, typical.lines
        ),
        compared_with: format!("the largest line ({:.0} bytes)", largest.bytes),
        ratio: Some(typical.bytes / largest.bytes),
        goal: String::new(),
        met: None,
    });
}
