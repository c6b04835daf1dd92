//! Tokens and Token Logs as the API sends and receives them (R1–R7, R12).

use serde::{Deserialize, Serialize};

use crate::ScopeName;

/// A token's state, derived from its current string and Expiry On.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenStatus {
    NotGenerated,
    Active,
    Expired,
    /// It breaks the organization's token policy (R26): see `TokenView::blocked_by`.
    BlockedByPolicy,
    /// R27: it waits for a token admin's approval; no string until then.
    PendingApproval,
    /// R27: a token admin denied it; an edit asks again.
    ApprovalDenied,
}

impl TokenStatus {
    /// Its name on the wire, and in the grid's CSS class (`status-active`).
    pub fn code(self) -> &'static str {
        match self {
            Self::NotGenerated => "not_generated",
            Self::Active => "active",
            Self::Expired => "expired",
            Self::BlockedByPolicy => "blocked_by_policy",
            Self::PendingApproval => "pending_approval",
            Self::ApprovalDenied => "approval_denied",
        }
    }

    /// Expired wins: an expired token is unusable whether generated or
    /// not; then a token the policy blocks, which no new string would help.
    pub fn derive(has_string: bool, expired: bool, blocked: bool) -> Self {
        match (expired, blocked, has_string) {
            (true, _, _) => Self::Expired,
            (false, true, _) => Self::BlockedByPolicy,
            (false, false, false) => Self::NotGenerated,
            (false, false, true) => Self::Active,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotGenerated => "Not generated",
            Self::Active => "Active",
            Self::Expired => "Expired",
            Self::BlockedByPolicy => "Blocked by policy",
            Self::PendingApproval => "Pending approval",
            Self::ApprovalDenied => "Approval denied",
        }
    }
}

/// One live token, as the Access Tokens grid shows it. Times are RFC 3339 (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenView {
    pub id: i64,
    pub owner_login_id: i64,
    pub name: String,
    pub scope: Vec<ScopeName>,
    /// `YYYY-MM-DD`, the last day the token works; `None`: never expires.
    pub expiry_on: Option<String>,
    pub status: TokenStatus,
    /// The organization's policy rule the token breaks, while it blocks it (R26).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocked_by: Option<crate::policy::PolicyRule>,
    /// True within 7 days of Expiry On.
    pub expiring_soon: bool,
    /// A non-secret reminder of the current string, when there is one.
    pub hint: Option<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub generated_at: Option<String>,
    pub last_used_at: Option<String>,
    /// Send back with an edit: a save based on an older version is refused (R6).
    pub version: i64,
    /// Whether the token may rotate itself with its own string.
    pub self_rotation: bool,
    /// Set while a rotation's previous string still works.
    pub rotation: Option<RotationOverlap>,
    /// Addresses and CIDR ranges the token works from; empty: anywhere.
    pub allowed_addresses: Vec<String>,
    /// The reports it may read, as name patterns (R29); empty: every report.
    #[serde(default)]
    pub report_patterns: Vec<String>,
    /// Its approval (R27), if it ever needed one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval: Option<crate::approval::TokenApproval>,
}

impl TokenView {
    /// The status as the grid, the inventory and its CSV say it, with the
    /// policy rule that blocks the token.
    pub fn status_text(&self) -> String {
        match self.blocked_by {
            Some(rule) if self.status == TokenStatus::BlockedByPolicy => {
                format!("{}: {}", self.status.label(), rule.label())
            }
            _ => self.status.label().to_owned(),
        }
    }
}

/// Whose tokens a list holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenOwner {
    pub id: i64,
    pub display_name: String,
    pub email: String,
    /// A person, or a service account (R28), whose address reaches nobody.
    #[serde(default)]
    pub kind: crate::service_accounts::LoginKind,
}

/// `GET /api/logins/{id}/tokens?page=&page_size=&search=`: one page of the
/// login's live tokens, by name (case-insensitive) then id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenPage {
    pub owner: TokenOwner,
    pub tokens: Vec<TokenView>,
    /// This page's number, from 1.
    pub page: i64,
    pub page_size: i64,
    /// How many live tokens the login has (matching `search`, when given), on every page.
    pub total: i64,
}

impl TokenPage {
    /// How many pages `total` fills: at least one, even when empty.
    pub fn pages(&self) -> i64 {
        let size = self.page_size.max(1);
        ((self.total + size - 1) / size).max(1)
    }
}

