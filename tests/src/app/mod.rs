//! Tessera on the real Workers runtime, and typed helpers to talk to it over
//! HTTP. Most tests share one runtime per test binary and each get their own
//! copy of the demo organizations in it (`tenant`); a test that needs a
//! process of its own (other variables, other assets, a crash, a scheduled
//! run over every organization, seeded states) starts one (`own`).
//! Starting `wrangler dev` is `runtime`'s; a signed-in browser's calls are
//! `portal`'s.

pub(crate) mod own;
pub(crate) mod portal;
mod runtime;

use runtime::{SharedRuntime, printed_by_runtime, start_shared, start_with_retries};

use std::path::PathBuf;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Client, Response};
use serde_json::json;
use tempfile::TempDir;
use tessera_shared::endpoints::{self, Endpoint};

use crate::process::ProcessGroup;
use crate::state::{d1_file, fresh_copy, repository_root};
use crate::tenant::{self, Demo};

/// Every demo login's password (docs/rules.md, demo data).
pub const DEMO_PASSWORD: &str = "correct-horse-battery";

/// The header that carries the client's address (the Workers runtime sets it
/// in production; locally a client's own header passes through).
const CLIENT_ADDRESS_HEADER: &str = "cf-connecting-ip";

pub struct TestApp {
    /// `http://127.0.0.1:<port>`: workerd's own socket, behind wrangler's proxy
    /// (`runtime::runtime_own_address`).
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

/// How long any request of the harness waits for an answer. The runtime
/// answers in milliseconds; a request still unanswered after this is a hang,
/// and the test that sent it fails instead of stalling the whole suite.
pub const ANSWER_WITHIN: Duration = Duration::from_secs(60);

/// A browser-like client coming from `client_address`.
fn new_client(client_address: &str) -> Client {
    http_client()
        .cookie_store(true)
        .default_headers(from_address(client_address))
        .build()
        .expect("an HTTP client")
}

/// How a browser-like client of the harness starts (a portal's, signing in
/// and saving): bounded waits, and a connection of its own for each request,
/// never one kept from an earlier answer.
///
/// workerd closes a kept connection when the next request's first byte has
/// not been *read* 5 s after the previous answer was written (KJ's pipeline
/// timeout). Its one thread reads sockets between the isolates' work, so
/// when it falls seconds behind (three daily runs at once on two shared
/// cores; answers to `/api/health` were measured taking 3.7 s) a request
/// already sent on a kept connection can lose that race: the connection is
/// closed without an answer (hyper's `IncompleteMessage`). Stopping workerd
/// for 6 s right after an answer reproduces it; a new connection's first
/// request has no such deadline and was always answered
/// (docs/testing.md, "Why a portal's requests each have their own connection").
pub fn http_client() -> reqwest::ClientBuilder {
    Client::builder()
        .timeout(ANSWER_WITHIN)
        .pool_max_idle_per_host(0)
}

/// How long a script client keeps an idle connection for its next request:
/// less than workerd's pipeline timeout (5 s). Script clients keep theirs,
/// unlike portals: a full run with the floods' thousands of requests each on
/// a new connection found workerd out of file descriptors (its limit here,
/// 20,000), as it keeps a finished connection's socket until its lagging
/// thread reads the close.
const IDLE_CONNECTIONS_KEPT: Duration = Duration::from_secs(3);

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

    /// Stops this test's own runtime, writes `seed` into its database (a
    /// change no request makes, such as a report the organization set up
    /// later; its SQL lives in `fixtures`), and starts it again on the same
    /// state. Sessions survive; this isolate's memory does not.
    pub async fn stop_seed_and_restart(&mut self, seed: impl FnOnce(&rusqlite::Connection, &Demo)) {
        let Runtime::Own(own) = &mut self.runtime else {
            panic!("only a test's own runtime can be stopped: start it with TestApp::own()");
        };
        own.process.kill();
        {
            let db = rusqlite::Connection::open(d1_file(&own.state.path().join("state")))
                .expect("open the runtime's D1 database");
            seed(&db, &self.demo);
        }
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
            .pool_idle_timeout(IDLE_CONNECTIONS_KEPT)
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

    /// Runs the minute's Cron Trigger's handler: the audit streams (R30).
    pub async fn run_every_minute(&self) {
        self.run_cron("* * * * *").await;
    }

    /// The first request `receiver` got from the audit stream (R30), running
    /// the minute's Cron Trigger until it has one (at most 30 s).
    pub async fn first_streamed(
        &self,
        receiver: &crate::receiver::Receiver,
    ) -> crate::receiver::Received {
        crate::eventually(
            Duration::from_secs(30),
            "a batch at the receiver",
            || async {
                self.run_every_minute().await;
                receiver.received().into_iter().next()
            },
        )
        .await
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
