//! `GET /api/openapi.json`: the OpenAPI 3.1 document generated from the
//! shared types (`tessera_shared::openapi`, kept equal to this file by a test).

use tessera_shared::endpoints::OpenApiJson;
use worker::Response;

use super::caller::{Call, Handler, Proof};
use crate::error::AppResult;

/// `worker/openapi.json` without its indentation (worker/build.rs).
const DOCUMENT: &str = include_str!(concat!(env!("OUT_DIR"), "/openapi.min.json"));

impl Handler for OpenApiJson {
    async fn handle(_: Call<'_>, (): Proof<Self>) -> AppResult<Response> {
        let response = Response::ok(DOCUMENT)?;
        let headers = response.headers();
        headers.set("content-type", "application/json; charset=utf-8")?;
        headers.set("cache-control", "public, max-age=300")?;
        Ok(response)
    }
}
