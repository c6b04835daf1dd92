//! The organization's settings a system administrator sets (R2's maximum
//! token lifetime; R11's Basic authentication switch lives here too).

use serde::{Deserialize, Serialize};

use crate::ValidationError;

/// `GET /api/organization`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationSettings {
    pub name: String,
    /// The token policy (R26): a token works at most this many days after
    /// its string was generated, and may not expire later; `None`: no maximum.
    pub max_token_lifetime_days: Option<i64>,
    /// R26: every token needs an Expiry On.
    pub expiry_required: bool,
    /// R26: the scopes a token may hold.
    pub scopes_allowed: Vec<crate::ScopeName>,
    /// R26: every token must be limited to addresses within `default_allowed_addresses`.
    pub allowlist_required: bool,
    pub basic_auth_enabled: bool,
    /// Token Logs entries older than this many days are deleted (R17).
    pub log_retention_days: i64,
    /// Tokens unused for this many days are revoked by the daily run; `None`: never.
    pub stale_after_days: Option<i64>,
    /// Where the organization's events are delivered; `None`: nowhere, or
    /// the reader is not a system administrator (many receivers take the
    /// address itself as their credential).
    pub webhook_url: Option<String>,
    /// The addresses and ranges new tokens work from unless their form says
    /// otherwise; empty: anywhere.
    pub default_allowed_addresses: Vec<String>,
    /// Which tokens need a token admin's approval (R27).
    #[serde(default)]
    pub approval: crate::approval::ApprovalRule,
}

/// `PUT /api/organization/allowed-addresses`: the default list for new tokens.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct DefaultAllowlistRequest {
    /// Addresses and CIDR ranges (at most 50); empty: anywhere.
    #[cfg_attr(feature = "openapi", schema(max_items = 50))]
    pub addresses: Vec<String>,
}

/// `PUT /api/organization/stale-tokens`: revoke tokens unused for this many days, or not.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct StaleTokensRequest {
    /// `MIN_STALE_DAYS` to `MAX_STALE_DAYS`; null: off.
    #[cfg_attr(feature = "openapi", schema(minimum = 30, maximum = 365))]
    #[serde(default, deserialize_with = "crate::whole_number::optional")]
    pub days: Option<i64>,
}

/// The stale-token policy's shortest and longest period.
pub const MIN_STALE_DAYS: i64 = 30;
pub const MAX_STALE_DAYS: i64 = 365;
/// How long before a stale token's revocation its owner is warned.
pub const STALE_WARNING_DAYS: i64 = 7;

pub fn parse_stale_days(days: Option<i64>) -> Result<Option<i64>, ValidationError> {
    match days {
        Some(days) if !(MIN_STALE_DAYS..=MAX_STALE_DAYS).contains(&days) => {
            Err(ValidationError::StaleDaysOutOfRange {
                min: MIN_STALE_DAYS,
                max: MAX_STALE_DAYS,
            })
        }
        days => Ok(days),
    }
}

impl OrganizationSettings {
    /// The token policy these settings hold (R26).
    pub fn policy(&self) -> crate::policy::TokenPolicy {
        crate::policy::TokenPolicy {
            max_token_lifetime_days: self.max_token_lifetime_days,
            expiry_required: self.expiry_required,
            scopes_allowed: self.scopes_allowed.clone(),
            allowlist_required: self.allowlist_required,
        }
    }
}

/// `POST /api/organization/policy/preview`: what a policy would block, before it is saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PolicyPreview {
    /// How many live tokens the policy would block today.
    pub blocked: i64,
    /// How many of them the current policy does not block already.
    pub newly_blocked: i64,
    /// The first of them (at most `PREVIEW_TOKENS`), by owner and name.
    pub tokens: Vec<BlockedToken>,
}

/// A token a policy blocks, and the rule it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockedToken {
    pub id: i64,
    pub name: String,
    pub owner_login_id: i64,
    pub owner_name: String,
    pub rule: crate::policy::PolicyRule,
}

/// How many blocked tokens a preview names.
pub const PREVIEW_TOKENS: usize = 20;

/// `PUT /api/organization/basic-auth` (R11): allow Basic authentication on the API, or not.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BasicAuthRequest {
    pub enabled: bool,
}

/// `PUT /api/organization/log-retention` (R17): how long Token Logs are kept.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct LogRetentionRequest {
    /// `MIN_LOG_RETENTION_DAYS` to `MAX_LOG_RETENTION_DAYS`.
    #[cfg_attr(feature = "openapi", schema(minimum = 30, maximum = 3660))]
    #[serde(deserialize_with = "crate::whole_number::one")]
    pub days: i64,
}

/// How long Token Logs are kept unless the organization says otherwise: a
/// year and a month, so a year-on-year look back always has its data.
pub const DEFAULT_LOG_RETENTION_DAYS: i64 = 400;
/// The shortest an organization may keep them.
pub const MIN_LOG_RETENTION_DAYS: i64 = 30;
/// The longest: ten years, like the maximum token lifetime.
pub const MAX_LOG_RETENTION_DAYS: i64 = 3660;

pub fn parse_log_retention(days: i64) -> Result<i64, ValidationError> {
    if (MIN_LOG_RETENTION_DAYS..=MAX_LOG_RETENTION_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(ValidationError::LogRetentionOutOfRange {
            min: MIN_LOG_RETENTION_DAYS,
            max: MAX_LOG_RETENTION_DAYS,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_logs_are_kept_from_30_days_to_ten_years_r17() {
        assert_eq!(parse_log_retention(30), Ok(30));
        assert_eq!(parse_log_retention(DEFAULT_LOG_RETENTION_DAYS), Ok(400));
        assert!(parse_log_retention(29).is_err());
        assert!(parse_log_retention(MAX_LOG_RETENTION_DAYS + 1).is_err());
    }
}
