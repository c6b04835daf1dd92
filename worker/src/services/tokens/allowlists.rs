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

#[cfg(test)]
mod tests {
    use super::*;

    /// The column's value for `entries`, as the token form stores it.
    fn column(entries: &[&str]) -> Option<String> {
        stored(&Allowlist::parse(entries).expect("a valid list"))
    }

    #[test]
    fn an_empty_list_is_stored_as_anywhere_and_allows_every_address_r23() {
        assert_eq!(column(&[]), None);
        assert_eq!(column(&["", "  "]), None);
        assert!(allows(None, "203.0.113.7"));
        assert!(allows(None, "2001:db8::1"));
        assert!(allows(None, "not an address"));
    }

    #[test]
    fn a_list_is_stored_canonically_and_read_back_r23() {
        let stored = column(&["203.0.113.77/24", " 2001:DB8::1 ", "198.51.100.5"]);
        assert_eq!(
            stored.as_deref(),
            Some(r#"["203.0.113.0/24","2001:db8::1/128","198.51.100.5/32"]"#)
        );
        assert_eq!(
            entries(stored.as_deref()),
            ["203.0.113.0/24", "2001:db8::1/128", "198.51.100.5/32"]
        );
        assert_eq!(entries(None), Vec::<String>::new());
    }

    #[test]
    fn an_ipv4_range_allows_its_first_and_last_address_and_nothing_past_them_r23() {
        let list = column(&["203.0.113.0/24"]);
        assert!(allows(list.as_deref(), "203.0.113.0"));
        assert!(allows(list.as_deref(), "203.0.113.255"));
        assert!(!allows(list.as_deref(), "203.0.112.255"));
        assert!(!allows(list.as_deref(), "203.0.114.0"));
    }

    #[test]
    fn an_ipv6_range_allows_its_own_addresses_only_r23() {
        let list = column(&["2001:db8:abcd::/48"]);
        assert!(allows(list.as_deref(), "2001:db8:abcd::"));
        assert!(allows(
            list.as_deref(),
            "2001:db8:abcd:ffff:ffff:ffff:ffff:ffff"
        ));
        assert!(!allows(list.as_deref(), "2001:db8:abce::1"));
        assert!(!allows(list.as_deref(), "203.0.113.7"));
    }

    #[test]
    fn a_lone_address_allows_itself_alone_r23() {
        let list = column(&["198.51.100.5", "2001:db8::1"]);
        assert!(allows(list.as_deref(), "198.51.100.5"));
        assert!(!allows(list.as_deref(), "198.51.100.4"));
        assert!(allows(list.as_deref(), "2001:db8::1"));
        assert!(!allows(list.as_deref(), "2001:db8::2"));
    }

    #[test]
    fn the_widest_prefixes_allow_their_whole_family_r23() {
        let v4 = column(&["0.0.0.0/0"]);
        assert!(allows(v4.as_deref(), "255.255.255.255"));
        assert!(!allows(v4.as_deref(), "2001:db8::1"));
        let v6 = column(&["::/0"]);
        assert!(allows(v6.as_deref(), "2001:db8::1"));
        assert!(!allows(v6.as_deref(), "203.0.113.7"));
    }

    #[test]
    fn an_ipv4_client_seen_as_ipv6_is_its_ipv4_address_r23() {
        let list = column(&["203.0.113.0/24"]);
        assert!(allows(list.as_deref(), "::ffff:203.0.113.7"));
        assert!(!allows(list.as_deref(), "::ffff:198.51.100.7"));
    }

    #[test]
    fn a_client_address_that_is_no_address_is_refused_by_a_list_r23() {
        let list = column(&["0.0.0.0/0", "::/0"]);
        for address in [
            "",
            "unknown",
            "203.0.113",
            "203.0.113.7:443",
            "[2001:db8::1]",
        ] {
            assert!(!allows(list.as_deref(), address), "{address:?} is allowed");
        }
        assert!(
            allows(list.as_deref(), " 203.0.113.7 "),
            "surrounding space is not part of it"
        );
    }

    #[test]
    fn a_stored_value_that_cannot_be_read_allows_nobody() {
        for unreadable in [
            "",
            "not json",
            r#"{"0": "203.0.113.0/24"}"#,
            r#"["203.0.113.0/33"]"#,
            r#"["somewhere"]"#,
            "[]",
        ] {
            assert!(
                !allows(Some(unreadable), "203.0.113.7"),
                "{unreadable:?} allows"
            );
        }
        assert_eq!(entries(Some("not json")), Vec::<String>::new());
    }
}
