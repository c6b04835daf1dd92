//! Reference routes for `make bench`, the floor the real API is compared
//! with. They answer only when the runtime was started with the variable
//! `BENCH_ROUTES=on`, which only the bench sets: wrangler.toml has no such
//! variable, so a deployment answers 404 here like for any unknown path.
//!
//! - `GET /api/bench/floor` touches no storage: the runtime's own cost.
//! - `GET /api/bench/read` makes exactly the one indexed D1 point read a
//!   token check needs (the token row by the SHA-256 of the Bearer string).

use serde::Serialize;
use worker::{Env, Request, Response};

use crate::error::{AppError, AppResult};
use crate::store::tokens;
use crate::{config, http, secret};

#[derive(Serialize)]
struct Floor {
    found: bool,
}

pub fn floor(env: &Env) -> AppResult<Response> {
    enabled(env)?;
    Ok(http::json_response(200, &Floor { found: false }))
}

pub async fn read(request: &Request, env: &Env) -> AppResult<Response> {
    enabled(env)?;
    let presented = request.headers().get("authorization")?.unwrap_or_default();
    let hash = secret::sha256_hex(presented.trim_start_matches("Bearer "));
    let found = tokens::find_by_secret_hash(&env.d1("DB")?, &hash)
        .await?
        .is_some();
    Ok(http::json_response(200, &Floor { found }))
}

fn enabled(env: &Env) -> AppResult<()> {
    if config::bench_routes(env) {
        Ok(())
    } else {
        Err(AppError::not_found())
    }
}
