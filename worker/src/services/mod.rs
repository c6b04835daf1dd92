//! The rules of docs/rules.md, one module per capability. Services know nothing of
//! HTTP: they take parsed input and the storage bindings, and return values
//! or `AppError`s.

pub mod allowlists;
pub mod api_auth;
pub mod authentication_log;
pub mod basic_auth;
pub mod credentials;
pub mod failed_authentication_limit;
pub mod inventory;
pub mod leaks;
pub mod logins;
pub mod notices;
pub mod notify;
pub mod organization;
pub mod outbound;
pub mod rate_limits;
pub mod recent_addresses;
pub mod records;
pub mod retention;
pub mod rotation;
pub mod scan_signature;
pub mod session;
pub mod sign_in;
pub mod throttle;
pub mod token_check;
pub mod token_logs;
pub mod tokens;
pub mod usage;
pub mod warnings;
pub mod webhook;

use worker::kv::KvStore;
use worker::{D1Database, Env};

use crate::error::AppResult;

/// The storage a request works with, looked up once per request.
pub struct Bindings {
    pub db: D1Database,
    pub sessions: KvStore,
    pub session_ttl_seconds: i64,
}

/// The D1 database, the system of record: the one place its binding is named.
pub fn database(env: &Env) -> worker::Result<D1Database> {
    env.d1("DB")
}

impl Bindings {
    pub fn from_env(env: &Env) -> AppResult<Self> {
        Ok(Self {
            db: database(env)?,
            sessions: env.kv("SESSIONS")?,
            session_ttl_seconds: crate::config::session_ttl_seconds(env),
        })
    }
}
