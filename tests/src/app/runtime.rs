//! Starting `wrangler dev` (workerd inside) on fresh ports and stopping it:
//! the shared runtime at the binary's exit, a test's own when it drops.

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use reqwest::Client;
use tessera_shared::endpoints::{self, Endpoint};

use crate::process::{ProcessGroup, free_port};
use crate::state::{d1_file, local_state, per_binary_folder, repository_root};
use crate::tenant;

/// The test binary's shared runtime, which stops when the binary exits.
pub(super) struct SharedRuntime {
    pub(super) address: String,
    /// `runtime.log` and the `--persist-to` folder `state/` live here.
    pub(super) folder: PathBuf,
    pub(super) started_in: Duration,
}

/// The shared runtime: the migrations and the copies of the demo data, and
/// not the demo data itself, so a test that names a demo login without its
/// copy's address finds nobody.
pub(super) async fn start_shared() -> SharedRuntime {
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

/// A port found free may be taken by a neighbouring test before wrangler or
/// workerd binds it (wrangler then reports either "Address already in use"
/// or only "The Workers runtime failed to start"): start again on fresh
/// ports when the runtime exits early.
pub(super) async fn start_with_retries(
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
        // No DevTools inspector proxy: wrangler's starts when this is unset,
        // enables the Network domain and POSTs every event the runtime
        // reports (each subrequest a binding makes) to wrangler's node
        // process, one connection each while node is busy. Under the suite's
        // floods those held up to 20,000 sockets and workerd ran out of file
        // descriptors (docs/testing.md). Wrangler skips the proxy inside
        // VS Code's debug terminal, which it knows by this variable; the
        // worker's console output still reaches `runtime.log`.
        .env("VSCODE_INSPECTOR_OPTIONS", "{}")
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
            let own = runtime_own_address(&runtime, port, &probe).await;
            return Ok((runtime, own));
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the Workers runtime did not answer /api/health in 90 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The address of workerd's own socket, behind `wrangler dev`'s proxy on
/// `proxy_port`. Tests talk to it directly: under a flood of parallel
/// requests the proxy's fetches to the runtime fail now and then with
/// "Network connection lost", and it answers a failed POST with a 503
/// "Your worker restarted mid-request" and holds a failed GET forever
/// (docs/testing.md, "Why tests bypass wrangler's proxy"). The worker, its
/// bindings, `/__scheduled` and the assets are the same on both addresses.
async fn runtime_own_address(runtime: &ProcessGroup, proxy_port: u16, probe: &Client) -> String {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    loop {
        for port in runtime.listening_ports() {
            if port == proxy_port {
                continue;
            }
            let address = format!("http://127.0.0.1:{port}");
            let answered = probe
                .get(format!("{address}{}", endpoints::HealthCheck::PATH))
                .timeout(Duration::from_secs(2))
                .send()
                .await;
            if answered.is_ok_and(|response| response.status().is_success()) {
                return address;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no socket of the runtime behind wrangler's proxy answers /api/health"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// What the runtime started in `folder` printed, stdout then stderr.
pub(super) fn printed_by_runtime(folder: &std::path::Path) -> String {
    ["runtime.log", "runtime.err.log"]
        .iter()
        .map(|name| std::fs::read_to_string(folder.join(name)).unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n")
}
