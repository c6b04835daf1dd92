//! How repeated failed sign-ins are slowed down (R14): a few mistakes are
//! free, then the key waits half a minute, and each further failure doubles
//! the wait, up to a ceiling. A guesser gets about 100 tries a day per email.

/// Failures one email address may make before any wait is imposed.
pub const FREE_FAILURES_PER_EMAIL: i64 = 5;
/// Failures one client address may make: more, since many people may share it.
pub const FREE_FAILURES_PER_ADDRESS: i64 = 20;
/// A failure older than this is forgotten.
pub const FORGET_AFTER_SECONDS: i64 = 60 * 60;
/// The first wait, after the free failures are used up.
pub const FIRST_LOCK_SECONDS: i64 = 30;
/// The longest wait one key can be given.
pub const MAX_LOCK_SECONDS: i64 = 15 * 60;

/// Seconds a key must wait after its `failures`-th consecutive failure,
/// when it may make `free` failures before waiting.
pub fn lock_seconds_after(failures: i64, free: i64) -> i64 {
    if failures < free {
        return 0;
    }
    let doublings = (failures - free).min(20) as u32;
    (FIRST_LOCK_SECONDS << doublings).min(MAX_LOCK_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_failures_are_free() {
        for failures in 0..FREE_FAILURES_PER_EMAIL {
            assert_eq!(lock_seconds_after(failures, FREE_FAILURES_PER_EMAIL), 0);
        }
    }

    #[test]
    fn each_further_failure_doubles_the_wait_up_to_the_ceiling() {
        let free = FREE_FAILURES_PER_ADDRESS;
        assert_eq!(lock_seconds_after(free, free), 30);
        assert_eq!(lock_seconds_after(free + 1, free), 60);
        assert_eq!(lock_seconds_after(free + 4, free), 480);
        assert_eq!(lock_seconds_after(free + 5, free), MAX_LOCK_SECONDS);
        assert_eq!(lock_seconds_after(i64::MAX, free), MAX_LOCK_SECONDS);
    }
}
