//! Tessera on the real Workers runtime, and typed helpers to talk to it over
//! HTTP. Most tests share one runtime per test binary and each get their own
//! copy of the demo organizations in it (`tenant`); a test that needs a
//! process of its own (other variables, other assets, a crash, a scheduled
//! run over every organization, seeded states) starts one.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI32, AtomicI64, AtomicU32, Ordering};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Client, Response};
use serde_json::json;
use tempfile::TempDir;
use tessera_shared::endpoints::{self, Endpoint};

use crate::process::{ProcessGroup, free_port};
use crate::state::{d1_file, fresh_copy, local_state, per_binary_folder, repository_root};
use crate::tenant::{self, Demo};

/// Every demo login's password (docs/rules.md, demo data).
pub const DEMO_PASSWORD: &str = "correct-horse-battery";

/// The header that carries the client's address (the Workers runtime sets it
/// in production; locally a client's own header passes through).
const CLIENT_ADDRESS_HEADER: &str = "cf-connecting-ip";

pub struct TestApp {
    /// `http://127.0.0.1:<port>`
    pub address: String,
    /// A client with its own cookie jar, like one browser.
    pub client: Client,
    /// How long the runtime took from being started until it answered.
    pub started_in: Duration,
    /// This test's demo data: its ids and its logins' addresses.
    pub demo: Demo,
    /// The address this test's clients come from, its own so that the
    /// address-keyed throttles of one test never count another's requests.
    pub client_address: String,
    runtime: Runtime,
}

enum Runtime {
    /// Started for this test alone; stops when the test's app drops.
    Own(OwnRuntime),
    /// The test binary's shared runtime, which stops when the binary exits.
    Shared(&'static SharedRuntime),
}

struct OwnRuntime {
    // Fields drop in order: the runtime stops before its state folder is removed.
    process: ProcessGroup,
    state: TempDir,
    vars: Vec<(String, String)>,
    /// The portal's files, when not `frontend/dist`.
    assets: Option<PathBuf>,
}

struct SharedRuntime {
    address: String,
    /// `runtime.log` and the `--persist-to` folder `state/` live here.
    folder: PathBuf,
    started_in: Duration,
}

/// Joins the test binary's shared runtime (starting it the first time) with
/// a copy of the demo organizations no other test uses.
pub async fn spawn_app() -> TestApp {
    static SHARED: tokio::sync::OnceCell<SharedRuntime> = tokio::sync::OnceCell::const_new();
    static TAKEN: AtomicI64 = AtomicI64::new(0);
    let shared = SHARED.get_or_init(start_shared).await;
    let demo = tenant::copy_number(TAKEN.fetch_add(1, Ordering::SeqCst) + 1);
    TestApp::new(
        shared.address.clone(),
        shared.started_in,
        demo,
        Runtime::Shared(shared),
    )
}

/// The shared runtime: the migrations and the copies of the demo data, and
/// not the demo data itself, so a test that names a demo login without its
/// copy's address finds nobody.
async fn start_shared() -> SharedRuntime {
    let folder = per_binary_folder("test-runtime", "");
    let persist = folder.join("state");
    local_state(&persist, false);
    tenant::seed_copies(&d1_file(&persist), &crate::state::demo_database());
    let starting = std::time::Instant::now();
    let (process, address) = start_with_retries(&repository_root(), &folder, &[], None).await;
    stop_at_exit(process);
    SharedRuntime {
        address,
        folder,
        started_in: starting.elapsed(),
    }
}

/// A static is never dropped: the shared runtime's process group is killed
/// when the test binary exits (libtest ends through `exit`, which runs
/// `atexit` handlers).
fn stop_at_exit(process: ProcessGroup) {
    static GROUP: AtomicI32 = AtomicI32::new(0);
    extern "C" fn stop() {
        let group = GROUP.load(Ordering::SeqCst);
        if group > 0 {
            // SAFETY: kill(2) on the process group this harness started.
            unsafe { libc::kill(-group, libc::SIGKILL) };
        }
    }
    GROUP.store(process.id() as i32, Ordering::SeqCst);
    std::mem::forget(process);
    // SAFETY: registers a plain function with no captured state.
    unsafe { libc::atexit(stop) };
}

/// A runtime of a test's own, described before it starts: for tests whose
/// requests act on every organization or on the process (a crash, a moved
/// clock, a scheduled run), that need other variables or other portal files,
/// or states seeded before the first request (`fixtures`). Started with
/// `TestApp::own()...start()`; stops when the test's app drops.
#[must_use = "a runtime starts only with `.start().await`"]
pub struct OwnApp<'a> {
    vars: Vec<(String, String)>,
    assets: Option<PathBuf>,
    seeds: Vec<Box<dyn FnOnce(&rusqlite::Connection, &Demo) + 'a>>,
}