/// `POST /api/logins/{id}/tokens`. `expiry` is an `ExpiryChoice` code.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTokenRequest {
    pub name: String,
    pub expiry: String,
    pub scope: Vec<ScopeName>,
    /// Whether the token may rotate itself with its own string
    /// (`POST /api/tokens/self/rotate`). Off unless chosen.
    #[serde(default)]
    pub self_rotation: bool,
    /// Addresses and CIDR ranges the token works from; empty: anywhere. Not
    /// sent: the organization's default list.
    #[serde(default)]
    pub allowed_addresses: Option<Vec<String>>,
    /// The reports it may read, as name patterns where `*` stands for any
    /// characters and case does not count (R29), each at most 100
    /// characters. Empty or not sent: every report.
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    #[serde(default)]
    pub report_patterns: Vec<String>,
    /// Why the token is needed (1 to 500 characters): required when the
    /// organization's approval rule covers it (R27), ignored otherwise.
    #[serde(default)]
    pub approval_reason: Option<String>,
}

/// `PUT /api/tokens/{id}`: every field, and the version the form was opened at.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct EditTokenRequest {
    pub name: String,
    pub expiry: String,
    pub scope: Vec<ScopeName>,
    /// The token's `version` when the form was opened (a JavaScript-safe whole number).
    #[cfg_attr(
        feature = "openapi",
        schema(minimum = 1, maximum = 9007199254740991_i64)
    )]
    #[serde(deserialize_with = "crate::whole_number::one")]
    pub version: i64,
    /// Whether the token may rotate itself; left off when not sent.
    #[serde(default)]
    pub self_rotation: bool,
    /// Addresses and CIDR ranges the token works from; empty: anywhere. Not
    /// sent: unchanged.
    #[serde(default)]
    pub allowed_addresses: Option<Vec<String>>,
    /// The reports it may read, as name patterns (R29), each at most 100
    /// characters; empty: every report. Not sent: unchanged.
    #[cfg_attr(feature = "openapi", schema(max_items = 20))]
    #[serde(default)]
    pub report_patterns: Option<Vec<String>>,
    /// Why the token is needed: required when the edit makes it need
    /// approval again (R27), ignored otherwise.
    #[serde(default)]
    pub approval_reason: Option<String>,
}

/// `POST /api/tokens/{id}/generate`: the only response that ever holds a token string.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GeneratedToken {
    pub token: TokenView,
    pub token_string: String,
}

/// How long a rotated token's previous string keeps working, at most: it
/// also stops at the new string's first use, at the token's Expiry On, and
/// within the organization's maximum token lifetime.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum GracePeriod {
    #[serde(rename = "1h")]
    OneHour,
    #[serde(rename = "24h")]
    OneDay,
    #[serde(rename = "7d")]
    SevenDays,
}

impl GracePeriod {
    pub const ALL: [GracePeriod; 3] = [Self::OneHour, Self::OneDay, Self::SevenDays];

    pub fn seconds(self) -> i64 {
        match self {
            Self::OneHour => 3_600,
            Self::OneDay => 86_400,
            Self::SevenDays => 7 * 86_400,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::OneHour => "1h",
            Self::OneDay => "24h",
            Self::SevenDays => "7d",
        }
    }

    /// The words the Rotate Token pop-up uses.
    pub fn label(self) -> &'static str {
        match self {
            Self::OneHour => "1 hour",
            Self::OneDay => "24 hours",
            Self::SevenDays => "7 days",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|grace| grace.code() == code)
    }
}

/// `POST /api/tokens/{id}/rotate` and `POST /api/tokens/self/rotate`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RotateTokenRequest {
    pub grace: GracePeriod,
}

/// A rotation's answer: the new string, shown this once, and when the
/// previous one stops at the latest (earlier if the new one is used first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotatedToken {
    pub token_string: String,
    /// RFC 3339 (UTC).
    pub previous_string_works_until: String,
}

/// Which of a token's strings a request presented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PresentedString {
    /// The token's current string.
    Current,
    /// The string a rotation replaced, still in its overlap.
    Previous,
}

/// A rotation's overlap under way: two strings work.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RotationOverlap {
    /// RFC 3339 (UTC): the previous string stops then, or at the current one's first use.
    pub previous_string_works_until: String,
}

