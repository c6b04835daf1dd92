//! What a refused token-protected request is answered with, whichever
//! credentials it presented.

use crate::error::AppError;

/// A request refused, with the `WWW-Authenticate` challenge to answer with.
pub struct Refusal {
    pub error: AppError,
    pub challenge: String,
    /// When the presented string stops (stopped) working, if it named a token.
    pub expiration: Option<String>,
}
