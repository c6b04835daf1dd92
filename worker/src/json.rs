//! JSON answers: what every response with a body, an error's too, is sent as.

use serde::Serialize;
use worker::Response;

/// A JSON response that no cache keeps and no browser sniffs.
pub fn json_response<T: Serialize>(status: u16, body: &T) -> Response {
    let bytes = serde_json::to_vec(body).unwrap_or_else(|_| b"{}".to_vec());
    let response =
        Response::from_bytes(bytes).unwrap_or_else(|_| Response::empty().expect("empty response"));
    let headers = response.headers();
    let _ = headers.set("content-type", "application/json; charset=utf-8");
    let _ = headers.set("cache-control", "no-store");
    let _ = headers.set("x-content-type-options", "nosniff");
    response.with_status(status)
}
