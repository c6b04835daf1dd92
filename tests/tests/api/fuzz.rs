//! schemathesis (PyPI) generates requests from `/api/openapi.json` and checks
//! that none gets a 5xx and every documented response matches its schema:
//! once with a signed-in session, once with a token string. `make test` runs
//! a short pass (FUZZ_EXAMPLES=15 per operation, ~1,500 requests);
//! `make fuzz` runs the long one (FUZZ_EXAMPLES=400, over 10,000 test cases).

use std::process::Command;

use tessera_tests::{TestApp, spawn_app};

fn schemathesis() -> std::path::PathBuf {
    let venv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv-fuzz/bin/st");
    assert!(
        venv.exists(),
        "schemathesis is not installed: run scripts/bootstrap"
    );
    venv
}

/// Runs schemathesis with `headers`, skipping `excluded` operation ids;
/// returns how many test cases it generated.
fn fuzz(app: &TestApp, headers: &[String], excluded: &[&str]) -> u64 {
    let examples = std::env::var("FUZZ_EXAMPLES").unwrap_or_else(|_| "15".into());
    let mut command = Command::new(schemathesis());
    command
        .arg("run")
        .arg(app.url("/api/openapi.json"))
        .args(["--url", &app.address])
        .args(["--checks", "not_a_server_error,response_schema_conformance"])
        .args(["--max-examples", &examples])
        .args(["--workers", "2", "--no-color"])
        .args(["--request-timeout", "60"])
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .current_dir(std::env::temp_dir());
    for header in headers {
        command.args(["-H", header]);
    }
    for operation in excluded {
        command.args(["--exclude-operation-id", operation]);
    }
    let output = command.output().expect("schemathesis runs");
    let report = String::from_utf8_lossy(&output.stdout);
    let summary = report
        .lines()
        .find(|line| line.contains(" generated,"))
        .unwrap_or_default()
        .to_owned();
    println!("schemathesis: {summary}");
    assert!(
        output.status.success(),
        "schemathesis found failures:\n{report}"
    );
    summary
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn generated_requests_get_no_5xx_and_match_the_documented_schemas() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let token = admin
        .new_token("Fuzzing", &["meta_record", "report_record"])
        .await;
    let string = admin.token_string(token.id).await;

    // With a token: the token-protected API, nothing that could revoke the token.
    let with_token = fuzz(
        &app,
        &[format!("Authorization: Bearer {string}")],
        &["sign_out"],
    );
    // With the session: every portal operation but signing out.
    let cookie = format!("Cookie: tessera_session={}", admin.session_id());
    let with_session = fuzz(
        &app,
        &[cookie, format!("x-csrf-token: {}", admin.csrf_token)],
        &["sign_out"],
    );
    assert!(
        with_token > 0 && with_session > 0,
        "schemathesis generated nothing"
    );
}
