//! The organization's token policy (R26) as the worker applies it: read
//! from the organization's columns and asked of a token's row, wherever a
//! token is judged (the token check), shown (grid, inventory) or saved.
//! The rules themselves are `tessera_shared::policy`.

use tessera_shared::allowlist::Allowlist;
use tessera_shared::expiry::parse_date;
use tessera_shared::policy::{PolicyRule, TokenFacts, TokenPolicy};
use tessera_shared::{Scope, ScopeName};
use time::Date;

use crate::clock;
use crate::services::tokens::allowlists;
use crate::store::organizations::PolicyColumns;
use crate::store::tokens::TokenRecord;

/// The policy the columns hold.
pub fn of(columns: &PolicyColumns) -> TokenPolicy {
    let scopes_allowed = [
        (ScopeName::MetaRecord, columns.policy_scope_meta),
        (ScopeName::ReportRecord, columns.policy_scope_report),
    ]
    .into_iter()
    .filter_map(|(name, allowed)| allowed.then_some(name))
    .collect();
    TokenPolicy {
        max_token_lifetime_days: columns.max_token_lifetime_days,
        expiry_required: columns.policy_expiry_required,
        scopes_allowed,
        allowlist_required: columns.policy_allowlist_required,
    }
}

/// The organization's own allowlist.
pub fn organization_allowlist(columns: &PolicyColumns) -> Allowlist {
    parsed(columns.default_allowed_addresses.as_deref())
}

/// A stored list, read back; one that cannot be read is no list at all,
/// which the allowlist rule refuses (it fails closed).
fn parsed(stored: Option<&str>) -> Allowlist {
    Allowlist::parse(&allowlists::entries(stored)).unwrap_or_default()
}

/// A token's row as the policy sees it.
pub struct TokenColumns<'a> {
    pub expiry_on: Option<&'a str>,
    pub generated_at: Option<i64>,
    pub scope: Scope,
    pub allowed_addresses: Option<&'a str>,
}

/// The rule `token` breaks on `today` under its organization's policy, if any.
pub fn breach(columns: &PolicyColumns, token: &TokenColumns, today: Date) -> Option<PolicyRule> {
    let policy = of(columns);
    // The organization's list is read only when a rule looks at it.
    let organization = match policy.allowlist_required {
        true => organization_allowlist(columns),
        false => Allowlist::default(),
    };
    breach_under(&policy, &organization, token, today)
}

/// The rule `token` breaks on `today` under `policy`, if any.
pub fn breach_under(
    policy: &TokenPolicy,
    organization: &Allowlist,
    token: &TokenColumns,
    today: Date,
) -> Option<PolicyRule> {
    let allowlist = match policy.allowlist_required {
        true => parsed(token.allowed_addresses),
        false => Allowlist::default(),
    };
    let facts = TokenFacts {
        expiry_on: token.expiry_on.and_then(parse_date),
        generated_on: token.generated_at.map(clock::date_of),
        scope: token.scope,
        allowlist: &allowlist,
    };
    policy.breach(&facts, organization, today)
}

impl<'a> TokenColumns<'a> {
    pub fn of(record: &'a TokenRecord) -> Self {
        Self {
            expiry_on: record.expiry_on.as_deref(),
            generated_at: record.generated_at,
            scope: record.scope(),
            allowed_addresses: record.allowed_addresses.as_deref(),
        }
    }
}

/// Whether saving a token with these columns would break the policy
/// (`tessera_shared::policy::TokenPolicy::check`), on the form's field.
pub fn check_save(
    columns: &PolicyColumns,
    expiry_on: Option<Date>,
    scope: Scope,
    allowlist: &Allowlist,
    today: Date,
) -> Result<(), tessera_shared::ValidationError> {
    let facts = TokenFacts {
        expiry_on,
        generated_on: None,
        scope,
        allowlist,
    };
    of(columns).check(&facts, &organization_allowlist(columns), today)
}

/// The last day the current string works under the maximum lifetime.
pub fn last_day(columns: &PolicyColumns, generated_at: Option<i64>) -> Option<Date> {
    of(columns).last_day(generated_at.map(clock::date_of))
}
