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
    static OVER_LIMIT: RefCell<OverLimit> = RefCell::default();
}

/// Address key -> until when (seconds) its requests are refused.
#[derive(Default)]
struct OverLimit(HashMap<String, i64>);

impl OverLimit {
    /// Seconds until `key` may authenticate again, if it is over the limit
    /// at `now`; a wait that has ended is forgotten.
    fn wait_for(&mut self, key: &str, now: i64) -> Option<i64> {
        match self.0.get(key) {
            Some(until) if *until > now => Some(until - now),
            Some(_) => {
                self.0.remove(key);
                None
            }
            None => None,
        }
    }

    /// Remembers that `key` went over the limit at `now`; the seconds it waits.
    fn went_over(&mut self, key: String, now: i64) -> i64 {
        if self.0.len() >= CAPACITY {
            self.0.clear();
        }
        self.0.insert(key, now + PERIOD_SECONDS);
        PERIOD_SECONDS
    }
}

/// Seconds until `client_address` may authenticate again, if this isolate
/// knows it is over the limit.
pub fn wait_for(client_address: &str, now: i64) -> Option<i64> {
    let key = address_key(client_address);
    OVER_LIMIT.with_borrow_mut(|over| over.wait_for(&key, now))
}

/// Counts one failed authentication of `client_address`. Returns the
/// seconds to wait when this failure took it past the limit.
pub async fn count_failure(env: &Env, client_address: &str, now: i64) -> Option<i64> {
    let key = address_key(client_address);
    if crate::services::rate_limits::allows(env, "API_AUTH_FAILURES", key.clone()).await {
        return None;
    }
    Some(OVER_LIMIT.with_borrow_mut(|over| over.went_over(key, now)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_953_600;

    /// What `wait_for` answers for `client_address` at `now`.
    fn wait(over: &mut OverLimit, client_address: &str, now: i64) -> Option<i64> {
        over.wait_for(&address_key(client_address), now)
    }

    #[test]
    fn an_address_over_the_limit_waits_out_the_rest_of_the_period_r16() {
        let mut over = OverLimit::default();
        assert_eq!(over.went_over(address_key("203.0.113.7"), NOW), 60);
        assert_eq!(wait(&mut over, "203.0.113.7", NOW), Some(60));
        assert_eq!(wait(&mut over, "203.0.113.7", NOW + 59), Some(1));
    }

    #[test]
    fn an_address_may_try_again_when_the_period_ends_r16() {
        let mut over = OverLimit::default();
        over.went_over(address_key("203.0.113.7"), NOW);
        assert_eq!(wait(&mut over, "203.0.113.7", NOW + PERIOD_SECONDS), None);
        assert!(over.0.is_empty(), "an ended wait is forgotten");
    }

    #[test]
    fn an_address_never_over_the_limit_waits_for_nothing() {
        let mut over = OverLimit::default();
        over.went_over(address_key("203.0.113.7"), NOW);
        assert_eq!(wait(&mut over, "203.0.113.8", NOW), None);
    }

    #[test]
    fn ipv6_addresses_of_one_slash_64_wait_together_r16() {
        let mut over = OverLimit::default();
        over.went_over(address_key("2001:db8:1:2::1"), NOW);
        assert_eq!(wait(&mut over, "2001:db8:1:2:ffff::9", NOW + 10), Some(50));
        assert_eq!(wait(&mut over, "2001:db8:1:3::1", NOW + 10), None);
    }

    #[test]
    fn a_full_memory_starts_again_rather_than_growing() {
        let mut over = OverLimit::default();
        for i in 0..CAPACITY {
            over.went_over(format!("key {i}"), NOW);
        }
        assert_eq!(over.0.len(), CAPACITY);
        over.went_over(address_key("203.0.113.7"), NOW);
        assert_eq!(over.0.len(), 1);
        assert_eq!(wait(&mut over, "203.0.113.7", NOW), Some(60));
    }
}
