//! Failed API authentications per client address (R16): a client sending
//! made-up, mistyped or stale token strings (or wrong Basic credentials)
//! is stopped after `limit` failures a minute, with `429` and
//! `Retry-After`, before any of its further requests touches storage.
//!
//! The count is the Workers runtime's Rate Limiting binding
//! (`API_AUTH_FAILURES` in wrangler.toml): shared by every isolate of a
//! location, kept by the platform. Only failures are counted, so a busy
//! script with a good token is never slowed down. Once the binding says an
//! address is over, this isolate remembers it until the period ends and
//! answers its requests from memory.

use std::cell::RefCell;
use std::collections::HashMap;

use tessera_shared::sign_in_throttle::address_key;
use worker::Env;

/// The binding's period in wrangler.toml (`simple.period`), in seconds.
pub const PERIOD_SECONDS: i64 = 60;

/// Addresses remembered at once; emptied when full rather than tracked by
/// age (a flood of addresses then costs a binding call each, never memory).
const CAPACITY: usize = 10_000;

thread_local! {
    /// Address key -> until when (seconds) its requests are refused.
    static OVER_LIMIT: RefCell<HashMap<String, i64>> = RefCell::default();
}

/// Seconds until `client_address` may authenticate again, if this isolate
/// knows it is over the limit.
pub fn wait_for(client_address: &str, now: i64) -> Option<i64> {
    let key = address_key(client_address);
    OVER_LIMIT.with_borrow_mut(|over| match over.get(&key) {
        Some(until) if *until > now => Some(until - now),
        Some(_) => {
            over.remove(&key);
            None
        }
        None => None,
    })
}

/// Counts one failed authentication of `client_address`. Returns the
/// seconds to wait when this failure took it past the limit.
pub async fn count_failure(env: &Env, client_address: &str, now: i64) -> Option<i64> {
    let key = address_key(client_address);
    if crate::services::rate_limits::allows(env, "API_AUTH_FAILURES", key.clone()).await {
        return None;
    }
    OVER_LIMIT.with_borrow_mut(|over| {
        if over.len() >= CAPACITY {
            over.clear();
        }
        over.insert(key, now + PERIOD_SECONDS);
    });
    Some(PERIOD_SECONDS)
}
