//! `GET /api/health`: answers without touching storage, for load balancers
//! and for the test harness waiting for the runtime.

use tessera_shared::health::Health;
use worker::Response;

use crate::error::AppResult;
use crate::http;

pub fn get() -> AppResult<Response> {
    Ok(http::json_response(
        200,
        &Health {
            status: "ok".into(),
        },
    ))
}
