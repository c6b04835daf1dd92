//! One module per page of the portal.

pub mod access_tokens;
pub mod contacts_logins;
pub mod sign_in;
pub mod token_inventory;
pub mod token_logs;
