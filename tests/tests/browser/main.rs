//! The portal in headless Chromium against the real runtime, as a person uses it.

mod access_tokens;
mod accessibility;
mod administration;
mod approval;
mod audit_stream;
mod chunks;
mod everyday;
mod feedback;
mod fit;
mod layout;
mod named_reports;
mod notices;
mod notifications;
mod phone;
mod rotation;
mod service_accounts;
mod sign_in;
mod token_policy;
mod usage;
