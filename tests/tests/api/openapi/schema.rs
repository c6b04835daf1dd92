//! The strict validator: checks one real answer against what the document
//! says the operation answers, and its own self-checks.

use serde_json::{Value, json};

/// `document` made strict: an undocumented field in a response is an error.
pub(super) fn strict(mut document: Value) -> Value {
    for schema in document["components"]["schemas"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        if schema.get("properties").is_some() {
            schema["additionalProperties"] = json!(false);
        }
    }
    document
}

#[test]
#[should_panic(expected = "breaks its schema")]
fn the_check_catches_an_undocumented_field() {
    let document = strict(serde_json::from_str(&tessera_shared::openapi::document()).unwrap());
    check(
        &document,
        "get",
        "/api/health",
        200,
        r#"{"status":"ok","secret":"x"}"#,
    );
}

#[test]
#[should_panic(expected = "breaks its schema")]
fn the_check_catches_a_wrong_type() {
    let document = strict(serde_json::from_str(&tessera_shared::openapi::document()).unwrap());
    check(
        &document,
        "post",
        "/api/session",
        401,
        r#"{"code":"no_such_code","message":"x"}"#,
    );
}

/// Checks `body` against what the document says `method path` answers with `status`.
pub(super) fn check(document: &Value, method: &str, path: &str, status: u16, body: &str) {
    let operation = &document["paths"][path][method];
    assert!(operation.is_object(), "{method} {path} is not documented");
    let response = &operation["responses"][status.to_string()];
    assert!(
        response.is_object(),
        "{method} {path} answered {status}, which is not documented: {body}"
    );
    if response["content"]["text/csv"].is_object() {
        assert!(
            body.is_empty() || body.contains(','),
            "{method} {path}: not CSV: {body}"
        );
        return;
    }
    let content = &response["content"];
    let schema = content["application/json"]["schema"]
        .as_object()
        .or_else(|| content["application/problem+json"]["schema"].as_object());
    let Some(schema) = schema else {
        if path != "/api/openapi.json" {
            assert!(
                body.is_empty(),
                "{method} {path} {status} should have no body: {body}"
            );
        }
        return;
    };
    // Validate with the whole document as the schema's root, so `#/components/...` resolves.
    let mut root = document.clone();
    for (key, value) in schema {
        root[key] = value.clone();
    }
    let validator = jsonschema::draft202012::new(&root).expect("a valid schema");
    let instance: Value =
        serde_json::from_str(body).unwrap_or_else(|_| panic!("{method} {path}: not JSON: {body}"));
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "{method} {path} {status} breaks its schema: {errors:?}\n{body}"
    );
}
