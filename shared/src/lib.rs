//! The language Tessera's worker and frontend share: the API's endpoints
//! and query strings, wire types, error codes, the token-string format, and
//! the validation and policy both sides run.
//!
//! Pure Rust with no I/O, so that every rule written here is unit-tested
//! natively and compiled unchanged into both wasm binaries.

pub mod access;
pub mod allowlist;
pub mod approval;
pub mod audit_stream;
pub mod callers;
pub mod endpoints;
pub mod error;
pub mod expiry;
pub mod health;
pub mod inventory;
pub mod json_object;
pub mod leaks;
pub mod login;
pub mod logins;
pub mod notices;
#[cfg(feature = "openapi")]
pub mod openapi;
pub mod organization;
pub mod policy;
pub mod prose;
pub mod query;
pub mod records;
pub mod report_patterns;
pub mod scope;
pub mod service_accounts;
pub mod session;
pub mod sign_in_throttle;
pub mod token_name;
pub mod token_string;
pub mod tokens;
pub mod usage;
pub mod whole_number;
pub mod words;

pub use error::{ApiError, ErrorCode, TokenRefusal, ValidationError};
pub use expiry::ExpiryChoice;
pub use login::{EmailAddress, LoginSummary, Password};
pub use scope::{Scope, ScopeName};
pub use session::{SessionInfo, SignInRequest};
pub use token_name::TokenName;
pub use token_string::TokenString;
