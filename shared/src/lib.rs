//! The language Tessera's worker and frontend share: wire types, the API's
//! paths, error codes and the validation both sides run.
//!
//! Pure Rust with no I/O, so that every rule written here is unit-tested
//! natively and compiled unchanged into both wasm binaries.

pub mod error;
pub mod login;
pub mod paths;
pub mod session;
pub mod sign_in_throttle;
pub mod token_name;

pub use error::{ApiError, ErrorCode, ValidationError};
pub use login::{EmailAddress, LoginSummary, Password};
pub use session::{SessionInfo, SignInRequest};
pub use token_name::TokenName;
