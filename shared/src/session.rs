//! Signing in and the web session as the app sees it (R14).

use serde::{Deserialize, Serialize};

use crate::LoginSummary;

/// `POST /api/session`. Fields are raw strings so that the worker validates
/// them with the same `parse` constructors the sign-in form uses.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SignInRequest {
    pub email: String,
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
}
