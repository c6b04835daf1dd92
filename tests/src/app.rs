//! One running instance of Tessera on the real Workers runtime, with fresh
//! local state, and typed helpers to talk to it over HTTP.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::Duration;

use reqwest::{Client, Response};
use serde_json::json;
use tessera_shared::paths;
use tempfile::TempDir;

use crate::process::{free_port, ProcessGroup};
use crate::state::{fresh_copy, repository_root};
use crate::eventually;

/// Every demo login's password (SPEC.md, demo data).
pub const DEMO_PASSWORD: &str = "correct-horse-battery";

pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    /// A client with its own cookie jar, like one browser.
    pub client: Client,
    // Fields drop in order: the runtime stops before its state folder is removed.
    _runtime: ProcessGroup,
    state: TempDir,
}

/// Starts Tessera with the settings a deployment gets.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(&[]).await
}

/// Starts Tessera with `vars` overriding wrangler.toml's `[vars]`.
pub async fn spawn_app_with(vars: &[(&str, &str)]) -> TestApp {
    let root = repository_root();
    for built in ["worker/build/index.js", "frontend/dist/index.html"] {
        assert!(root.join(built).exists(), "{built} is missing: run `make build` first");
    }
    let state = tempfile::Builder::new().prefix("tessera-test-").tempdir().expect("a temporary folder");
    let persist = state.path().join("state");
    fresh_copy(&persist);

    let port = free_port();
    let mut command = Command::new(root.join("node_modules/.bin/wrangler"));
    command
        .current_dir(root.join("worker"))
        .args(["dev", "--ip", "127.0.0.1", "--port", &port.to_string()])
        .args(["--inspector-port", &free_port().to_string()])
        .arg("--persist-to")
        .arg(&persist)
        .args(["--show-interactive-dev-session=false"])
        .env("WRANGLER_SEND_METRICS", "false")
        .env("CI", "true")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(state.path().join("runtime.log")).expect("a log file"))
        .stderr(std::fs::File::create(state.path().join("runtime.err.log")).expect("a log file"));
    for (name, value) in vars {
        command.args(["--var", &format!("{name}:{value}")]);
    }
    let mut runtime = ProcessGroup::spawn(command);

    let address = format!("http://127.0.0.1:{port}");
    let probe = Client::new();
    let health = format!("{address}{}", paths::HEALTH);
    eventually(Duration::from_secs(90), "the Workers runtime to answer /api/health", || {
        if let Some(status) = runtime.exited() {
            let log = std::fs::read_to_string(state.path().join("runtime.err.log")).unwrap_or_default();
            panic!("wrangler dev exited with {status}:\n{log}");
        }
        let request = probe.get(&health).timeout(Duration::from_secs(2)).send();
        async move { request.await.ok().filter(|r| r.status().is_success()).map(drop) }
    })
    .await;

    TestApp { address, client: new_client(), _runtime: runtime, state }
}

fn new_client() -> Client {
    Client::builder().cookie_store(true).build().expect("an HTTP client")
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Another client with its own cookies: a second browser.
    pub fn new_client(&self) -> Client {
        new_client()
    }

    /// `POST /api/session` from `client`.
    pub async fn sign_in_with(&self, client: &Client, email: &str, password: &str) -> Response {
        client
            .post(self.url(paths::SESSION))
            .json(&json!({ "email": email, "password": password }))
            .send()
            .await
            .expect("the sign-in request is answered")
    }

    /// Signs in this app's own client; returns the response.
    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.sign_in_with(&self.client, email, password).await
    }

    /// Signs in this app's client as a demo login, asserting success; returns the CSRF token.
    pub async fn sign_in_as(&self, email: &str) -> String {
        let response = self.sign_in(email, DEMO_PASSWORD).await;
        assert_eq!(response.status(), 200, "signing in as {email}");
        let session: tessera_shared::SessionInfo = response.json().await.expect("session info");
        session.csrf_token
    }

    /// `GET /api/session` from this app's client.
    pub async fn session(&self) -> Response {
        self.client.get(self.url(paths::SESSION)).send().await.expect("answered")
    }

    /// `DELETE /api/session` from this app's client, with `csrf_token` if given.
    pub async fn sign_out(&self, csrf_token: Option<&str>) -> Response {
        let mut request = self.client.delete(self.url(paths::SESSION));
        if let Some(token) = csrf_token {
            request = request.header(paths::CSRF_HEADER, token);
        }
        request.send().await.expect("answered")
    }

    /// A read-only connection to the local D1 database file, to check what
    /// the worker stored.
    pub fn database(&self) -> rusqlite::Connection {
        let folder = self.state.path().join("state/v3/d1/miniflare-D1DatabaseObject");
        let file = std::fs::read_dir(&folder)
            .expect("the local D1 folder")
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            // The database is the one `.sqlite` file beside miniflare's `metadata.sqlite`.
            .find(|path| {
                path.extension().is_some_and(|ext| ext == "sqlite")
                    && path.file_stem().is_some_and(|stem| stem != "metadata")
            })
            .expect("the local D1 database file");
        rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the D1 database read-only")
    }

    /// Everything the runtime printed so far.
    pub fn runtime_log(&self) -> String {
        ["runtime.log", "runtime.err.log"]
            .iter()
            .map(|name| std::fs::read_to_string(self.state.path().join(name)).unwrap_or_default())
            .collect()
    }

    pub fn state_folder(&self) -> PathBuf {
        self.state.path().to_path_buf()
    }
}
