//! The organization's token policy (R26): rules the token check applies to
//! every token at every request, old ones included. A token that breaks one
//! is blocked, not revoked: it works again once the policy is relaxed or the
//! token is edited to fit. The same rules refuse saving or generating a
//! token that would break them, so only tokens made before a rule are ever
//! blocked.

use serde::{Deserialize, Serialize};
use time::{Date, Duration};

use crate::allowlist::Allowlist;
use crate::{Scope, ScopeName, ValidationError};

/// `PUT /api/organization/policy` and its preview: the whole policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct TokenPolicy {
    /// A token works at most this many days after its string was generated
    /// (and can be given no later Expiry On); null: no maximum.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3660))]
    #[serde(default, deserialize_with = "crate::whole_number::optional")]
    pub max_token_lifetime_days: Option<i64>,
    /// Every token needs an Expiry On: Never is not available.
    pub expiry_required: bool,
    /// The scopes a token may hold; at least one (a name given twice counts once).
    #[cfg_attr(feature = "openapi", schema(min_items = 1))]
    pub scopes_allowed: Vec<ScopeName>,
    /// Every token must be limited to addresses within the organization's
    /// allowlist (any list at all while the organization has none).
    pub allowlist_required: bool,
}

impl Default for TokenPolicy {
    /// No rule: what an organization starts with.
    fn default() -> Self {
        Self {
            max_token_lifetime_days: None,
            expiry_required: false,
            scopes_allowed: ScopeName::ALL.to_vec(),
            allowlist_required: false,
        }
    }
}

/// The rule a blocked token breaks. Wire codes: `maximum_lifetime`, ...
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PolicyRule {
    /// Its string is older than the maximum lifetime.
    MaximumLifetime,
    /// It never expires, and the policy requires an Expiry On.
    ExpiryRequired,
    /// It holds a scope the policy does not allow.
    ScopeNotAllowed,
    /// It works from anywhere, or from addresses outside the organization's allowlist.
    AllowlistRequired,
}

impl PolicyRule {
    /// The rule's name, as the grid and the settings page say it.
    pub fn label(self) -> &'static str {
        match self {
            Self::MaximumLifetime => "Maximum lifetime",
            Self::ExpiryRequired => "Expiry required",
            Self::ScopeNotAllowed => "Scopes allowed",
            Self::AllowlistRequired => "Allowlist required",
        }
    }

    /// What a blocked token's holder is told, and how it works again.
    pub fn explanation(self) -> &'static str {
        match self {
            Self::MaximumLifetime => {
                "This token is blocked by your organization's policy (Maximum lifetime): its token string is older than the organization allows. Generate a new token string."
            }
            Self::ExpiryRequired => {
                "This token is blocked by your organization's policy (Expiry required): it never expires. Edit its Expiry On."
            }
            Self::ScopeNotAllowed => {
                "This token is blocked by your organization's policy (Scopes allowed): its Scope holds a scope the organization no longer allows. Edit its Scope."
            }
            Self::AllowlistRequired => {
                "This token is blocked by your organization's policy (Allowlist required): it must be limited to addresses within the organization's allowlist. Edit its allowed addresses."
            }
        }
    }
}

/// What the policy looks at in a token.
#[derive(Debug, Clone, Copy)]
pub struct TokenFacts<'a> {
    pub expiry_on: Option<Date>,
    /// The day its current string was generated; `None`: it has none.
    pub generated_on: Option<Date>,
    pub scope: Scope,
    pub allowlist: &'a Allowlist,
}

impl TokenPolicy {
    /// Checks a policy a system administrator sends.
    pub fn parse(self) -> Result<Self, ValidationError> {
        let max_token_lifetime_days = parse_max_lifetime(self.max_token_lifetime_days)?;
        let allowed =
            Scope::parse(&self.scopes_allowed).map_err(|_| ValidationError::ScopesAllowedEmpty)?;
        Ok(Self {
            max_token_lifetime_days,
            scopes_allowed: allowed.names(),
            ..self
        })
    }