impl TestApp {
    /// A runtime of this test's own, with the settings a deployment gets
    /// and the demo data as `scripts/local-state --demo` loads it.
    pub fn own<'a>() -> OwnApp<'a> {
        OwnApp {
            vars: Vec::new(),
            assets: None,
            seeds: Vec::new(),
        }
    }
}

impl<'a> OwnApp<'a> {
    /// Variables overriding wrangler.toml's `[vars]`.
    pub fn vars(mut self, vars: &[(&str, &str)]) -> Self {
        self.vars
            .extend(vars.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        self
    }

    /// Serves the portal from `assets` instead of `frontend/dist`: a build
    /// with a file taken away, as a newer deployment takes away the files of
    /// the one a browser tab still runs.
    pub fn assets(mut self, assets: &std::path::Path) -> Self {
        self.assets = Some(assets.to_path_buf());
        self
    }

    /// Writes a state into the fresh database (the demo data loaded) before
    /// the runtime starts; seeds run in the order given. `seed` gets the
    /// database to itself and the demo data's ids; its SQL lives in
    /// `fixtures`.
    pub fn seed(mut self, seed: impl FnOnce(&rusqlite::Connection, &Demo) + 'a) -> Self {
        self.seeds.push(Box::new(seed));
        self
    }

    /// Starts the runtime and waits until it answers.
    pub async fn start(self) -> TestApp {
        let state = tempfile::Builder::new()
            .prefix("tessera-test-")
            .tempdir()
            .expect("a temporary folder");
        let persist = state.path().join("state");
        fresh_copy(&persist);
        let demo = Demo::original();
        {
            let db =
                rusqlite::Connection::open(d1_file(&persist)).expect("open the fresh D1 database");
            for seed in self.seeds {
                seed(&db, &demo);
            }
        }
        let starting = std::time::Instant::now();
        let (process, address) = start_with_retries(
            &repository_root(),
            state.path(),
            &self.vars,
            self.assets.as_deref(),
        )
        .await;
        let runtime = Runtime::Own(OwnRuntime {
            process,
            state,
            vars: self.vars,
            assets: self.assets,
        });
        TestApp::new(address, starting.elapsed(), demo, runtime)
    }
}

impl TestApp {
    fn new(address: String, started_in: Duration, demo: Demo, runtime: Runtime) -> Self {
        let client_address = next_client_address();
        Self {
            address,
            client: new_client(&client_address),
            started_in,
            demo,
            client_address,
            runtime,
        }
    }
}

/// The worker's variable that moves its clock (`clock::init`).
const CLOCK_OFFSET: &str = "TEST_CLOCK_OFFSET_SECONDS";

/// `10.99.x.y`: one address per app of this binary.
fn next_client_address() -> String {
    static APPS: AtomicU32 = AtomicU32::new(0);
    let n = APPS.fetch_add(1, Ordering::SeqCst) + 1;
    format!("10.99.{}.{}", n / 250, n % 250 + 1)
}

/// A port found free may be taken by a neighbouring test before wrangler or
/// workerd binds it (wrangler then reports either "Address already in use"
/// or only "The Workers runtime failed to start"): start again on fresh
/// ports when the runtime exits early.
async fn start_with_retries(
    root: &std::path::Path,
    folder: &std::path::Path,
    vars: &[(String, String)],
    assets: Option<&std::path::Path>,
) -> (ProcessGroup, String) {
    for built in ["worker/build/index.js", "frontend/dist/index.html"] {
        assert!(
            root.join(built).exists(),
            "{built} is missing: run `make build` first"
        );
    }
    let mut attempts = 0;
    loop {
        attempts += 1;
        match start_runtime(root, folder, &folder.join("state"), vars, assets).await {
            Ok(started) => return started,
            Err(log) if attempts < 5 => {
                eprintln!("wrangler dev exited early (attempt {attempts}), retrying:\n{log}")
            }
            Err(log) => panic!("wrangler dev exited {attempts} times:\n{log}"),
        }
    }
}
/// Starts `wrangler dev` on fresh ports and waits until it answers; on an
/// early exit returns what it printed.
async fn start_runtime(
    root: &std::path::Path,
    folder: &std::path::Path,
    persist: &std::path::Path,
    vars: &[(String, String)],
    assets: Option<&std::path::Path>,
) -> Result<(ProcessGroup, String), String> {
    let port = free_port();
    let mut command = Command::new(root.join("node_modules/.bin/wrangler"));
    command
        .current_dir(root.join("worker"))
        .args(["dev", "--ip", "127.0.0.1", "--port", &port.to_string()])
        .args(["--inspector-port", &free_port().to_string()])
        .arg("--persist-to")
        .arg(persist)
        .args(["--show-interactive-dev-session=false"])
        // `/__scheduled` fires the Cron Trigger's handler (`TestApp::run_scheduled`).
        .arg("--test-scheduled")
        .env("WRANGLER_SEND_METRICS", "false")
        // Each runtime its own dev registry: sessions of one worker name
        // share a registry by default, and one starting or stopping reloads
        // the others, failing their requests in flight with 503.
        .env("WRANGLER_REGISTRY_PATH", folder.join("registry"))
        .env("CI", "true")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(folder.join("runtime.log")).expect("a log file"))
        .stderr(std::fs::File::create(folder.join("runtime.err.log")).expect("a log file"));
    // Every test runtime can sign webhook deliveries, and retries a failed
    // one after a second rather than half a minute.
    let defaults = [
        (
            "WEBHOOK_SIGNING_KEY",
            "test-signing-key-for-the-local-runtime",
        ),
        ("WEBHOOK_RETRY_SECONDS", "1"),
    ];
    for (name, value) in defaults {
        if !vars.iter().any(|(set, _)| set == name) {
            command.args(["--var", &format!("{name}:{value}")]);
        }
    }
    for (name, value) in vars {
        command.args(["--var", &format!("{name}:{value}")]);
    }
    if let Some(assets) = assets {
        command.arg("--assets").arg(assets);
    }
    let mut runtime = ProcessGroup::spawn(command);
    let address = format!("http://127.0.0.1:{port}");
    let probe = Client::new();
    let health = format!("{address}{}", endpoints::HealthCheck::PATH);
    let deadline = std::time::Instant::now() + Duration::from_secs(90);
    loop {
        if runtime.exited().is_some() {
            return Err(printed_by_runtime(folder));
        }
        let answered = probe
            .get(&health)
            .timeout(Duration::from_secs(2))
            .send()
            .await;
        if answered.is_ok_and(|response| response.status().is_success()) {
            return Ok((runtime, address));
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the Workers runtime did not answer /api/health in 90 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What the runtime started in `folder` printed, stdout then stderr.
fn printed_by_runtime(folder: &std::path::Path) -> String {
    ["runtime.log", "runtime.err.log"]
        .iter()
        .map(|name| std::fs::read_to_string(folder.join(name)).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}

/// How long any request of the harness waits for an answer. The runtime
/// answers in milliseconds; a request still unanswered after this is a hang,
/// and the test that sent it fails instead of stalling the whole suite.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(60);

/// A browser-like client coming from `client_address`.
fn new_client(client_address: &str) -> Client {
    Client::builder()
        .cookie_store(true)
        .timeout(ANSWER_WITHIN)
        .default_headers(from_address(client_address))
        .build()
        .expect("an HTTP client")
}

fn from_address(client_address: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    headers.insert(
        CLIENT_ADDRESS_HEADER,
        HeaderValue::from_str(client_address).expect("an address is a header value"),
    );
    headers
}

impl TestApp {
    /// Kills the runtime (SIGKILL, the whole process group) and starts it
    /// again on the same local state, as after a crash.
    pub async fn crash_and_restart(&mut self) {
        let Runtime::Own(own) = &mut self.runtime else {
            panic!("only a test's own runtime can crash: start it with TestApp::own()");
        };
        own.process.kill();
        self.start_again().await;
    }

    /// Restarts this test's own runtime on the same state with its clock
    /// `days` away from the real one (negative: in the past), so that a
    /// test replays a month of traffic in seconds. The worker reads
    /// `TEST_CLOCK_OFFSET_SECONDS`, which only tests set. Sessions stay
    /// behind in the old time: sign in again after.
    pub async fn set_clock(&mut self, days: i64) {
        let Runtime::Own(own) = &mut self.runtime else {
            panic!("only a test's own runtime has its own clock: start it with TestApp::own()");
        };
        own.vars.retain(|(name, _)| name != CLOCK_OFFSET);
        own.vars
            .push((CLOCK_OFFSET.into(), (days * 24 * 60 * 60).to_string()));
        own.process.kill();
        self.start_again().await;
    }

    async fn start_again(&mut self) {
        let Runtime::Own(own) = &mut self.runtime else {
            unreachable!("callers restart only their own runtime");
        };
        let (process, address) = start_with_retries(
            &repository_root(),
            own.state.path(),
            &own.vars,
            own.assets.as_deref(),
        )
        .await;
        own.process = process;
        self.address = address;
    }

    /// A client as this test's scripts use one: no cookies, bounded waits,
    /// the test's own address.
    pub fn script_client(&self) -> Client {
        Client::builder()
            .timeout(ANSWER_WITHIN)
            .default_headers(from_address(&self.client_address))
            .build()
            .expect("an HTTP client")
    }

    /// The folder holding the runtime's logs and its `state/`.
    fn folder(&self) -> &std::path::Path {
        match &self.runtime {
            Runtime::Own(own) => own.state.path(),
            Runtime::Shared(shared) => &shared.folder,
        }
    }

    /// The worker's wasm memory in bytes, from the bench's reference route
    /// (the app must run with `BENCH_ROUTES=on`). It only ever grows, so it
    /// tells what the worker held at once: for checking that a request or an
    /// export was never held whole.
    pub async fn wasm_memory(&self) -> f64 {
        let answer: serde_json::Value = self
            .script_client()
            // A bench route, outside the API's contract.
            .get(self.url("/api/bench/memory"))
            .send()
            .await
            .expect("the memory route answers")
            .json()
            .await
            .expect("JSON");
        answer["wasm_memory_bytes"]
            .as_f64()
            .expect("the worker's memory size")
    }

    /// Fires the worker's `scheduled` handler, as the daily Cron Trigger
    /// does, and waits for it to finish.
    /// Runs the daily Cron Trigger's handler.
    pub async fn run_scheduled(&self) {
        self.run_cron("23 3 * * *").await;
    }

    /// Runs the quarter-hourly Cron Trigger's handler.
    pub async fn run_quarter_hourly(&self) {
        self.run_cron("*/15 * * * *").await;
    }

    /// Runs the scheduled handler as the Cron Trigger `schedule` would.
    pub async fn run_cron(&self, schedule: &str) {
        let mut url = reqwest::Url::parse(&self.url("/__scheduled")).expect("a URL");
        url.query_pairs_mut().append_pair("cron", schedule);
        let response = self
            .script_client()
            .get(url)
            .send()
            .await
            .expect("the scheduled handler is run");
        assert!(
            response.status().is_success(),
            "the scheduled handler failed: {}",
            response.text().await.unwrap_or_default()
        );
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Another client with its own cookies: a second browser.
    pub fn new_client(&self) -> Client {
        new_client(&self.client_address)
    }

    /// `POST /api/session` from `client`.
    pub async fn sign_in_with(&self, client: &Client, email: &str, password: &str) -> Response {
        client
            .post(self.url(endpoints::SignIn::PATH))
            .json(&json!({ "email": self.email(email), "password": password }))
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

    /// Every email the runtime's `send_email` binding was asked to send so
    /// far, to any of `recipients`: `wrangler dev` logs each one's addresses
    /// and subject and keeps its text in a file the log names.
    pub fn sent_emails(&self, recipients: &[String]) -> Vec<SentEmail> {
        let log = self.runtime_log();
        let mut sent = Vec::new();
        for block in log
            .split("send_email binding called with MessageBuilder:")
            .skip(1)
        {
            let field = |name: &str| {
                block
                    .lines()
                    .find_map(|line| line.trim().strip_prefix(name))
                    .map(|value| value.trim().to_owned())
                    .unwrap_or_default()
            };
            let text_file = field("Text:");
            let email = SentEmail {
                from: field("From:"),
                to: field("To:"),
                subject: field("Subject:"),
                text: std::fs::read_to_string(&text_file).unwrap_or_default(),
            };
            if recipients.contains(&email.to) {
                sent.push(email);
            }
        }
        sent
    }

    /// `GET /api/session` from this app's client.
    pub async fn session(&self) -> Response {
        self.client
            .get(self.url(endpoints::GetSession::PATH))
            .send()
            .await
            .expect("answered")
    }

    /// `DELETE /api/session` from this app's client, with `csrf_token` if given.
    pub async fn sign_out(&self, csrf_token: Option<&str>) -> Response {
        let mut request = self.client.delete(self.url(endpoints::SignOut::PATH));
        if let Some(token) = csrf_token {
            request = request.header(endpoints::CSRF_HEADER, token);
        }
        request.send().await.expect("answered")
    }

    /// A read-only connection to the local D1 database file, to check what
    /// the worker stored.
    pub fn database(&self) -> rusqlite::Connection {
        let file = d1_file(&self.folder().join("state"));
        rusqlite::Connection::open_with_flags(file, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .expect("open the D1 database read-only")
    }

    /// Everything the runtime printed so far.
    pub fn runtime_log(&self) -> String {
        printed_by_runtime(self.folder())
    }

    pub fn state_folder(&self) -> PathBuf {
        self.folder().to_path_buf()
    }

    /// This test's address for a demo address (`alice@demo.example`).
    pub fn email(&self, email: &str) -> String {
        self.demo.email(email)
    }
}

/// A browser-like client signed in as one login, with typed calls for the
/// portal's token endpoints. Each call returns the raw response so tests can
/// check status codes and bodies alike.
pub struct Portal<'a> {
    pub app: &'a TestApp,
    pub client: Client,
    pub csrf_token: String,
    pub login_id: i64,
    session_id: String,
}

impl TestApp {
    /// Signs in `email` (a demo login) in a new client.
    pub async fn portal(&self, email: &str) -> Portal<'_> {
        let client = self.new_client();
        let response = self.sign_in_with(&client, email, DEMO_PASSWORD).await;
        if response.status() != 200 {
            // Who answered, and why: the body, and what the runtime printed last.
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            let log = self.runtime_log();
            let tail: Vec<&str> = log.lines().rev().take(40).collect();
            panic!(
                "signing in as {email}: {status} {body}\nthe runtime's log ends:\n{}",
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .expect("a cookie")
            .to_owned();
        let session_id = cookie
            .split(';')
            .next()
            .and_then(|pair| pair.split_once('='))
            .map(|(_, id)| id.to_owned());
        let session: tessera_shared::SessionInfo = response.json().await.expect("session info");
        Portal {
            app: self,
            client,
            csrf_token: session.csrf_token,
            login_id: session.login.id,
            session_id: session_id.expect("the session cookie"),
        }
    }

    /// `count` tokens of the demo login `email`, generated and expiring in
    /// a week, and the daily run that gives it a notice of each.
    pub async fn expiring_tokens(&self, email: &str, count: u32) {
        let owner = self.portal(email).await;
        for n in 1..=count {
            let response = owner
                .create_token(
                    owner.login_id,
                    &format!("Expiring export {n}"),
                    "7_days",
                    &["meta_record"],
                )
                .await;
            assert_eq!(response.status(), 201, "creating an expiring token");
            let token: tessera_shared::tokens::TokenView =
                response.json().await.expect("the new token");
            assert_eq!(owner.generate(token.id).await.status(), 200);
        }
        self.run_scheduled().await;
        assert!(
            owner.notices().await.len() >= count as usize,
            "a notice of each expiring token"
        );
    }

    /// Known traffic for a token whose Scope is Meta Record alone: `ok`
    /// requests it is accepted for (`GET /api/meta`), then `fail` refused
    /// for being outside its Scope (`GET /api/data`), each a `Fail` that
    /// names the token.
    pub async fn known_traffic(&self, token_string: &str, ok: u32, fail: u32) {
        for _ in 0..ok {
            let response = self.api_get(endpoints::Meta::PATH, token_string).await;
            assert_eq!(response.status(), 200);
        }
        for _ in 0..fail {
            let response = self.api_get(endpoints::Data::PATH, token_string).await;
            assert_eq!(response.status(), 403, "out of Scope: a Fail for the token");
        }
    }

    /// Endpoint `E`'s request as a script sends it: method and path from
    /// the contract, `Authorization: Bearer token_string`.
    pub fn api_request<E: Endpoint>(
        &self,
        id: E::Id,
        token_string: &str,
    ) -> reqwest::RequestBuilder {
        self.script_client()
            .request(method_of(E::ROUTE), self.url(&E::path(id)))
            .bearer_auth(token_string)
    }

    /// Endpoint `E` answered to `token_string`, with `query` written as
    /// text after the `?` (malformed ones included).
    pub async fn use_token_with_query<E: Endpoint<Id = ()>>(
        &self,
        query: &str,
        token_string: &str,
    ) -> Response {
        self.api_get(&with_query_text(E::path(()), query), token_string)
            .await
    }

    /// Endpoint `E` (`Meta`, `Data`, `MetaReports`: no id in the path, no
    /// query) answered to `token_string`.
    pub async fn use_token<E: Endpoint<Id = ()>>(&self, token_string: &str) -> Response {
        self.api_request::<E>((), token_string)
            .send()
            .await
            .expect("answered")
    }

    /// `GET path` with `Authorization: Bearer token_string`, as a script
    /// would call the API: for a path with a query (`Data::url`), or one a
    /// test writes by hand.
    pub async fn api_get(&self, path: &str, token_string: &str) -> Response {
        self.script_client()
            .get(self.url(path))
            .bearer_auth(token_string)
            .send()
            .await
            .expect("answered")
    }
}

impl Portal<'_> {
    /// The session id the cookie carries, for tools that take a raw header.
    pub fn session_id(&self) -> &str {
        &self.session_id
    }

    /// Any request, with the CSRF header and an optional JSON body; the status and the body text.
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> (u16, String) {
        let mut request = self.send(method, path);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("answered");
        (
            response.status().as_u16(),
            response.text().await.expect("a body"),
        )
    }

    fn send(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.app.url(path))
            .header(endpoints::CSRF_HEADER, &self.csrf_token)
    }

    /// Endpoint `E`'s request from this browser, as its definition says:
    /// method, path with `id`, and the CSRF header. The query, when a test
    /// sends one, goes on the path as text (malformed ones included).
    pub fn request<E: Endpoint>(&self, id: E::Id) -> reqwest::RequestBuilder {
        self.send(method_of(E::ROUTE), &E::path(id))
    }

    /// Endpoint `E`'s answer to this browser, sent without a body.
    pub async fn get<E: Endpoint>(&self, id: E::Id) -> Response {
        self.request::<E>(id).send().await.expect("answered")
    }

    /// Endpoint `E`'s answer, read as the type its definition documents.
    pub async fn read<E: Endpoint>(&self, id: E::Id) -> E::Answer {
        let response = self.get::<E>(id).await;
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.expect("the documented answer")
    }

    /// Endpoint `E`'s answer with `query` written as text after the `?`
    /// (`page=2&page_size=10`; malformed ones included; empty: none).
    pub async fn get_with_query<E: Endpoint>(&self, id: E::Id, query: &str) -> Response {
        self.send(method_of(E::ROUTE), &with_query_text(E::path(id), query))
            .send()
            .await
            .expect("answered")
    }

    /// The first page of `owner_login_id`'s tokens, as the API answers it.
    pub async fn list_tokens(&self, owner_login_id: i64) -> Response {
        self.list_tokens_with(owner_login_id, "").await
    }

    /// `GET /api/logins/{owner_login_id}/tokens?{query}` (`page=2&page_size=10&search=x`).
    pub async fn list_tokens_with(&self, owner_login_id: i64, query: &str) -> Response {
        self.get_with_query::<endpoints::ListTokens>(owner_login_id, query)
            .await
    }

    /// One page of `owner_login_id`'s tokens, asserting the list is allowed.
    pub async fn token_page(
        &self,
        owner_login_id: i64,
        query: &str,
    ) -> tessera_shared::tokens::TokenPage {
        let response = self.list_tokens_with(owner_login_id, query).await;
        assert_eq!(response.status(), 200, "listing with {query:?}");
        response.json().await.expect("a token page")
    }

    /// Every live token of `owner_login_id` in the list's order, page after
    /// page, asserting the list is allowed.
    pub async fn tokens_of(&self, owner_login_id: i64) -> Vec<tessera_shared::tokens::TokenView> {
        let mut tokens = Vec::new();
        for page in 1.. {
            let listed = self
                .token_page(owner_login_id, &format!("page={page}&page_size=200"))
                .await;
            let last = page >= listed.pages();
            tokens.extend(listed.tokens);
            if last {
                break;
            }
        }
        tokens
    }

    pub async fn create_token(
        &self,
        owner_login_id: i64,
        name: &str,
        expiry: &str,
        scope: &[&str],
    ) -> Response {
        self.request::<endpoints::CreateToken>(owner_login_id)
            .json(&json!({ "name": name, "expiry": expiry, "scope": scope }))
            .send()
            .await
            .expect("answered")
    }

    /// Creates a token for oneself, asserting success.
    pub async fn new_token(&self, name: &str, scope: &[&str]) -> tessera_shared::tokens::TokenView {
        let response = self
            .create_token(self.login_id, name, "30_days", scope)
            .await;
        assert_eq!(response.status(), 201, "creating {name}");
        response.json().await.expect("the new token")
    }

    pub async fn generate(&self, token_id: i64) -> Response {
        self.request::<endpoints::GenerateToken>(token_id)
            .send()
            .await
            .expect("answered")
    }

    /// This login's notices not dismissed yet, newest first: their messages.
    pub async fn notices(&self) -> Vec<String> {
        self.read::<endpoints::ListNotices>(())
            .await
            .notices
            .into_iter()
            .map(|notice| notice.message)
            .collect()
    }

    /// Generates a string for `token_id`, asserting success; returns it.
    pub async fn token_string(&self, token_id: i64) -> String {
        let response = self.generate(token_id).await;
        assert_eq!(response.status(), 200, "generating token {token_id}");
        response
            .json::<tessera_shared::tokens::GeneratedToken>()
            .await
            .expect("generated")
            .token_string
    }

    pub async fn edit(&self, token_id: i64, body: serde_json::Value) -> Response {
        self.request::<endpoints::EditToken>(token_id)
            .json(&body)
            .send()
            .await
            .expect("answered")
    }

    pub async fn revoke(&self, token_id: i64) -> Response {
        self.request::<endpoints::RevokeToken>(token_id)
            .send()
            .await
            .expect("answered")
    }

    pub async fn token_logs(&self, query: &str) -> Response {
        self.get_with_query::<endpoints::TokenLogs>((), query).await
    }
}

/// `path?query`, `path` alone for an empty query.
fn with_query_text(path: String, query: &str) -> String {
    match query.is_empty() {
        true => path,
        false => format!("{path}?{query}"),
    }
}

/// The HTTP method of `route`, as the contract says.
fn method_of(route: endpoints::Route) -> reqwest::Method {
    match route.method() {
        endpoints::Method::Get => reqwest::Method::GET,
        endpoints::Method::Post => reqwest::Method::POST,
        endpoints::Method::Put => reqwest::Method::PUT,
        endpoints::Method::Delete => reqwest::Method::DELETE,
    }
}

/// An email as the runtime's `send_email` binding recorded it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentEmail {
    pub from: String,
    pub to: String,
    pub subject: String,
    pub text: String,
}

/// A valid token string made from `seed`, and the hash the worker stores for
/// it: for seeding tokens in states no request can reach.
pub fn known_token_string(seed: u8) -> (String, String) {
    use sha2::{Digest, Sha256};
    let token = tessera_shared::TokenString::from_random(
        [seed; tessera_shared::token_string::RANDOM_BYTES],
    );
    let hash = Sha256::digest(token.expose().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (token.expose().to_owned(), hash)
}
