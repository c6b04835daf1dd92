//! Allowlists as stored: a JSON array of canonical entries, or NULL for
//! anywhere (the rule itself is `tessera_shared::allowlist`).

use tessera_shared::allowlist::Allowlist;

/// The column's value for `list`.
pub fn stored(list: &Allowlist) -> Option<String> {
    match list.is_anywhere() {
        true => None,
        false => serde_json::to_string(&list.entries()).ok(),
    }
}

/// The entries a stored value holds.
pub fn entries(stored: Option<&str>) -> Vec<String> {
    stored
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// Whether a request from `address` may use a token whose column holds
/// `stored`. A value that cannot be read allows nobody: a list fails closed.
pub fn allows(stored: Option<&str>, address: &str) -> bool {
    let Some(json) = stored else {
        return true;
    };
    match serde_json::from_str::<Vec<String>>(json).map(|entries| Allowlist::parse(&entries)) {
        Ok(Ok(list)) if !list.is_anywhere() => list.allows(address),
        _ => false,
    }
}
