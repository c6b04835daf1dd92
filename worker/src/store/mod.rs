//! Storage: the SQL Tessera runs against D1 and the keys it keeps in KV.
//! Stores know nothing of the rules; services decide, stores read and write.

pub mod logins;
pub mod sessions;
pub mod sign_in_throttle;

use wasm_bindgen::JsValue;

/// D1 binds JavaScript numbers; every integer Tessera stores fits in 53 bits.
pub fn int(value: i64) -> JsValue {
    JsValue::from_f64(value as f64)
}

pub fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}
