//! A token's last 5 distinct client addresses (issue 13), kept on the token
//! as `[[address, last seen], ...]`, newest first, and the alert when a
//! token is used from an address outside them.

use serde_json::Value;
use tessera_shared::tokens::RecentAddress;
use worker::{D1Database, Env};

use super::notify::{self, Warning};
use crate::clock;
use crate::error::AppResult;
use crate::store::token_logs::Usage;
use crate::store::tokens::{self, Credential};

/// Keeps the token's recent addresses current after a successful use from
/// `address`, and tells the owner when it is one outside them. Only a new
/// address, or a known one seen over a minute ago, costs a write.
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
        let warned: Vec<_> = tokens::facts(db, &[credential.token_id])
            .await?
            .into_iter()
            .map(|token| {
                let warning = Warning::NewAddress {
                    address: address.to_owned(),
                    country: usage.country.clone(),
                };
                (token, warning)
            })
            .collect();
        notify::notify(env, db, &warned, now).await?;
    }
    Ok(())
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

pub fn on_use(stored: Option<&str>, address: &str, now: i64) -> Option<Change> {
    let mut list = read(stored);
    let known = list.iter().position(|seen| seen.address == address);
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
