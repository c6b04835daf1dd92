//! Request bodies several tests send, written once.

use serde_json::{Value, json};

/// `PUT /api/organization/policy`: no rule but those `rules` sets (an
/// object of the policy's fields).
pub fn token_policy(rules: Value) -> Value {
    let mut body = json!({
        "max_token_lifetime_days": null,
        "expiry_required": false,
        "scopes_allowed": ["meta_record", "report_record"],
        "allowlist_required": false,
    });
    for (rule, value) in rules.as_object().expect("rules are an object") {
        body[rule] = value.clone();
    }
    body
}

/// A policy with only a maximum lifetime (`days`: a number, null, or
/// anything a test wants refused).
pub fn lifetime_policy(days: Value) -> Value {
    token_policy(json!({ "max_token_lifetime_days": days }))
}
