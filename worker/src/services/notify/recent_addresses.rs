//! A token's last 5 distinct client addresses (R22), kept on the token
//! as `[[address, last seen], ...]`, newest first, and the alert when a
//! token is used from an address outside them.
//!
//! Addresses are compared as the throttles compare them
//! (`sign_in_throttle::address_key`: IPv6 by its /64), so a client moving
//! within its /64 is no news; the list and the alert show the real address.
//! A token's alerts are capped per UTC day (`ALERTS_PER_DAY`, then one
//! summary, then nothing until the next day), counted in
//! `new_address_alerts`. The alert leaves through the notifications queue,
//! off the API request's answer: a failure to tell never fails the request,
//! and the queue retries it.

use serde_json::Value;
use tessera_shared::sign_in_throttle::address_key;
use tessera_shared::tokens::RecentAddress;
use worker::{D1Database, Env};

use crate::clock;
use crate::error::AppResult;
use crate::services::notify::outbound::{self, Outbound};
use crate::services::notify::{self, Warning};
use crate::store::credentials::Credential;
use crate::store::notices;
use crate::store::token_logs::Usage;
use crate::store::tokens;

/// New-address alerts a token's people get in one UTC day before the summary.
pub use crate::services::notify::NEW_ADDRESS_ALERTS_PER_DAY as ALERTS_PER_DAY;

/// Keeps the token's recent addresses current after a successful use from
/// `address`, and queues the alert when it is one outside them. Only a new
/// address, or a known one seen over a minute ago, costs a write. Once the
/// address is recorded nothing fails the request: a failure to queue the
/// alert is logged (by token id, never its string).
pub async fn record_use(
    env: &Env,
    db: &D1Database,
    credential: &Credential,
    address: &str,
    usage: &Usage,
    now: i64,
) -> AppResult<()> {
    let before = credential.recent_addresses.as_deref();
    let Some(change) = on_use(before, address, now) else {
        return Ok(());
    };
    let applied =
        tokens::set_recent_addresses(db, credential.token_id, before, &change.after).await?;
    if applied && change.alert {
        let token_id = credential.token_id;
        let day = tessera_shared::expiry::format_date(clock::date_of(now));
        // Uncounted, the alert is sent in full: better told than lost.
        let count = notices::count_new_address_alert(db, token_id, &day)
            .await
            .inspect_err(|error| {
                worker::console_error!("new-address alerts of token {token_id} uncounted: {error}")
            })
            .unwrap_or(1);
        let Some(more) = alert_of(count) else {
            return Ok(());
        };
        let message = Outbound::NewAddress {
            token_id,
            address: address.to_owned(),
            country: usage.country.clone(),
            at: now,
            more,
        };
        if let Err(error) = outbound::send(env, vec![message]).await {
            worker::console_error!("new-address alert of token {token_id} not queued: {error}");
        }
    }
    Ok(())
}

/// Whether the day's `count`th new-address alert of a token is sent:
/// `Some(false)` in full, `Some(true)` as the one summary after the cap,
/// `None` not at all.
pub fn alert_of(count: i64) -> Option<bool> {
    match count {
        ..=ALERTS_PER_DAY => Some(false),
        count if count == ALERTS_PER_DAY + 1 => Some(true),
        _ => None,
    }
}

/// A new-address alert as the queue carries it.
#[derive(Debug, Clone)]
pub struct Alert {
    pub address: String,
    pub country: Option<String>,
    /// The summary after the day's cap.
    pub more: bool,
}

/// Tells token `token_id`'s people of `alert` through every channel (the
/// queue's consumer calls this).
pub async fn tell(env: &Env, token_id: i64, alert: Alert, at: i64) -> AppResult<()> {
    let db = crate::services::database(env)?;
    let Alert {
        address,
        country,
        more,
    } = alert;
    let warning = match more {
        false => Warning::NewAddress { address, country },
        true => Warning::MoreNewAddresses { address, country },
    };
    let warned: Vec<_> = crate::store::token_facts::facts(&db, &[token_id])
        .await?
        .into_iter()
        .map(|token| (token, warning.clone()))
        .collect();
    notify::notify(env, &db, &warned, at).await
}

/// How many distinct addresses a token keeps.
pub const KEPT: usize = 5;

/// A known address's time is written again at most this often.
const REFRESH_SECONDS: i64 = 60;

/// One address and when it was last seen (unix seconds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Seen {
    pub address: String,
    pub at: i64,
}

