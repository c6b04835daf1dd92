//! Tokens that need approval (R27): an organization may require a token
//! admin's approval for tokens beyond a lifetime or with chosen scopes.
//! Such a token is created `Pending approval` and gets no string until a
//! token admin other than its requester and its owner approves it.

use serde::{Deserialize, Serialize};
use time::Date;

use crate::prose::{self, ProseFault};
use crate::{Scope, ScopeName, ValidationError};

/// The organization's approval rule (`PUT /api/organization/approval`).
/// A token needs approval if either part matches; neither set: none does.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApprovalRule {
    /// Tokens whose Expiry On is more than this many days away when they are
    /// created or edited, and tokens that never expire, need approval;
    /// null: no lifetime needs it.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3660))]
    #[serde(default, deserialize_with = "crate::whole_number::optional")]
    pub beyond_days: Option<i64>,
    /// Tokens holding any of these scopes need approval.
    #[serde(default)]
    pub scopes: Vec<ScopeName>,
}

/// The longest lifetime a rule can name, as the policy's maximum (ten years).
pub const MAX_BEYOND_DAYS: i64 = 3660;
/// The longest reason, given or decided.
pub const MAX_REASON: usize = 500;

impl ApprovalRule {
    /// The rule as sent, checked: the days within bounds, each scope once.
    pub fn parse(self) -> Result<Self, ValidationError> {
        if let Some(days) = self.beyond_days
            && !(1..=MAX_BEYOND_DAYS).contains(&days)
        {
            return Err(ValidationError::ApprovalDaysOutOfRange {
                max: MAX_BEYOND_DAYS,
            });
        }
        let scopes = ScopeName::ALL
            .into_iter()
            .filter(|name| self.scopes.contains(name))
            .collect();
        Ok(Self {
            beyond_days: self.beyond_days,
            scopes,
        })
    }

    /// Whether any token needs approval under this rule.
    pub fn is_on(&self) -> bool {
        self.beyond_days.is_some() || !self.scopes.is_empty()
    }

    /// Why a token with this Expiry On and Scope, saved `today`, needs
    /// approval, in the words the form and the queue show; `None`: it does not.
    pub fn needs(&self, expiry_on: Option<Date>, scope: Scope, today: Date) -> Option<String> {
        if let Some(days) = self.beyond_days {
            match expiry_on {
                None => return Some("it never expires".to_owned()),
                Some(date) if (date - today).whole_days() > days => {
                    return Some(format!(
                        "it works more than {} from today",
                        crate::words::count(days, "day")
                    ));
                }
                Some(_) => {}
            }
        }
        let held: Vec<_> = self
            .scopes
            .iter()
            .filter(|name| scope.allows(**name))
            .map(|name| name.label())
            .collect();
        (!held.is_empty()).then(|| format!("it holds {}", held.join(" and ")))
    }

    /// The rule in one sentence, for the settings page.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(days) = self.beyond_days {
            parts.push(format!(
                "working more than {} from creation",
                crate::words::count(days, "day")
            ));
        }
        if !self.scopes.is_empty() {
            let labels: Vec<_> = self.scopes.iter().map(|name| name.label()).collect();
            parts.push(format!("holding {}", labels.join(" or ")));
        }
        match parts.is_empty() {
            true => "No token needs approval.".to_owned(),
            false => format!(
                "Tokens {} need a token admin's approval.",
                parts.join(", or ")
            ),
        }
    }
}

/// Where a token stands with approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ApprovalState {
    /// Waits for a token admin: no string can be generated.
    Pending,
    Approved,
    /// Refused with a reason: no string can be generated; an edit asks again.
    Denied,
}

impl ApprovalState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Denied => "denied",
        }
    }

    pub fn from_stored(stored: &str) -> Option<Self> {
        [Self::Pending, Self::Approved, Self::Denied]
            .into_iter()
            .find(|state| state.as_str() == stored)
    }

    /// Whether a token in this state may have a string.
    pub fn allows_a_string(state: Option<Self>) -> bool {
        matches!(state, None | Some(Self::Approved))
    }
}

/// A token's approval, as its row and detail show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenApproval {
    pub state: ApprovalState,
    /// Who asked for it.
    pub requested_by: String,
    /// Why, in the requester's words.
    pub reason: String,
    /// The token admin who approved or denied it.
    pub decided_by: Option<String>,
    /// A denial's reason (an approval's, if one was given).
    pub decision_reason: Option<String>,
}

/// `POST /api/tokens/{id}/approval`: a token admin's decision.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ApprovalDecision {
    pub decision: Decision,
    /// Required to deny (1 to 500 characters), optional to approve.
    #[serde(default)]
    pub reason: Option<String>,
    /// The token's version the decision was made on (`PendingApproval::version`):
    /// a token edited since is asked about again, not decided unseen.
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    #[serde(deserialize_with = "crate::whole_number::one")]
    pub version: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Approve,
    Deny,
}

