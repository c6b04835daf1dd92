//! The rules of docs/rules.md, one module per capability. Services know nothing of
//! HTTP: they take parsed input and the storage bindings, and return values
//! or `AppError`s.

pub mod auth;
pub mod notify;
pub mod organization;
pub mod rate_limits;
pub mod records;
pub mod tokens;
pub mod usage;

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
