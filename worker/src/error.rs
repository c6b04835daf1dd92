//! The worker's one error type, and the one place an error becomes an HTTP
//! response (R15): a stable code and a readable message for the client, the
//! internal detail only in the worker's log.

use tessera_shared::{ApiError, ErrorCode, ValidationError, words};
use worker::Response;

use crate::json::json_response;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A refusal the client can act on.
    #[error("{}", .0.message)]
    Refused(ApiError),
    /// Throttled: the client may try again after this many seconds.
    #[error("too many attempts")]
    TooManyAttempts { retry_after: i64 },
    /// A limit that is not about failures (a number of test deliveries a
    /// minute): `message` says which, and when to try again.
    #[error("throttled")]
    Throttled { retry_after: i64, message: String },
    /// The path exists, not with this method: `allow` lists its methods.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    /// Something broke on our side. The detail is logged, never sent.
    #[error("internal error: {0}")]
    Internal(String),
    /// Something the answer depends on cannot be done right now (its
    /// Token Logs entry could not be written): try again shortly. The
    /// detail is logged, never sent.
    #[error("unavailable: {0}")]
    Unavailable(String),
}

impl AppError {
    pub fn refused(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Refused(ApiError::new(code, message))
    }

    pub fn not_signed_in() -> Self {
        Self::refused(ErrorCode::NotSignedIn, "Sign in to continue.")
    }

    pub fn not_found() -> Self {
        Self::refused(ErrorCode::NotFound, "There is nothing at this address.")
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::refused(ErrorCode::Forbidden, message)
    }

    /// The HTTP status this error is answered with.
    pub fn status(&self) -> u16 {
        match self {
            Self::Refused(error) => status_of(error.code),
            Self::TooManyAttempts { .. } | Self::Throttled { .. } => {
                status_of(ErrorCode::TooManyAttempts)
            }
            Self::MethodNotAllowed { .. } => status_of(ErrorCode::MethodNotAllowed),
            Self::Internal(_) => status_of(ErrorCode::Internal),
            Self::Unavailable(_) => status_of(ErrorCode::Unavailable),
        }
    }

    pub fn into_response(self) -> Response {
        // The error to send, and the header that tells the client what to do next.
        let (error, header) = match self {
            Self::Refused(error) => (error, None),
            Self::TooManyAttempts { retry_after } => (
                ApiError::new(
                    ErrorCode::TooManyAttempts,
                    format!(
                        "Too many failed attempts. Try again in {}.",
                        words::count(retry_after, "second")
                    ),
                ),
                Some(("retry-after", retry_after.to_string())),
            ),
            Self::Throttled {
                retry_after,
                message,
            } => (
                ApiError::new(ErrorCode::TooManyAttempts, message),
                Some(("retry-after", retry_after.to_string())),
            ),
            Self::MethodNotAllowed { allow } => (
                ApiError::new(
                    ErrorCode::MethodNotAllowed,
                    format!("This path answers {allow} only."),
                ),
                Some(("allow", allow)),
            ),
            Self::Unavailable(detail) => {
                worker::console_error!("unavailable: {detail}");
                (
                    ApiError::new(
                        ErrorCode::Unavailable,
                        "Tessera could not record this request right now. Try again in a moment.",
                    ),
                    Some(("retry-after", "1".to_owned())),
                )
            }
            Self::Internal(detail) => {
                worker::console_error!("internal error: {detail}");
                (
                    ApiError::new(
                        ErrorCode::Internal,
                        "Something went wrong on our side. Try again.",
                    ),
                    None,
                )
            }
        };
        let mut response = problem_response(error);
        if let Some((name, value)) = header {
            let _ = response.headers_mut().set(name, &value);
        }
        response
    }
}

/// An `ApiError` as an RFC 9457 problem: `application/problem+json`, with
/// the status and its phrase as `status` and `title`, and the message as
/// `detail` too, so a generic problem reader and a Tessera client read it alike.
pub fn problem_response(mut error: ApiError) -> Response {
    let status = status_of(error.code);
    error.status = Some(status);
    error.title = Some(status_phrase(status).to_owned());
    error.detail = Some(error.message.clone());
    let response = json_response(status, &error);
    let _ = response
        .headers()
        .set("content-type", "application/problem+json; charset=utf-8");
    response
}

/// The reason phrase of each status the API answers refusals with (RFC 9110).
fn status_phrase(status: u16) -> &'static str {
    match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        422 => "Unprocessable Content",
        429 => "Too Many Requests",
        503 => "Service Unavailable",
        _ => "Internal Server Error",
    }
}

/// The HTTP status of each error code, chosen here and nowhere else.
pub fn status_of(code: ErrorCode) -> u16 {
    match code {
        ErrorCode::MalformedJson | ErrorCode::InvalidRequestBody | ErrorCode::InvalidQuery => 400,
        ErrorCode::ValidationFailed => 422,
        ErrorCode::UnsupportedMediaType => 415,
        ErrorCode::PayloadTooLarge => 413,
        ErrorCode::InvalidCredentials
        | ErrorCode::NotSignedIn
        | ErrorCode::InvalidToken
        | ErrorCode::InvalidSignature => 401,
        ErrorCode::CsrfRejected
        | ErrorCode::Forbidden
        | ErrorCode::InsufficientScope
        | ErrorCode::AddressNotAllowed => 403,
        ErrorCode::TokenNameTaken
        | ErrorCode::EditConflict
        | ErrorCode::NotApproved
        | ErrorCode::AlreadyDecided => 409,
        ErrorCode::LoginNotActivated
        | ErrorCode::AdminRoleRequiresSystemAdmin
        | ErrorCode::NotForServiceAccounts => 422,
        ErrorCode::LastSystemAdmin | ErrorCode::BulkRevokeIncomplete | ErrorCode::EmailTaken => 409,
        ErrorCode::TooManyAttempts => 429,
        ErrorCode::NotFound => 404,
        ErrorCode::MethodNotAllowed => 405,
        ErrorCode::Internal => 500,
        ErrorCode::Unavailable => 503,
    }
}

impl From<ValidationError> for AppError {
    fn from(error: ValidationError) -> Self {
        Self::Refused(error.into())
    }
}

impl From<worker::Error> for AppError {
    fn from(error: worker::Error) -> Self {
        Self::Internal(error.to_string())
    }
}

impl From<worker::kv::KvError> for AppError {
    fn from(error: worker::kv::KvError) -> Self {
        Self::Internal(error.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;
