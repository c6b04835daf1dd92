//! A runtime of a test's own, described with a builder before it starts.

use super::*;

/// A runtime of a test's own, described before it starts: for tests whose
/// requests act on every organization or on the process (a crash, a moved
/// clock, a scheduled run), that need other variables or other portal files,
/// or states seeded before the first request (`fixtures`). Started with
/// `TestApp::own()...start()`; stops when the test's app drops.
#[must_use = "a runtime starts only with `.start().await`"]
pub struct OwnApp<'a> {
    vars: Vec<(String, String)>,
    assets: Option<PathBuf>,
    seeds: Vec<Seed<'a>>,
}

/// Writes a state into the fresh database, given the demo data's ids.
type Seed<'a> = Box<dyn FnOnce(&rusqlite::Connection, &Demo) + 'a>;

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
