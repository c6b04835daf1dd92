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
use worker::{Env, Request, Response};

use crate::error::{AppError, AppResult};
use crate::services;
use crate::store::credentials;
use crate::{clock, config, http, secret};

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
    let found =
        credentials::find_by_secret_hash(&services::database(env)?, &presented_hash(request)?)
            .await?
            .is_some();
    Ok(http::json_response(200, &Floor { found }))
}

async fn read_write(request: &Request, env: &Env) -> AppResult<Response> {
    enabled(env)?;
    let db = services::database(env)?;
    let credential = credentials::find_by_secret_hash(&db, &presented_hash(request)?).await?;
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

/// The SHA-256 of the Bearer string presented.
fn presented_hash(request: &Request) -> AppResult<String> {
    let presented = request.headers().get("authorization")?.unwrap_or_default();
    Ok(secret::sha256_hex(presented.trim_start_matches("Bearer ")))
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
