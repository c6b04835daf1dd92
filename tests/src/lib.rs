//! Tessera's end-to-end test harness: runs the real Workers runtime
//! (`wrangler dev`, workerd inside) with local D1 and KV, one shared per test
//! binary where each test gets its own copy of the demo data, or one of a
//! test's own; drives headless Chromium through chromedriver; hands tests
//! typed helpers; stops everything it started, also when a test fails.
//!
//! Needs the built worker and SPA (`make build`); `make test` builds first.

mod app;
pub mod bodies;
mod browser;
pub mod fixtures;
pub mod load;
pub mod pages;
mod process;
pub mod receiver;
pub(crate) mod state;
mod tenant;

pub use app::own::OwnApp;
pub use app::portal::Portal;
pub use app::{
    ANSWER_WITHIN, DEMO_PASSWORD, SentEmail, TestApp, http_client, known_token_string, spawn_app,
};
pub use browser::Browser;
pub use browser::page_facts::PageExperience;
pub use state::repository_root;
pub use tenant::Demo;

use std::future::Future;
use std::time::{Duration, Instant};

/// Polls `check` until it yields a value or `timeout` passes. Tests wait for
/// things this way, never by sleeping a fixed time.
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            Instant::now() < deadline,
            "timed out after {timeout:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
