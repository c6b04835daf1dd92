//! The one error shape on the wire (R15): a stable machine-readable `code`
//! and a message a person can act on, plus the validation failures that
//! produce many of them.

use serde::{Deserialize, Serialize};

/// Stable error codes. Clients match on these; never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The body is not JSON at all.
    MalformedJson,
    /// The body is JSON but not the expected shape (unknown or missing field, wrong type).
    InvalidRequestBody,
    /// A query parameter is not understood; the message names it.
    InvalidQuery,
    /// A field's value breaks a rule; `field` names it.
    ValidationFailed,
    UnsupportedMediaType,
    PayloadTooLarge,
    /// Email or password wrong, or the login may not be used (disabled;
    /// for Basic, not allowed): deliberately one code for every refusal
    /// before success, so the answer never confirms a password (R16).
    InvalidCredentials,
    TooManyAttempts,
    NotSignedIn,
    CsrfRejected,
    /// Signed in, but this login may not do this.
    Forbidden,
    /// The owner already has a live token of that name.
    TokenNameTaken,
    /// R8: the API Token Admin Role can only be held by a system administrator.
    AdminRoleRequiresSystemAdmin,
    /// The organization must keep one enabled system administrator.
    LastSystemAdmin,
    /// Another login already signs in with this email address.
    EmailTaken,
    /// R13: a bulk revocation named a token that is not live in the organization; none was revoked.
    BulkRevokeIncomplete,
    /// R10: the login has never signed in to the portal.
    LoginNotActivated,
    /// R27: the token waits for a token admin's approval, or was denied:
    /// no string can be generated for it.
    NotApproved,
    /// R27: the token was already approved or denied, or is not waiting.
    AlreadyDecided,
    /// R28: a role or sign-in change asked of a service account, which
    /// holds no role and never signs in.
    NotForServiceAccounts,
    /// R6: someone changed the token since the form was opened.
    EditConflict,
    /// R5: the token string is missing, malformed, unknown, expired or no longer valid.
    InvalidToken,
    /// R5: the token is valid but its Scope does not cover this endpoint.
    InsufficientScope,
    /// A signed report (secret scanning) whose signature does not verify.
    InvalidSignature,
    /// The token works only from other addresses (its allowlist).
    AddressNotAllowed,
    NotFound,
    MethodNotAllowed,
    Internal,
    /// R17: the request's Token Logs entry could not be written, so it was
    /// not served: try again shortly (`Retry-After`).
    Unavailable,
}

/// The body of every refusal, sent as `application/problem+json` (RFC 9457):
/// the stable `code` and the `message` as before, the problem members
/// `title`, `status` and `detail` (the worker fills them as it answers), and
/// for a refused token the `reason` a script can act on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// The request field the error is about, so a form can show it next to that field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Why a token (or its absence) was refused: `invalid_token` and
    /// `insufficient_scope` answers only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<TokenRefusal>,
    /// The scope the endpoint needs, when the token's Scope lacks it (also in
    /// the `Tessera-Accepted-Scopes` header).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope_needed: Option<crate::ScopeName>,
    /// The policy rule a blocked token breaks (R26).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy_rule: Option<crate::policy::PolicyRule>,
    /// RFC 9457: the HTTP status's own phrase (the problem type is `about:blank`;
    /// `code` tells problems apart).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// RFC 9457: the HTTP status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// RFC 9457: this occurrence, in words: the same as `message`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            field: None,
            reason: None,
            scope_needed: None,
            policy_rule: None,
            title: None,
            status: None,
            detail: None,
        }
    }

    /// The same error, about request field `field`.
    pub fn on_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_owned());
        self
    }
}

/// Why the API refused a request's token: what a script needs to know to
/// fix it, and nothing the holder of the string could not already know
/// (a string that matches no token, or matched one before it was replaced
/// and is no longer recognised, is `unknown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TokenRefusal {
    /// No `Authorization` header, or a scheme other than Bearer or Basic.
    Missing,
    /// Not a Tessera token string, or its checksum does not match.
    Malformed,
    /// A well-formed string that names no token.
    Unknown,
    /// The token's Expiry On has passed.
    Expired,
    /// The token was revoked, or this string was replaced by a newer one
    /// (Generate Token, an edit, or a rotation whose overlap has ended).
    RevokedOrReplaced,
    /// The token's login is disabled.
    OwnerDisabled,
    /// The token's login has never signed in to the portal (R10).
    OwnerNotActivated,
    /// The token's Scope lacks what the endpoint needs: see `scope_needed`.
    OutOfScope,
    /// The token works only from the addresses its allowlist names.
    AddressNotAllowed,
    /// The token breaks the organization's token policy (R26): see `policy_rule`.
    BlockedByPolicy,
    /// The token is limited to reports whose names match its patterns, and
    /// this report's name matches none of them, or the endpoint reads every
    /// report at once (R29).
    ReportNotAllowed,
}

