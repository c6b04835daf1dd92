//! Reference routes for `make bench`, the floor the real API is compared
//! with. They answer only when the runtime was started with the variable
//! `BENCH_ROUTES=on`, which only the bench sets: wrangler.toml has no such
//! variable, so a deployment answers 404 here like for any unknown path.
//!
//! - `GET /api/bench/floor` touches no storage: the runtime's own cost.
//! - `GET /api/bench/read` makes exactly the one indexed D1 point read a
//!   token check needs (the token row by the SHA-256 of the Bearer string).
//! - `GET /api/bench/read-write` makes that read, then one point write (the
//!   token's `last_used_at`) committed before the answer: the simplest way
//!   to keep a durable trace of each use, one write per request, against
//!   which the token check's grouped writes are measured.
//! - `GET /api/bench/memory` tells the size of this isolate's wasm memory,
//!   which only grows: what the worker ever held at once, for the tests
//!   and the bench to check that a request was not held whole.

use serde::Serialize;
use tessera_shared::TokenString;
use worker::{Env, Request, Response};

use crate::error::{AppError, AppResult};
use crate::secret::TokenHash;
use crate::services;
use crate::store::credentials;
use crate::{clock, config, http};

#[derive(Serialize)]
struct Floor {
    found: bool,
}

/// `/api/bench/...`: outside the API's contract (`endpoints`), and 404 unless
/// the bench turned them on.
pub async fn route(request: &Request, env: &Env, method: &str, path: &str) -> AppResult<Response> {
    match (method, path) {
        ("GET", "floor") => floor(env),
        ("GET", "read") => read(request, env).await,
        ("GET", "read-write") => read_write(request, env).await,
        ("GET", "memory") => memory(env),
        _ => Err(AppError::not_found()),
    }
}

fn floor(env: &Env) -> AppResult<Response> {
    enabled(env)?;
    Ok(http::json_response(200, &Floor { found: false }))
}

async fn read(request: &Request, env: &Env) -> AppResult<Response> {
    enabled(env)?;
    let db = services::database(env)?;
    let found = match presented_hash(request)? {
        Some(hash) => credentials::find_by_secret_hash(&db, &hash)
            .await?
            .is_some(),
        None => false,
    };
    Ok(http::json_response(200, &Floor { found }))
}

async fn read_write(request: &Request, env: &Env) -> AppResult<Response> {
    enabled(env)?;
    let db = services::database(env)?;
    let credential = match presented_hash(request)? {
        Some(hash) => credentials::find_by_secret_hash(&db, &hash).await?,
        None => None,
    };
    if let Some(credential) = &credential {
        credentials::set_last_used(&db, credential.token_id, clock::now()).await?;
    }
    Ok(http::json_response(
        200,
        &Floor {
            found: credential.is_some(),
        },
    ))
}

/// The hash of the Bearer string presented, read as the token check
/// reads it; `None` for a string that is not a token string.
fn presented_hash(request: &Request) -> AppResult<Option<TokenHash>> {
    let presented = request.headers().get("authorization")?.unwrap_or_default();
    let string = TokenString::parse(presented.trim_start_matches("Bearer ")).ok();
    Ok(string.as_ref().map(TokenHash::of))
}

#[derive(Serialize)]
struct Memory {
    wasm_memory_bytes: f64,
}

fn memory(env: &Env) -> AppResult<Response> {
    enabled(env)?;
    use wasm_bindgen::JsCast;
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let bytes = memory
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length();
    Ok(http::json_response(
        200,
        &Memory {
            wasm_memory_bytes: f64::from(bytes),
        },
    ))
}

fn enabled(env: &Env) -> AppResult<()> {
    if config::bench_routes(env) {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}
