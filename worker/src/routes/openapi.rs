//! `GET /api/openapi.json`: the OpenAPI 3.1 document generated from the
//! shared types (`tessera_shared::openapi`, kept equal to this file by a test).

use worker::Response;

use crate::error::AppResult;

/// `worker/openapi.json` without its indentation (worker/build.rs).
const DOCUMENT: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi.min.json"));

pub fn get() -> AppResult<Response> {
    let response = Response::ok(DOCUMENT)?;
    response
        .headers()
        .set("content-type", "application/json; charset=utf-8")?;
    response
        .headers()
        .set("cache-control", "public, max-age=300")?;
    Ok(response)
}
