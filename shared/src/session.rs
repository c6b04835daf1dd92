//! Signing in and the web session as the app sees it (R14).

use serde::{Deserialize, Serialize};

use crate::LoginSummary;

/// `POST /api/session`. Fields are raw strings so that the worker validates
/// them with the same `parse` constructors the sign-in form uses.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    /// `EmailAddress::parse`'s rule, written for the OpenAPI document (a
    /// unit test holds the two together).
    #[cfg_attr(
        feature = "openapi",
        schema(
            max_length = 254,
            pattern = r"^\s*[^@\s\x00-\x1f\x7f-\x9f]+@[^@\s\x00-\x1f\x7f-\x9f.][^@\s\x00-\x1f\x7f-\x9f]*\.[^@\s\x00-\x1f\x7f-\x9f]*[^@\s\x00-\x1f\x7f-\x9f.]\s*$"
        )
    )]
    pub email: String,
    /// Any text of 1 to `Password::MAX_LEN` characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
}

/// The signed-in session: who, and the CSRF token the app must echo in the
/// `x-csrf-token` header of every state-changing request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionInfo {
    pub login: LoginSummary,
    pub csrf_token: String,
    /// Seconds since the Unix epoch after which the session is refused.
    pub expires_at: i64,
    /// How many notices the login has not dismissed, when the session was
    /// read: the portal fetches them (and their code) only if there are any.
    #[serde(default)]
    pub unread_notices: i64,
}