impl Decision {
    pub fn state(self) -> ApprovalState {
        match self {
            Self::Approve => ApprovalState::Approved,
            Self::Deny => ApprovalState::Denied,
        }
    }
}

/// A request's reason: 1 to [`MAX_REASON`] characters, trimmed, no control
/// characters but line breaks. `field` is the request field it came in.
pub fn parse_reason(input: Option<&str>, field: Reason) -> Result<String, ValidationError> {
    prose::parse(input.unwrap_or_default(), MAX_REASON).map_err(|fault| match fault {
        ProseFault::Missing => ValidationError::ApprovalReasonMissing { field },
        ProseFault::TooLong => ValidationError::ApprovalReasonTooLong {
            field,
            max: MAX_REASON,
        },
        ProseFault::Character => ValidationError::ApprovalReasonCharacter { field },
    })
}

/// Whose reason: the requester's (`approval_reason` of the token form) or
/// the deciding token admin's (`reason` of a decision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Request,
    Decision,
}

impl Reason {
    pub fn field(self) -> &'static str {
        match self {
            Self::Request => "approval_reason",
            Self::Decision => "reason",
        }
    }
}

/// One token waiting in the approval queue (`GET /api/approvals`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingApproval {
    pub token_id: i64,
    pub name: String,
    pub owner_login_id: i64,
    pub owner_name: String,
    pub requested_by: String,
    /// RFC 3339.
    pub requested_at: String,
    pub scope: Vec<ScopeName>,
    /// `YYYY-MM-DD`; `None`: never expires.
    pub expiry_on: Option<String>,
    /// Days from the request to Expiry On; `None`: never expires.
    pub lifetime_days: Option<i64>,
    /// The requester's words.
    pub reason: String,
    /// Send back with the decision.
    pub version: i64,
    /// Whether the reader may decide it: not their own request or token.
    pub decidable: bool,
}

/// `GET /api/approvals`: the organization's pending tokens, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApprovalQueue {
    pub pending: Vec<PendingApproval>,
    /// All pending tokens, of which `pending` holds the first
    /// [`QUEUE_PAGE`].
    pub total: i64,
}

/// The most pending tokens one queue answer holds.
pub const QUEUE_PAGE: i64 = 200;

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 07);
    const REPORT: Scope = Scope {
        meta_record: false,
        report_record: true,
    };

    #[test]
    fn a_token_needs_approval_beyond_the_lifetime_or_never_expiring_r27() {
        let rule = ApprovalRule {
            beyond_days: Some(90),
            scopes: vec![],
        };
        assert_eq!(
            rule.needs(Some(date!(2027 - 03 - 07)), REPORT, TODAY),
            None,
            "90 days"
        );
        assert_eq!(
            rule.needs(Some(date!(2027 - 03 - 08)), REPORT, TODAY)
                .as_deref(),
            Some("it works more than 90 days from today")
        );
        assert_eq!(
            rule.needs(None, REPORT, TODAY).as_deref(),
            Some("it never expires")
        );
    }

    #[test]
    fn a_token_needs_approval_for_a_chosen_scope_r27() {
        let rule = ApprovalRule {
            beyond_days: None,
            scopes: vec![ScopeName::MetaRecord],
        };
        assert_eq!(rule.needs(None, REPORT, TODAY), None);
        let both = Scope {
            meta_record: true,
            report_record: true,
        };
        assert_eq!(
            rule.needs(None, both, TODAY).as_deref(),
            Some("it holds Meta Record")
        );
        assert!(!ApprovalRule::default().is_on());
        assert_eq!(
            ApprovalRule::default().describe(),
            "No token needs approval."
        );
    }

    #[test]
    fn the_rule_is_checked_when_saved() {
        let days = |beyond_days| ApprovalRule {
            beyond_days,
            scopes: vec![
                ScopeName::ReportRecord,
                ScopeName::MetaRecord,
                ScopeName::MetaRecord,
            ],
        };
        assert!(days(Some(0)).parse().is_err());
        assert!(days(Some(3661)).parse().is_err());
        assert_eq!(days(Some(90)).parse().unwrap().scopes, ScopeName::ALL);
    }

    #[test]
    fn a_reason_is_required_and_bounded() {
        assert_eq!(
            parse_reason(Some("  "), Reason::Decision),
            Err(ValidationError::ApprovalReasonMissing {
                field: Reason::Decision
            })
        );
        assert!(parse_reason(Some(&"x".repeat(501)), Reason::Request).is_err());
        assert!(parse_reason(Some("a\u{7}b"), Reason::Request).is_err());
        assert_eq!(
            parse_reason(Some(" Quarterly audit \n"), Reason::Request).unwrap(),
            "Quarterly audit"
        );
        assert_eq!(
            ValidationError::ApprovalReasonMissing {
                field: Reason::Request
            }
            .field(),
            "approval_reason"
        );
    }
}
