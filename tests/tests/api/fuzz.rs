//! schemathesis (PyPI) generates requests from `/api/openapi.json` and runs
//! every check it has (`--checks all`): no 5xx, every answer documented and
//! matching its schema, schema-valid requests accepted and others refused,
//! 405 with `Allow` for undeclared methods, no operation open without its
//! credentials (settings: tests/fuzz/schemathesis.toml). `make test` runs
//! a short pass (FUZZ_EXAMPLES=15 per operation, ~1,500 requests);
//! `make fuzz` runs the long one (FUZZ_EXAMPLES=400, over 10,000 test cases).

use std::process::Command;

use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{Portal, TestApp, spawn_app};

fn schemathesis() -> std::path::PathBuf {
    let venv = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv-fuzz/bin/st");
    assert!(
        venv.exists(),
        "schemathesis is not installed: run scripts/bootstrap"
    );
    venv
}

/// Runs schemathesis with every check it has, as the signed-in `admin`
/// holding `token_string`, skipping `excluded` operation ids; returns how
/// many test cases it generated.
fn fuzz(app: &TestApp, admin: &Portal<'_>, token_string: &str, excluded: &[&str]) -> u64 {
    let examples = std::env::var("FUZZ_EXAMPLES").unwrap_or_else(|_| "15".into());
    let mut command = Command::new(schemathesis());
    command
        .arg("--config-file")
        .arg(tessera_tests::repository_root().join("tests/fuzz/schemathesis.toml"))
        .arg("run")
        .arg(app.url(endpoints::OpenApiJson::PATH))
        .args(["--url", &app.address])
        .args(["--checks", "all"])
        .args(["--max-examples", &examples])
        .args(["--workers", "2", "--no-color"])
        .args(["--request-timeout", "60"])
        // This test's own client address: its failed attempts count against it alone.
        .args(["-H", &format!("cf-connecting-ip: {}", app.client_address)])
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .env("TESSERA_FUZZ_TOKEN", token_string)
        .env("TESSERA_FUZZ_SESSION", admin.session_id())
        .env("TESSERA_FUZZ_CSRF", &admin.csrf_token)
        .current_dir(std::env::temp_dir());
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
    // Every operation, with the credentials each one's security asks for,
    // but signing out: the session must outlive the run.
    let generated = fuzz(&app, &admin, &string, &["sign_out", "sign_out_everywhere"]);
    assert!(generated > 0, "schemathesis generated nothing");
}
