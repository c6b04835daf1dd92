//! One module per page of the portal.

pub mod access_tokens;
pub mod sign_in;
pub mod token_logs;
