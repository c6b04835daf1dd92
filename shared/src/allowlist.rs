//! Where a token works (R23): a list of IPv4 and IPv6 addresses and
//! CIDR ranges, parsed by `ipnet`. An empty list means anywhere.

use std::net::IpAddr;

use ipnet::IpNet;

use crate::ValidationError;

/// The most entries one list may hold.
pub const MAX_ENTRIES: usize = 50;

/// A parsed list, each entry kept in its canonical form (`203.0.113.0/24`,
/// a lone address as `/32` or `/128`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Allowlist(Vec<IpNet>);

impl Allowlist {
    /// Reads `entries` (blank ones ignored, duplicates kept once); refuses
    /// anything that is not an address or a range, and more than `MAX_ENTRIES`.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, ValidationError> {
        let mut nets: Vec<IpNet> = Vec::new();
        for entry in entries {
            let entry = entry.as_ref().trim();
            if entry.is_empty() {
                continue;
            }
            let net = match entry.parse::<IpNet>() {
                Ok(net) => net.trunc(),
                Err(_) => match entry.parse::<IpAddr>() {
                    Ok(address) => IpNet::from(address),
                    Err(_) => {
                        return Err(ValidationError::AllowlistEntryInvalid {
                            entry: entry.chars().take(60).collect(),
                        });
                    }
                },
            };
            if !nets.contains(&net) {
                nets.push(net);
            }
        }
        if nets.len() > MAX_ENTRIES {
            return Err(ValidationError::AllowlistTooLong { max: MAX_ENTRIES });
        }
        Ok(Self(nets))
    }

    /// Whether the list says anywhere (it is empty).
    pub fn is_anywhere(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether a request from `address` may use the token.
    pub fn allows(&self, address: &str) -> bool {
        if self.is_anywhere() {
            return true;
        }
        match address.trim().parse::<IpAddr>() {
            // An IPv4 client seen as IPv6 (::ffff:a.b.c.d) is the IPv4 address.
            Ok(IpAddr::V6(v6)) if v6.to_ipv4_mapped().is_some() => {
                let v4 = IpAddr::V4(v6.to_ipv4_mapped().expect("checked"));
                self.0.iter().any(|net| net.contains(&v4))
            }
            Ok(address) => self.0.iter().any(|net| net.contains(&address)),
            Err(_) => false,
        }
    }

    /// Whether every address this list allows, `other` allows too: each
    /// entry lies within one of `other`'s (any list is within anywhere,
    /// and anywhere is within nothing else).
    pub fn within(&self, other: &Allowlist) -> bool {
        if other.is_anywhere() {
            return true;
        }
        !self.is_anywhere()
            && self
                .0
                .iter()
                .all(|entry| other.0.iter().any(|outer| outer.contains(entry)))
    }

    /// The entries as text, canonical.
    pub fn entries(&self) -> Vec<String> {
        self.0.iter().map(ToString::to_string).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_ranges_of_both_families_are_read_canonically() {
        let list = Allowlist::parse(&[
            " 203.0.113.7 ",
            "198.51.100.77/24",
            "2001:db8::1",
            "2001:DB8:1::/48",
            "",
            "203.0.113.7",
        ])
        .unwrap();
        assert_eq!(
            list.entries(),
            vec![
                "203.0.113.7/32",
                "198.51.100.0/24",
                "2001:db8::1/128",
                "2001:db8:1::/48"
            ]
        );
    }

    #[test]
    fn a_list_allows_its_addresses_and_ranges_only() {
        let list = Allowlist::parse(&["203.0.113.0/24", "2001:db8::/32"]).unwrap();
        for inside in [
            "203.0.113.1",
            "203.0.113.255",
            "2001:db8::42",
            "::ffff:203.0.113.9",
        ] {
            assert!(list.allows(inside), "{inside}");
        }
        for outside in [
            "203.0.114.1",
            "10.0.0.1",
            "2001:db9::1",
            "",
            "not an address",
        ] {
            assert!(!list.allows(outside), "{outside}");
        }
        assert!(Allowlist::default().allows("10.0.0.1"), "empty: anywhere");
    }

    #[test]
    fn anything_else_is_refused_by_name() {
        for bad in [
            "203.0.113.300",
            "example.com",
            "10.0.0.0/33",
            "2001:db8::/129",
            "1.2.3",
        ] {
            assert!(
                matches!(
                    Allowlist::parse(&[bad]),
                    Err(ValidationError::AllowlistEntryInvalid { .. })
                ),
                "{bad}"
            );
        }
        let many: Vec<String> = (0..=MAX_ENTRIES)
            .map(|n| format!("10.0.{n}.0/24"))
            .collect();
        assert_eq!(
            Allowlist::parse(&many),
            Err(ValidationError::AllowlistTooLong { max: MAX_ENTRIES })
        );
    }

    #[test]
    fn a_list_is_within_another_when_each_entry_lies_inside_one_of_its_r26() {
        let organization = Allowlist::parse(&["203.0.113.0/24", "2001:db8::/32"]).unwrap();
        let inside = Allowlist::parse(&["203.0.113.9", "2001:db8:1::/48"]).unwrap();
        assert!(inside.within(&organization));
        let wider = Allowlist::parse(&["203.0.112.0/23"]).unwrap();
        assert!(!wider.within(&organization));
        let anywhere = Allowlist::default();
        assert!(!anywhere.within(&organization));
        assert!(wider.within(&anywhere));
        assert!(anywhere.within(&anywhere));
    }
}