impl From<ValidationError> for ApiError {
    fn from(error: ValidationError) -> Self {
        Self::new(ErrorCode::ValidationFailed, error.to_string()).on_field(error.field())
    }
}

/// Why a value was refused by one of the `parse` constructors. The messages
/// are shown as they are next to the form field, so they speak to a person.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("Enter an email address such as name@example.com.")]
    EmailInvalid,
    #[error("Enter your password.")]
    PasswordMissing,
    #[error("The password is longer than {max} characters.")]
    PasswordTooLong { max: usize },
    #[error("Enter a name for the token.")]
    TokenNameMissing,
    #[error("The name is longer than {max} characters.")]
    TokenNameTooLong { max: usize },
    #[error("The name cannot contain control characters such as line breaks or tabs.")]
    TokenNameControlCharacter,
    #[error(
        "The name cannot contain invisible characters (zero-width spaces or joiners, or marks that change the direction of text)."
    )]
    TokenNameInvisibleCharacter,
    #[error("Choose at least one scope: Meta Record, Report Record or both.")]
    ScopeEmpty,
    #[error(
        "Choose an Expiry On: 1 day, 7 days, 30 days, 60 days, 1 year, Never, or a date as YYYY-MM-DD."
    )]
    ExpiryInvalid,
    #[error("The Expiry On date is in the past.")]
    ExpiryInPast,
    #[error("The Expiry On date is too far in the future.")]
    ExpiryTooLate,
    #[error(
        "Your organization allows tokens of at most {}: choose an earlier Expiry On.",
        crate::words::count(*.max_days, "day")
    )]
    ExpiryBeyondMaximum { max_days: i64 },
    #[error(
        "Your organization allows tokens of at most {}, so Never is not available.",
        crate::words::count(*.max_days, "day")
    )]
    ExpiryNeverNotAllowed { max_days: i64 },
    #[error(
        "Your organization allows tokens of at most {}, and this token's Expiry On is later: edit its Expiry On before generating a new token string.",
        crate::words::count(*.max_days, "day")
    )]
    GenerateBeyondMaximum { max_days: i64 },
    #[error("The maximum token lifetime is a number of days from 1 to {max}, or no maximum.")]
    MaxLifetimeOutOfRange { max: i64 },
    #[error("Token Logs are kept for a number of days from {min} to {max}.")]
    LogRetentionOutOfRange { min: i64, max: i64 },
    #[error("Enter the person's name.")]
    DisplayNameMissing,
    #[error("The name is longer than {max} characters.")]
    DisplayNameTooLong { max: usize },
    #[error("The approval lifetime is a number of days from 1 to {max}, or none.")]
    ApprovalDaysOutOfRange { max: i64 },
    #[error("{}", match field {
        crate::approval::Reason::Request => "Say why this token is needed: a token admin reads it before approving.",
        crate::approval::Reason::Decision => "Say why the token is denied: its requester reads it.",
    })]
    ApprovalReasonMissing { field: crate::approval::Reason },
    #[error("The reason is longer than {max} characters.")]
    ApprovalReasonTooLong {
        field: crate::approval::Reason,
        max: usize,
    },
    #[error("The reason cannot contain control characters other than line breaks.")]
    ApprovalReasonCharacter { field: crate::approval::Reason },
    #[error("Enter the service account's name.")]
    ServiceAccountNameMissing,
    #[error("Say what the service account is for.")]
    DescriptionMissing,
    #[error("The description is longer than {max} characters.")]
    DescriptionTooLong { max: usize },
    #[error("The description cannot contain control characters other than line breaks.")]
    DescriptionCharacter,
    #[error("A service account lists at most {max} contacts.")]
    ContactsTooMany { max: usize },
    #[error("Choose a password of at least {min} characters.")]
    PasswordTooShort { min: usize },
    #[error("Enter the webhook's address: https://, or http:// to this machine only (localhost).")]
    WebhookUrlInvalid,
    #[error("Tokens unused for a number of days from {min} to {max} can be revoked, or none.")]
    StaleDaysOutOfRange { min: i64, max: i64 },
    #[error("“{entry}” is not an IP address or a range such as 203.0.113.0/24 or 2001:db8::/32.")]
    AllowlistEntryInvalid { entry: String },
    #[error("A token can be limited to at most {max} addresses and ranges.")]
    AllowlistTooLong { max: usize },
    #[error("Allow at least one scope: Meta Record, Report Record or both.")]
    ScopesAllowedEmpty,
    #[error("A report pattern is longer than {max} characters.")]
    ReportPatternTooLong { max: usize },
    #[error(
        "A report pattern cannot contain control characters (tabs, line breaks within it) or invisible ones."
    )]
    ReportPatternCharacter,
    #[error("A pattern of only * matches every report: leave the reports empty to allow them all.")]
    ReportPatternEverything,
    #[error("A token can be limited to at most {max} report patterns.")]
    ReportPatternsTooMany { max: usize },
    #[error(
        "Your organization requires every token to have an Expiry On, so Never is not available."
    )]
    PolicyExpiryRequired,
    #[error("Your organization allows only tokens with {allowed}: remove the other scope.")]
    PolicyScopeNotAllowed { allowed: String },
    #[error(
        "Your organization requires every token to be limited to addresses and ranges within its own allowlist (see Organization settings)."
    )]
    PolicyAllowlistRequired,
    #[error("This is not a Tessera token string.")]
    TokenStringMalformed,
    #[error("This token string is mistyped or incomplete: its checksum does not match.")]
    TokenStringChecksum,
}