/// `GET /api/tokens/self`: the calling token as Tessera knows it, and
/// nothing of any other token, nor of the token's other holders (where they
/// call from is for the owner: `TokenUsageView`). Times are RFC 3339 (UTC).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenIntrospection {
    pub id: i64,
    pub name: String,
    pub owner: TokenOwner,
    pub scope: Vec<ScopeName>,
    /// `YYYY-MM-DD`, the last day the token works; `None`: never expires.
    pub expiry_on: Option<String>,
    /// When the presented string stops working, as `Tessera-Token-Expiration` says.
    pub expires_at: Option<String>,
    pub created_at: String,
    pub generated_at: Option<String>,
    pub last_used_at: Option<String>,
    pub presented: PresentedString,
    /// Set while a rotation's previous string still works.
    pub rotation: Option<RotationOverlap>,
    /// Whether the token may rotate itself (`POST /api/tokens/self/rotate`).
    pub self_rotation: bool,
    /// Addresses and CIDR ranges the token works from; empty: anywhere.
    pub allowed_addresses: Vec<String>,
    /// The reports it may read, as name patterns (R29); empty: every report.
    #[serde(default)]
    pub report_patterns: Vec<String>,
}

/// A client address a token was used from, and when last.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecentAddress {
    pub address: String,
    /// RFC 3339 (UTC), to the minute.
    pub last_seen: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Activity {
    Create,
    Generate,
    Update,
    Revoke,
    Authenticate,
    /// Rotate Token: a new string while the previous one keeps working for
    /// a grace period, and (a second entry) the end of that overlap.
    Rotate,
    /// R27: a token that needs approval was created or edited: it waits.
    Request,
    /// R27: a token admin approved it.
    Approve,
    /// R27: a token admin denied it, with a reason.
    Deny,
}

impl Activity {
    pub const ALL: [Activity; 9] = [
        Self::Create,
        Self::Request,
        Self::Approve,
        Self::Deny,
        Self::Generate,
        Self::Rotate,
        Self::Update,
        Self::Revoke,
        Self::Authenticate,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Create => "CREATE",
            Self::Generate => "GENERATE",
            Self::Update => "UPDATE",
            Self::Revoke => "REVOKE",
            Self::Authenticate => "AUTHENTICATE",
            Self::Rotate => "ROTATE",
            Self::Request => "REQUEST",
            Self::Approve => "APPROVE",
            Self::Deny => "DENY",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|activity| activity.code() == code)
    }
}

/// An AUTHENTICATE's outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AuthResult {
    #[serde(rename = "OK")]
    Ok,
    Fail,
}

impl AuthResult {
    pub fn code(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Fail => "Fail",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        [Self::Ok, Self::Fail]
            .into_iter()
            .find(|result| result.code() == code)
    }
}

/// One line of Token Logs. Never holds a secret.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenLogEntry {
    pub id: i64,
    pub token_id: Option<i64>,
    pub token_name: String,
    /// Whose token it is.
    pub owner: Option<String>,
    pub activity: Activity,
    pub activity_on: String,
    /// The acting login, or `API client` for AUTHENTICATE.
    pub activity_by: String,
    pub result: Option<AuthResult>,
    /// Why an AUTHENTICATE failed.
    pub detail: Option<String>,
    /// AUTHENTICATE only: the client address as the runtime saw it.
    #[serde(default)]
    pub client_address: Option<String>,
    /// Its country, when the runtime knows it.
    #[serde(default)]
    pub client_country: Option<String>,
    /// The request's user agent, trimmed.
    #[serde(default)]
    pub user_agent: Option<String>,
    /// The request's method and path.
    #[serde(default)]
    pub endpoint: Option<String>,
}

/// `GET /api/token-logs`, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TokenLogPage {
    pub entries: Vec<TokenLogEntry>,
    pub page: i64,
    pub page_size: i64,
    pub total: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page_of(total: i64, page_size: i64) -> TokenPage {
        TokenPage {
            owner: TokenOwner {
                id: 3,
                display_name: "Alice Analyst".into(),
                email: "alice@demo.example".into(),
                kind: Default::default(),
            },
            tokens: Vec::new(),
            page: 1,
            page_size,
            total,
        }
    }

    #[test]
    fn a_token_page_counts_the_pages_its_total_fills() {
        assert_eq!(page_of(0, 50).pages(), 1, "an empty list is one empty page");
        assert_eq!(page_of(1, 50).pages(), 1);
        assert_eq!(page_of(50, 50).pages(), 1);
        assert_eq!(page_of(51, 50).pages(), 2);
        assert_eq!(page_of(10_002, 50).pages(), 201);
    }
}
