//! Who is calling: sessions and sign-in (R14, R16), token and Basic
//! authentication and its log (R4, R5, R11, R17), and their throttles.

pub mod api_auth;
pub mod authentication_log;
pub mod basic_auth;
pub mod credentials;
pub mod failed_authentication_limit;
pub mod refusal;
pub mod report_reach;
pub mod scan_signature;
pub mod session;
pub mod sign_in;
pub mod throttle;
pub mod token_check;