impl ValidationError {
    /// The request field this error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::EmailInvalid => "email",
            Self::PasswordMissing
            | Self::PasswordTooLong { .. }
            | Self::PasswordTooShort { .. } => "password",
            Self::MaxLifetimeOutOfRange { .. } => "max_token_lifetime_days",
            Self::LogRetentionOutOfRange { .. } => "days",
            Self::DisplayNameMissing
            | Self::DisplayNameTooLong { .. }
            | Self::ServiceAccountNameMissing => "display_name",
            Self::DescriptionMissing
            | Self::DescriptionTooLong { .. }
            | Self::DescriptionCharacter => "description",
            Self::ContactsTooMany { .. } => "contact_login_ids",
            Self::ApprovalDaysOutOfRange { .. } => "beyond_days",
            Self::ApprovalReasonMissing { field }
            | Self::ApprovalReasonTooLong { field, .. }
            | Self::ApprovalReasonCharacter { field } => field.field(),
            Self::TokenNameMissing
            | Self::TokenNameTooLong { .. }
            | Self::TokenNameControlCharacter
            | Self::TokenNameInvisibleCharacter => "name",
            Self::ScopeEmpty | Self::PolicyScopeNotAllowed { .. } => "scope",
            Self::ScopesAllowedEmpty => "scopes_allowed",
            Self::ExpiryInvalid
            | Self::ExpiryInPast
            | Self::ExpiryTooLate
            | Self::ExpiryBeyondMaximum { .. }
            | Self::ExpiryNeverNotAllowed { .. }
            | Self::GenerateBeyondMaximum { .. }
            | Self::PolicyExpiryRequired => "expiry",
            Self::TokenStringMalformed | Self::TokenStringChecksum => "authorization",
            Self::WebhookUrlInvalid => "url",
            Self::AllowlistEntryInvalid { .. }
            | Self::AllowlistTooLong { .. }
            | Self::PolicyAllowlistRequired => "allowed_addresses",
            Self::StaleDaysOutOfRange { .. } => "days",
            Self::ReportPatternTooLong { .. }
            | Self::ReportPatternCharacter
            | Self::ReportPatternEverything
            | Self::ReportPatternsTooMany { .. } => "report_patterns",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_codes_are_snake_case_on_the_wire() {
        let body = serde_json::to_value(ApiError::new(ErrorCode::CsrfRejected, "x")).unwrap();
        assert_eq!(body["code"], "csrf_rejected");
        assert!(
            body.get("field").is_none(),
            "no field key when there is no field"
        );
    }

    #[test]
    fn a_validation_error_names_its_field() {
        let error = ApiError::from(ValidationError::TokenNameMissing);
        assert_eq!(error.code, ErrorCode::ValidationFailed);
        assert_eq!(error.field.as_deref(), Some("name"));
        assert_eq!(error.message, "Enter a name for the token.");
    }
}
