//! Slowing down password guessing (R11, R14, R16): each attempt is counted
//! against its keys (shared/src/sign_in_throttle.rs) before any password is
//! checked, in one atomic batch, so parallel guesses cannot slip past a lock
//! that none of them has recorded yet; an attempt that any key refuses is
//! counted by none of them and writes nothing.

use tessera_shared::sign_in_throttle::{
    FIRST_LOCK_SECONDS, FORGET_AFTER_SECONDS, MAX_LOCK_SECONDS, attempt_keys, device_key,
};
use worker::D1Database;

use crate::error::{AppError, AppResult};
use crate::store::sign_in_throttle::{self, Counted, Schedule};

const SCHEDULE: Schedule = Schedule {
    first_lock: FIRST_LOCK_SECONDS,
    max_lock: MAX_LOCK_SECONDS,
    forget_after: FORGET_AFTER_SECONDS,
};

/// One password attempt for a login, from a client address or from a
/// browser the login trusts.
pub struct PasswordAttempt {
    keys: Keys,
}

enum Keys {
    /// The login from this address, the address, the login: each with its free attempts.
    Anonymous([(String, i64); 3]),
    /// A browser the login signed in from before: counted apart from the
    /// anonymous attempts, which cannot lock it out.
    TrustedDevice((String, i64)),
}

impl PasswordAttempt {
    /// An attempt from `client_address`; `trusted_device` is the device
    /// cookie's hash when it was given to this very login.
    pub fn new(email: &str, client_address: &str, trusted_device: Option<&str>) -> Self {
        let keys = match trusted_device {
            Some(device_hash) => Keys::TrustedDevice(device_key(device_hash)),
            None => Keys::Anonymous(attempt_keys(email, client_address)),
        };
        Self { keys }
    }

    /// Counts the attempt; refuses it with `429` and the wait when a key is
    /// waiting. Only an attempt let through here may check a password.
    pub async fn count(&self, db: &D1Database, now: i64) -> AppResult<()> {
        let keys: Vec<Counted> = match &self.keys {
            Keys::Anonymous(keys) => keys.iter().collect::<Vec<_>>(),
            Keys::TrustedDevice(key) => vec![key],
        }
        .into_iter()
        .map(|(key, free)| Counted { key, free: *free })
        .collect();
        match sign_in_throttle::count_attempt(db, &keys, &SCHEDULE, now).await? {
            None => Ok(()),
            Some(locked_until) => Err(AppError::TooManyAttempts {
                retry_after: retry_after(locked_until, now),
            }),
        }
    }

    /// The password was right and every other check passed: the login
    /// forgets this address's (or this browser's) attempts, and the wider
    /// keys take this one back (a busy office's sign-ins are not guesses).
    /// Called only once nothing can refuse the attempt any more, so that a
    /// right password changes nothing an attacker can observe before then.
    pub async fn succeeded(&self, db: &D1Database) -> AppResult<()> {
        let statements = match &self.keys {
            Keys::Anonymous([(pair, _), (address, _), (login, _)]) => vec![
                sign_in_throttle::clear(db, pair)?,
                sign_in_throttle::uncount(db, address)?,
                sign_in_throttle::uncount(db, login)?,
            ],
            Keys::TrustedDevice((device, _)) => vec![sign_in_throttle::clear(db, device)?],
        };
        sign_in_throttle::run(db, statements).await
    }
}

/// `Retry-After` for a key waiting until `locked_until`: the seconds left,
/// and never less than one (a wait ending this second is still a wait).
fn retry_after(locked_until: i64, now: i64) -> i64 {
    (locked_until - now).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trusted_browser_is_counted_against_itself_alone() {
        let attempt = PasswordAttempt::new("alice@demo.example", "203.0.113.7", Some("ab12"));
        let Keys::TrustedDevice((key, free)) = attempt.keys else {
            panic!("a trusted browser's attempt has one key")
        };
        assert_eq!(key, "device:ab12");
        assert_eq!(
            free,
            tessera_shared::sign_in_throttle::FREE_ATTEMPTS_PER_DEVICE
        );
    }

    #[test]
    fn an_anonymous_attempt_is_counted_against_the_pair_the_address_and_the_login() {
        let attempt = PasswordAttempt::new("alice@demo.example", "203.0.113.7", None);
        let Keys::Anonymous(keys) = attempt.keys else {
            panic!("an anonymous attempt has three keys")
        };
        let names: Vec<&str> = keys.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(
            names,
            [
                "login:alice@demo.example|address:203.0.113.7",
                "address:203.0.113.7",
                "login:alice@demo.example"
            ]
        );
    }

    #[test]
    fn retry_after_is_the_seconds_left_of_the_wait_r14() {
        let now = 1_795_953_600;
        assert_eq!(retry_after(now + 30, now), 30);
        assert_eq!(retry_after(now + 15 * 60, now + 1), 15 * 60 - 1);
    }

    #[test]
    fn retry_after_is_never_less_than_a_second() {
        let now = 1_795_953_600;
        assert_eq!(retry_after(now, now), 1);
        assert_eq!(retry_after(now - 5, now), 1);
    }
}