/// Reads the stored list; anything unreadable counts as empty.
/// The stored list as the API shows it.
pub fn views(stored: Option<&str>) -> Vec<RecentAddress> {
    read(stored)
        .into_iter()
        .map(|seen| RecentAddress {
            address: seen.address,
            last_seen: clock::rfc3339(seen.at),
        })
        .collect()
}

pub fn read(stored: Option<&str>) -> Vec<Seen> {
    let Some(Value::Array(items)) = stored.and_then(|json| serde_json::from_str(json).ok()) else {
        return Vec::new();
    };
    items
        .iter()
        .filter_map(|item| {
            Some(Seen {
                address: item.get(0)?.as_str()?.to_owned(),
                at: item.get(1)?.as_i64()?,
            })
        })
        .collect()
}

fn write(list: &[Seen]) -> String {
    let items: Vec<Value> = list
        .iter()
        .map(|seen| serde_json::json!([seen.address, seen.at]))
        .collect();
    Value::Array(items).to_string()
}

/// What a use from `address` at `now` changes, if anything.
#[derive(Debug, PartialEq, Eq)]
pub struct Change {
    /// The list to store.
    pub after: String,
    /// The address was not among the kept ones, and there were some: an alert.
    pub alert: bool,
}

/// An address as alerting compares it: by its throttle key, or as written
/// when it is no address at all (so two such are not one).
fn alerting_key(address: &str) -> String {
    match address.trim().parse::<std::net::IpAddr>() {
        Ok(_) => address_key(address),
        Err(_) => address.to_owned(),
    }
}

/// Addresses of one /64 (or equal) are one address here, as for the
/// throttles; the newest real address is the one kept.
pub fn on_use(stored: Option<&str>, address: &str, now: i64) -> Option<Change> {
    let mut list = read(stored);
    let key = alerting_key(address);
    let known = list
        .iter()
        .position(|seen| alerting_key(&seen.address) == key);
    if let Some(index) = known {
        if list[index].at > now - REFRESH_SECONDS {
            return None;
        }
        list.remove(index);
    }
    let alert = known.is_none() && !list.is_empty();
    list.insert(
        0,
        Seen {
            address: address.to_owned(),
            at: now,
        },
    );
    list.truncate(KEPT);
    Some(Change {
        after: write(&list),
        alert,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_address_is_kept_without_an_alert_then_a_new_one_alerts() {
        let first = on_use(None, "203.0.113.1", 1_000).unwrap();
        assert!(!first.alert, "a first use is no news");
        assert!(
            on_use(Some(&first.after), "203.0.113.1", 1_030).is_none(),
            "fresh"
        );
        let second = on_use(Some(&first.after), "198.51.100.2", 1_040).unwrap();
        assert!(second.alert);
        let seen = read(Some(&second.after));
        assert_eq!(seen[0].address, "198.51.100.2");
        assert_eq!(seen[1].address, "203.0.113.1");
    }

    #[test]
    fn addresses_of_one_slash_64_are_one_address_and_the_newest_is_shown() {
        let first = on_use(None, "2001:db8:1:2::1", 1_000).unwrap();
        assert!(
            on_use(Some(&first.after), "2001:db8:1:2:ffff::9", 1_030).is_none(),
            "the same /64, seen a moment ago"
        );
        let later = on_use(Some(&first.after), "2001:db8:1:2:ffff::9", 1_100).unwrap();
        assert!(!later.alert, "the same /64 is no news");
        let seen = read(Some(&later.after));
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].address, "2001:db8:1:2:ffff::9", "the real address");
        let other = on_use(Some(&later.after), "2001:db8:1:3::1", 1_200).unwrap();
        assert!(other.alert, "another /64 is a new address");
    }

    #[test]
    fn a_token_gets_three_alerts_a_day_then_one_summary_then_nothing() {
        let decisions: Vec<Option<bool>> = (1..=7).map(alert_of).collect();
        assert_eq!(
            decisions,
            vec![
                Some(false),
                Some(false),
                Some(false),
                Some(true),
                None,
                None,
                None
            ]
        );
    }

    #[test]
    fn only_the_last_five_distinct_addresses_are_kept_newest_first() {
        let mut stored: Option<String> = None;
        for (n, address) in ["a", "b", "c", "d", "e", "f", "b"].iter().enumerate() {
            if let Some(change) = on_use(stored.as_deref(), address, 1_000 + 100 * n as i64) {
                stored = Some(change.after);
            }
        }
        let kept: Vec<String> = read(stored.as_deref())
            .into_iter()
            .map(|s| s.address)
            .collect();
        assert_eq!(kept, vec!["b", "f", "e", "d", "c"]);
    }
}
