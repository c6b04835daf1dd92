//! How password guessing is slowed down (R11, R14, R16), for sign-in and
//! Basic authentication alike: they share one budget per login.
//!
//! Every attempt is counted *before* its password is checked, against three
//! keys, and refused with a wait when any of them is locked:
//! - the login from one client address: a few mistakes are free, then the
//!   key waits half a minute, and each further attempt doubles the wait, up
//!   to a ceiling. This is the lock a guesser meets, and it is theirs alone:
//!   the owner, from another address, is not held up by it.
//! - the client address, whatever login it tries: bounds one address trying
//!   many logins (credential stuffing).
//! - the login from anywhere, with a much higher allowance: bounds guessing
//!   spread over many addresses.
//!
//! IPv6 addresses are grouped by their /64, the block one subscriber is
//! usually given, so an attacker cannot take a fresh address per guess.
//!
//! A browser the login has signed in from before carries a device cookie
//! (OWASP's "device cookies"): its attempts for that login are counted
//! against the device alone, apart from the anonymous ones, so guesses
//! spread over many addresses, which lock the login for everyone else,
//! never lock its owner out.
//!
//! An attempt that any key refuses is counted by none: a refused flood
//! writes nothing.

use std::net::IpAddr;

/// Attempts one login may make from one client address before waiting.
pub const FREE_ATTEMPTS_PER_LOGIN_AND_ADDRESS: i64 = 5;
/// Attempts one client address may make on any logins: more, since many
/// people may share it.
pub const FREE_ATTEMPTS_PER_ADDRESS: i64 = 20;
/// Attempts one login may take from all addresses together before waiting.
pub const FREE_ATTEMPTS_PER_LOGIN: i64 = 100;
/// Attempts one trusted browser may make for its login before waiting.
pub const FREE_ATTEMPTS_PER_DEVICE: i64 = 5;
/// How long a device cookie lives, and how long an unused device is kept.
pub const DEVICE_COOKIE_SECONDS: i64 = 365 * 24 * 60 * 60;
/// Attempts older than this are forgotten.
pub const FORGET_AFTER_SECONDS: i64 = 60 * 60;
/// The first wait, after the free attempts are used up.
pub const FIRST_LOCK_SECONDS: i64 = 30;
/// The longest wait one key can be given.
pub const MAX_LOCK_SECONDS: i64 = 15 * 60;

/// Seconds a key must wait after its `attempts`-th counted attempt, when it
/// may make `free` attempts before waiting. The `free`-th attempt already
/// locks (before it is checked, so parallel attempts cannot slip past), and
/// a success clears the lock again.
pub fn lock_seconds_after(attempts: i64, free: i64) -> i64 {
    if attempts < free {
        return 0;
    }
    let doublings = (attempts - free).min(20) as u32;
    (FIRST_LOCK_SECONDS << doublings).min(MAX_LOCK_SECONDS)
}

/// The throttle's name for a client address: an IPv4 address as it is, an
/// IPv6 address by its /64 (an IPv4-mapped one as its IPv4 address), and
/// anything unparseable as one shared key.
pub fn address_key(client_address: &str) -> String {
    match client_address.trim().parse::<IpAddr>() {
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let [a, b, c, d, ..] = v6.segments();
                format!("{a:x}:{b:x}:{c:x}:{d:x}::/64")
            }
        },
        Err(_) => "unknown".to_owned(),
    }
}

/// The three keys one password attempt for `email` from `client_address`
/// is counted against, most specific first, with each one's free attempts.
pub fn attempt_keys(email: &str, client_address: &str) -> [(String, i64); 3] {
    let address = address_key(client_address);
    [
        (
            format!("login:{email}|address:{address}"),
            FREE_ATTEMPTS_PER_LOGIN_AND_ADDRESS,
        ),
        (format!("address:{address}"), FREE_ATTEMPTS_PER_ADDRESS),
        (format!("login:{email}"), FREE_ATTEMPTS_PER_LOGIN),
    ]
}

/// The one key an attempt from a browser the login trusts is counted
/// against: the device (by its cookie's hash), with its free attempts.
pub fn device_key(device_hash: &str) -> (String, i64) {
    (format!("device:{device_hash}"), FREE_ATTEMPTS_PER_DEVICE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attempts_before_the_free_allowance_wait_for_nothing() {
        for attempts in 0..FREE_ATTEMPTS_PER_LOGIN_AND_ADDRESS - 1 {
            assert_eq!(
                lock_seconds_after(attempts, FREE_ATTEMPTS_PER_LOGIN_AND_ADDRESS),
                0
            );
        }
    }

    #[test]
    fn the_last_free_attempt_locks_and_each_further_one_doubles_the_wait_up_to_the_ceiling() {
        let free = FREE_ATTEMPTS_PER_ADDRESS;
        assert_eq!(lock_seconds_after(free - 1, free), 0);
        assert_eq!(lock_seconds_after(free, free), 30);
        assert_eq!(lock_seconds_after(free + 1, free), 60);
        assert_eq!(lock_seconds_after(free + 4, free), 480);
        assert_eq!(lock_seconds_after(free + 5, free), MAX_LOCK_SECONDS);
        assert_eq!(lock_seconds_after(i64::MAX, free), MAX_LOCK_SECONDS);
    }

    #[test]
    fn ipv6_addresses_of_one_64_block_are_one_key() {
        assert_eq!(
            address_key("2001:db8:1:2:aaaa::1"),
            address_key("2001:db8:1:2:ffff:ffff:ffff:ffff")
        );
        assert_eq!(address_key("2001:db8:1:2::7"), "2001:db8:1:2::/64");
        assert_ne!(
            address_key("2001:db8:1:2::1"),
            address_key("2001:db8:1:3::1")
        );
    }

    #[test]
    fn ipv4_addresses_are_their_own_key_even_when_mapped_into_ipv6() {
        assert_eq!(address_key("203.0.113.7"), "203.0.113.7");
        assert_eq!(address_key("::ffff:203.0.113.7"), "203.0.113.7");
        assert_ne!(address_key("203.0.113.7"), address_key("203.0.113.8"));
    }

    #[test]
    fn anything_unparseable_shares_one_key() {
        assert_eq!(address_key("local"), "unknown");
        assert_eq!(address_key("1.2.3.4, 5.6.7.8"), "unknown");
    }

    #[test]
    fn an_attempt_counts_against_its_login_and_address_its_address_and_its_login() {
        let [(pair, 5), (address, 20), (login, 100)] =
            attempt_keys("alice@demo.example", "2001:db8::9")
        else {
            panic!("the keys and allowances changed")
        };
        assert_eq!(pair, "login:alice@demo.example|address:2001:db8:0:0::/64");
        assert_eq!(address, "address:2001:db8:0:0::/64");
        assert_eq!(login, "login:alice@demo.example");
    }
}