    /// The first rule `token` breaks on `today`, in the order a person
    /// fixes them; `None`: the policy lets it work. `organization` is the
    /// organization's own allowlist.
    pub fn breach(
        &self,
        token: &TokenFacts,
        organization: &Allowlist,
        today: Date,
    ) -> Option<PolicyRule> {
        if self.expiry_required && token.expiry_on.is_none() {
            return Some(PolicyRule::ExpiryRequired);
        }
        if self
            .last_day(token.generated_on)
            .is_some_and(|last_day| today > last_day)
        {
            return Some(PolicyRule::MaximumLifetime);
        }
        let scopes = token.scope.names();
        if !scopes.iter().all(|name| self.scopes_allowed.contains(name)) {
            return Some(PolicyRule::ScopeNotAllowed);
        }
        if self.allowlist_required
            && (token.allowlist.is_anywhere() || !token.allowlist.within(organization))
        {
            return Some(PolicyRule::AllowlistRequired);
        }
        None
    }

    /// The last day a string generated on `generated_on` works under the
    /// maximum lifetime (it works through that day, UTC).
    pub fn last_day(&self, generated_on: Option<Date>) -> Option<Date> {
        let days = self.max_token_lifetime_days?;
        generated_on?.checked_add(Duration::days(days))
    }

    /// Whether a token would break the policy once it has a string made
    /// `today`: what saving and generating refuse, named on the form's field.
    pub fn check(
        &self,
        token: &TokenFacts,
        organization: &Allowlist,
        today: Date,
    ) -> Result<(), ValidationError> {
        let fresh = TokenFacts {
            generated_on: Some(today),
            ..*token
        };
        match self.breach(&fresh, organization, today) {
            None => Ok(()),
            Some(PolicyRule::ExpiryRequired) => Err(ValidationError::PolicyExpiryRequired),
            Some(PolicyRule::ScopeNotAllowed) => Err(ValidationError::PolicyScopeNotAllowed {
                allowed: self
                    .scopes_allowed
                    .iter()
                    .map(|name| name.label())
                    .collect::<Vec<_>>()
                    .join(" and "),
            }),
            Some(PolicyRule::AllowlistRequired) => Err(ValidationError::PolicyAllowlistRequired),
            // A fresh string is never older than the maximum; an Expiry On
            // past it is refused by `ExpiryChoice::resolve`.
            Some(PolicyRule::MaximumLifetime) => Ok(()),
        }
    }
}

/// The longest maximum an organization can set: ten years.
pub const MAX_LIFETIME_DAYS: i64 = 3660;

