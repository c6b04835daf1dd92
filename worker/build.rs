//! Embeds the OpenAPI document (`openapi.json`, kept readable in the
//! repository) without its indentation: the bytes the worker carries and
//! sends for `GET /api/openapi.json` drop by about half.

use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=openapi.json");
    let document = std::fs::read_to_string("openapi.json").expect("worker/openapi.json");
    let value: serde_json::Value = serde_json::from_str(&document).expect("openapi.json is JSON");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    std::fs::write(
        Path::new(&out).join("openapi.min.json"),
        serde_json::to_string(&value).expect("JSON serializes"),
    )
    .expect("write the compact document");
}