pub fn parse_max_lifetime(days: Option<i64>) -> Result<Option<i64>, ValidationError> {
    match days {
        Some(days) if !(1..=MAX_LIFETIME_DAYS).contains(&days) => {
            Err(ValidationError::MaxLifetimeOutOfRange {
                max: MAX_LIFETIME_DAYS,
            })
        }
        days => Ok(days),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_maximum_lifetime_is_between_one_day_and_ten_years_or_none() {
        assert_eq!(parse_max_lifetime(None), Ok(None));
        assert_eq!(parse_max_lifetime(Some(30)), Ok(Some(30)));
        assert!(parse_max_lifetime(Some(0)).is_err());
        assert!(parse_max_lifetime(Some(MAX_LIFETIME_DAYS + 1)).is_err());
    }

    const TODAY: Date = date!(2026 - 12 - 07);

    fn list(entries: &[&str]) -> Allowlist {
        Allowlist::parse(entries).unwrap()
    }

    fn token(allowlist: &Allowlist) -> TokenFacts<'_> {
        TokenFacts {
            expiry_on: Some(date!(2027 - 01 - 31)),
            generated_on: Some(date!(2026 - 11 - 01)),
            scope: Scope::parse(&ScopeName::ALL).unwrap(),
            allowlist,
        }
    }

    #[test]
    fn no_rule_blocks_nothing_r26() {
        let anywhere = list(&[]);
        let never = TokenFacts {
            expiry_on: None,
            generated_on: Some(date!(2016 - 01 - 01)),
            ..token(&anywhere)
        };
        assert_eq!(
            TokenPolicy::default().breach(&never, &anywhere, TODAY),
            None
        );
    }

    #[test]
    fn a_string_older_than_the_maximum_is_blocked_from_the_day_after_its_last_r26() {
        let anywhere = list(&[]);
        let policy = TokenPolicy {
            max_token_lifetime_days: Some(36),
            ..TokenPolicy::default()
        };
        let generated = token(&anywhere);
        // Generated on 1 November: works through 7 December, not the 8th.
        assert_eq!(policy.last_day(generated.generated_on), Some(TODAY));
        assert_eq!(policy.breach(&generated, &anywhere, TODAY), None);
        assert_eq!(
            policy.breach(&generated, &anywhere, TODAY.next_day().unwrap()),
            Some(PolicyRule::MaximumLifetime)
        );
        let not_generated = TokenFacts {
            generated_on: None,
            ..generated
        };
        assert_eq!(
            policy.breach(&not_generated, &anywhere, date!(2030 - 01 - 01)),
            None
        );
    }

    #[test]
    fn expiry_scopes_and_allowlist_each_block_with_their_rule_r26() {
        let organization = list(&["203.0.113.0/24"]);
        let anywhere = list(&[]);
        let inside = list(&["203.0.113.7", "203.0.113.128/25"]);
        let wider = list(&["203.0.113.0/23"]);
        let policy = TokenPolicy {
            expiry_required: true,
            scopes_allowed: vec![ScopeName::MetaRecord],
            allowlist_required: true,
            ..TokenPolicy::default()
        };
        let never = TokenFacts {
            expiry_on: None,
            ..token(&inside)
        };
        assert_eq!(
            policy.breach(&never, &organization, TODAY),
            Some(PolicyRule::ExpiryRequired)
        );
        assert_eq!(
            policy.breach(&token(&inside), &organization, TODAY),
            Some(PolicyRule::ScopeNotAllowed)
        );
        let meta_only = |allowlist| TokenFacts {
            scope: Scope::parse(&[ScopeName::MetaRecord]).unwrap(),
            ..token(allowlist)
        };
        assert_eq!(
            policy.breach(&meta_only(&inside), &organization, TODAY),
            None
        );
        for outside in [&anywhere, &wider] {
            assert_eq!(
                policy.breach(&meta_only(outside), &organization, TODAY),
                Some(PolicyRule::AllowlistRequired)
            );
        }
        // An organization without a list asks for any list at all.
        assert_eq!(policy.breach(&meta_only(&wider), &anywhere, TODAY), None);
        assert_eq!(
            policy.breach(&meta_only(&anywhere), &anywhere, TODAY),
            Some(PolicyRule::AllowlistRequired)
        );
    }

    #[test]
    fn saving_a_token_that_would_be_blocked_is_refused_on_its_field_r26() {
        let anywhere = list(&[]);
        let policy = TokenPolicy {
            max_token_lifetime_days: Some(30),
            expiry_required: true,
            scopes_allowed: vec![ScopeName::ReportRecord],
            allowlist_required: true,
        };
        let old = token(&anywhere);
        let never = TokenFacts {
            expiry_on: None,
            ..old
        };
        assert_eq!(
            policy.check(&never, &anywhere, TODAY).unwrap_err().field(),
            "expiry"
        );
        assert_eq!(
            policy.check(&old, &anywhere, TODAY).unwrap_err().field(),
            "scope"
        );
        let report = TokenFacts {
            scope: Scope::parse(&[ScopeName::ReportRecord]).unwrap(),
            ..old
        };
        assert_eq!(
            policy.check(&report, &anywhere, TODAY).unwrap_err().field(),
            "allowed_addresses"
        );
        let limited = list(&["192.0.2.1"]);
        // A string made today is within the maximum however old the last was.
        assert_eq!(
            policy.check(
                &TokenFacts {
                    allowlist: &limited,
                    ..report
                },
                &anywhere,
                TODAY
            ),
            Ok(())
        );
    }

    #[test]
    fn a_policy_allows_at_least_one_scope_and_keeps_the_lifetime_bounds() {
        let none = TokenPolicy {
            scopes_allowed: vec![],
            ..TokenPolicy::default()
        };
        assert_eq!(none.parse(), Err(ValidationError::ScopesAllowedEmpty));
        let too_long = TokenPolicy {
            max_token_lifetime_days: Some(0),
            ..TokenPolicy::default()
        };
        assert!(too_long.parse().is_err());
        let twice = TokenPolicy {
            scopes_allowed: vec![ScopeName::ReportRecord, ScopeName::ReportRecord],
            ..TokenPolicy::default()
        };
        assert_eq!(
            twice.parse().unwrap().scopes_allowed,
            [ScopeName::ReportRecord]
        );
    }
}
