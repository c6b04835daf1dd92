//! The OpenAPI document against the running worker: every documented
//! operation is routed, and real responses match the documented schemas.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{TestApp, spawn_app};

/// The served document, made strict: an undocumented field in a response is an error.
async fn strict_document(app: &TestApp) -> Value {
    let response = app
        .script_client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let document: Value = response.json().await.unwrap();
    assert_eq!(
        document,
        serde_json::from_str::<Value>(&tessera_shared::openapi::document()).unwrap()
    );
    strict(document)
}

fn strict(mut document: Value) -> Value {
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
fn check(document: &Value, method: &str, path: &str, status: u16, body: &str) {
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

#[tokio::test]
async fn real_responses_match_the_documented_schemas() {
    let app = spawn_app().await;
    let document = strict_document(&app).await;
    let alice = app.portal("alice@demo.example").await;

    let mut seen = Vec::new();
    let mut record = |method: &str, template: &str, (status, body): (u16, String)| {
        check(&document, method, template, status, &body);
        seen.push((method.to_owned(), template.to_owned()));
    };

    let health = app
        .script_client()
        .get(app.url("/api/health"))
        .send()
        .await
        .unwrap();
    record(
        "get",
        "/api/health",
        (health.status().as_u16(), health.text().await.unwrap()),
    );
    let spec = app
        .script_client()
        .get(app.url("/api/openapi.json"))
        .send()
        .await
        .unwrap();
    record(
        "get",
        "/api/openapi.json",
        (spec.status().as_u16(), String::new()),
    );
    record(
        "get",
        "/api/session",
        alice.call(Method::GET, "/api/session", None).await,
    );
    let anonymous = app
        .new_client()
        .get(app.url("/api/session"))
        .send()
        .await
        .unwrap();
    record(
        "get",
        "/api/session",
        (anonymous.status().as_u16(), anonymous.text().await.unwrap()),
    );
    let bad_sign_in = app
        .sign_in_with(&app.new_client(), "alice@demo.example", "wrong")
        .await;
    record(
        "post",
        "/api/session",
        (
            bad_sign_in.status().as_u16(),
            bad_sign_in.text().await.unwrap(),
        ),
    );
    let good_sign_in = app
        .sign_in_with(
            &app.new_client(),
            "dave@demo.example",
            tessera_tests::DEMO_PASSWORD,
        )
        .await;
    record(
        "post",
        "/api/session",
        (
            good_sign_in.status().as_u16(),
            good_sign_in.text().await.unwrap(),
        ),
    );

    record(
        "get",
        "/api/logins/{login_id}/tokens",
        alice
            .call(
                Method::GET,
                &endpoints::ListTokens::path(app.demo.alice()),
                None,
            )
            .await,
    );
    record(
        "get",
        "/api/logins",
        alice.call(Method::GET, "/api/logins", None).await,
    );
    let admin = app.portal("sysadmin@demo.example").await;
    record(
        "get",
        "/api/logins",
        admin.call(Method::GET, "/api/logins?search=a", None).await,
    );
    let change = |change: &str| Some(json!({ "change": change }));
    record(
        "post",
        "/api/logins/{login_id}/changes",
        admin
            .call(
                Method::POST,
                &endpoints::ChangeLogin::path(app.demo.dave()),
                change("add_personal_role"),
            )
            .await,
    );
    record(
        "post",
        "/api/logins/{login_id}/changes",
        admin
            .call(
                Method::POST,
                &endpoints::ChangeLogin::path(app.demo.dave()),
                change("add_admin_role"),
            )
            .await,
    );
    record(
        "post",
        "/api/logins/{login_id}/changes",
        admin
            .call(
                Method::POST,
                &endpoints::ChangeLogin::path(app.demo.olga()),
                change("disable"),
            )
            .await,
    );
    record(
        "get",
        "/api/inventory",
        admin
            .call(Method::GET, "/api/inventory?filter=never_used", None)
            .await,
    );
    record(
        "get",
        "/api/inventory/usage",
        admin.call(Method::GET, "/api/inventory/usage", None).await,
    );
    record(
        "get",
        "/api/inventory/usage",
        alice.call(Method::GET, "/api/inventory/usage", None).await,
    );
    let usage = endpoints::TokenUsage::path(app.demo.power_bi_refresh());
    record(
        "get",
        "/api/tokens/{token_id}/usage",
        alice.call(Method::GET, &usage, None).await,
    );
    record(
        "get",
        "/api/tokens/{token_id}/usage",
        admin
            .call(Method::GET, &endpoints::TokenUsage::path(999_999), None)
            .await,
    );
    record(
        "get",
        "/api/organization",
        alice.call(Method::GET, "/api/organization", None).await,
    );
    let policy = |days: Value| Some(json!({ "max_token_lifetime_days": days }));
    record(
        "put",
        "/api/organization/policy",
        admin
            .call(Method::PUT, "/api/organization/policy", policy(json!(400)))
            .await,
    );
    record(
        "put",
        "/api/organization/policy",
        admin
            .call(Method::PUT, "/api/organization/policy", policy(json!(0)))
            .await,
    );
    record(
        "put",
        "/api/organization/policy",
        alice
            .call(Method::PUT, "/api/organization/policy", policy(Value::Null))
            .await,
    );
    record(
        "put",
        "/api/organization/policy",
        admin
            .call(Method::PUT, "/api/organization/policy", policy(Value::Null))
            .await,
    );
    record(
        "put",
        "/api/organization/basic-auth",
        admin
            .call(
                Method::PUT,
                "/api/organization/basic-auth",
                Some(json!({ "enabled": true })),
            )
            .await,
    );
    record(
        "put",
        "/api/organization/basic-auth",
        alice
            .call(
                Method::PUT,
                "/api/organization/basic-auth",
                Some(json!({ "enabled": false })),
            )
            .await,
    );
    for (portal, days) in [(&admin, 90), (&admin, 10), (&alice, 90)] {
        record(
            "put",
            "/api/organization/log-retention",
            portal
                .call(
                    Method::PUT,
                    "/api/organization/log-retention",
                    Some(json!({ "days": days })),
                )
                .await,
        );
    }
    let new_login = |email: &str| {
        Some(
            json!({ "display_name": "Nina New", "email": email, "password": "a-long-enough-password", "system_admin": false, "personal_token_role": true }),
        )
    };
    record(
        "post",
        "/api/logins",
        admin
            .call(Method::POST, "/api/logins", new_login("nina@demo.example"))
            .await,
    );
    record(
        "post",
        "/api/logins",
        admin
            .call(Method::POST, "/api/logins", new_login("nina@demo.example"))
            .await,
    );
    record(
        "get",
        "/api/inventory",
        alice.call(Method::GET, "/api/inventory", None).await,
    );
    record(
        "get",
        "/api/inventory",
        admin
            .call(Method::GET, "/api/inventory?filter=soon", None)
            .await,
    );
    let (status, _) = admin.call(Method::GET, "/api/inventory.csv", None).await;
    record("get", "/api/inventory.csv", (status, String::new()));
    record(
        "post",
        "/api/inventory/revocations",
        admin
            .call(
                Method::POST,
                "/api/inventory/revocations",
                Some(json!({ "token_ids": [99999] })),
            )
            .await,
    );
    record(
        "post",
        "/api/inventory/revocations",
        admin
            .call(
                Method::POST,
                "/api/inventory/revocations",
                Some(json!({ "token_ids": [] })),
            )
            .await,
    );
    record(
        "get",
        "/api/logins/{login_id}/tokens",
        alice
            .call(
                Method::GET,
                &endpoints::ListTokens::path(app.demo.sys_admin()),
                None,
            )
            .await,
    );
    let create =
        json!({ "name": "Schema", "expiry": "never", "scope": ["meta_record", "report_record"] });
    let (status, body) = alice
        .call(
            Method::POST,
            &endpoints::ListTokens::path(app.demo.alice()),
            Some(create.clone()),
        )
        .await;
    let created: Value = serde_json::from_str(&body).unwrap();
    record("post", "/api/logins/{login_id}/tokens", (status, body));
    record(
        "post",
        "/api/logins/{login_id}/tokens",
        alice
            .call(
                Method::POST,
                &endpoints::ListTokens::path(app.demo.alice()),
                Some(create),
            )
            .await,
    );
    let id = created["id"].as_i64().unwrap();
    let (status, body) = alice
        .call(Method::POST, &format!("/api/tokens/{id}/generate"), None)
        .await;
    let string = serde_json::from_str::<Value>(&body).unwrap()["token_string"]
        .as_str()
        .unwrap()
        .to_owned();
    record("post", "/api/tokens/{token_id}/generate", (status, body));
    record(
        "post",
        "/api/tokens/{token_id}/generate",
        alice
            .call(Method::POST, "/api/tokens/99999/generate", None)
            .await,
    );

    for (path, template) in [
        ("/api/meta", "/api/meta"),
        ("/api/meta/reports", "/api/meta/reports"),
        ("/api/data?page=2", "/api/data"),
        (
            "/api/meta/reports/Energy%20by%20location",
            "/api/meta/reports/{report_name}",
        ),
        (
            "/api/data/Water%20by%20location?page=2&page_size=10",
            "/api/data/{report_name}",
        ),
        ("/api/tokens/self", "/api/tokens/self"),
    ] {
        let ok = app.api_get(path, &string).await;
        record(
            "get",
            template,
            (ok.status().as_u16(), ok.text().await.unwrap()),
        );
        let refused = app.api_get(path, "tessera_nonsense").await;
        record(
            "get",
            template,
            (refused.status().as_u16(), refused.text().await.unwrap()),
        );
    }
    let report_only = alice.token_string(app.demo.nightly_export()).await;
    let scope = app.api_get("/api/meta", &report_only).await;
    record(
        "get",
        "/api/meta",
        (scope.status().as_u16(), scope.text().await.unwrap()),
    );
    for (path, template) in [
        (
            "/api/meta/reports/Energy%20by%20location",
            "/api/meta/reports/{report_name}",
        ),
        ("/api/data/No%20such%20report", "/api/data/{report_name}"),
        (
            "/api/data/Water%20by%20location?page=0",
            "/api/data/{report_name}",
        ),
    ] {
        let refused = app.api_get(path, &report_only).await;
        record(
            "get",
            template,
            (refused.status().as_u16(), refused.text().await.unwrap()),
        );
    }
    let rotate_self = |string: String| {
        let app = &app;
        async move {
            let response = app
                .script_client()
                .post(app.url("/api/tokens/self/rotate"))
                .bearer_auth(string)
                .json(&json!({"grace": "1h"}))
                .send()
                .await
                .unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    // Not allowed to rotate itself, an unknown string, and one that is allowed.
    record(
        "post",
        "/api/tokens/self/rotate",
        rotate_self(report_only.clone()).await,
    );
    record(
        "post",
        "/api/tokens/self/rotate",
        rotate_self("tessera_nonsense".into()).await,
    );
    let (_, body) = alice
        .call(
            Method::POST,
            &format!("/api/logins/{}/tokens", app.demo.alice()),
            Some(json!({ "name": "Self-rotating", "expiry": "30_days",
                "scope": ["report_record"], "self_rotation": true })),
        )
        .await;
    let self_rotating = serde_json::from_str::<Value>(&body).unwrap()["id"]
        .as_i64()
        .unwrap();
    let self_rotating = alice.token_string(self_rotating).await;
    record(
        "post",
        "/api/tokens/self/rotate",
        rotate_self(self_rotating).await,
    );
    record(
        "post",
        "/api/tokens/{token_id}/rotate",
        alice
            .call(
                Method::POST,
                &format!("/api/tokens/{id}/rotate"),
                Some(json!({"grace": "24h"})),
            )
            .await,
    );
    record(
        "post",
        "/api/tokens/{token_id}/rotate",
        alice
            .call(
                Method::POST,
                "/api/tokens/99999/rotate",
                Some(json!({"grace": "24h"})),
            )
            .await,
    );
    let paging = app.api_get("/api/data?page=0", &report_only).await;
    record(
        "get",
        "/api/data",
        (paging.status().as_u16(), paging.text().await.unwrap()),
    );

    let edit = json!({ "name": "Schema 2", "expiry": "never", "scope": ["meta_record"], "version": created["version"] });
    record(
        "put",
        "/api/tokens/{token_id}",
        alice
            .call(
                Method::PUT,
                &format!("/api/tokens/{id}"),
                Some(edit.clone()),
            )
            .await,
    );
    record(
        "put",
        "/api/tokens/{token_id}",
        alice
            .call(Method::PUT, &format!("/api/tokens/{id}"), Some(edit))
            .await,
    );
    record(
        "get",
        "/api/token-logs",
        alice
            .call(Method::GET, "/api/token-logs?page_size=200", None)
            .await,
    );
    record(
        "get",
        "/api/token-logs",
        alice
            .call(Method::GET, "/api/token-logs?owner=all", None)
            .await,
    );
    record(
        "get",
        "/api/token-logs",
        alice
            .call(Method::GET, "/api/token-logs?page=x", None)
            .await,
    );
    for query in ["", "?owner=all", "?activity=nothing"] {
        record(
            "get",
            "/api/token-logs.csv",
            alice
                .call(Method::GET, &format!("/api/token-logs.csv{query}"), None)
                .await,
        );
    }
    record(
        "delete",
        "/api/tokens/{token_id}",
        alice
            .call(Method::DELETE, &format!("/api/tokens/{id}"), None)
            .await,
    );
    record(
        "delete",
        "/api/tokens/{token_id}",
        alice
            .call(Method::DELETE, &format!("/api/tokens/{id}"), None)
            .await,
    );
    for (portal, addresses) in [
        (&admin, json!(["10.1.0.0/16"])),
        (&admin, json!(["nonsense"])),
        (&admin, json!([])),
        (&alice, json!([])),
    ] {
        record(
            "put",
            "/api/organization/allowed-addresses",
            portal
                .call(
                    Method::PUT,
                    "/api/organization/allowed-addresses",
                    Some(json!({ "addresses": addresses })),
                )
                .await,
        );
    }

    // Leak reports: accepted, refused for their size; a scan report unsigned.
    for credentials in [json!(["tessera_not_a_real_one"]), json!([])] {
        let response = app
            .script_client()
            .post(app.url("/api/credentials/revoke"))
            .json(&json!({ "credentials": credentials }))
            .send()
            .await
            .unwrap();
        record(
            "post",
            "/api/credentials/revoke",
            (response.status().as_u16(), response.text().await.unwrap()),
        );
    }
    let response = app
        .script_client()
        .post(app.url("/api/credentials/secret-scanning"))
        .json(&json!([{ "token": "tessera_x", "type": "t", "url": "", "source": "content" }]))
        .send()
        .await
        .unwrap();
    record(
        "post",
        "/api/credentials/secret-scanning",
        (response.status().as_u16(), response.text().await.unwrap()),
    );

    // The unused-token policy, the webhook, its deliveries and the notices.
    for days in [json!(90), json!(10), Value::Null] {
        record(
            "put",
            "/api/organization/stale-tokens",
            admin
                .call(
                    Method::PUT,
                    "/api/organization/stale-tokens",
                    Some(json!({ "days": days })),
                )
                .await,
        );
    }
    record(
        "put",
        "/api/organization/stale-tokens",
        alice
            .call(
                Method::PUT,
                "/api/organization/stale-tokens",
                Some(json!({ "days": 90 })),
            )
            .await,
    );
    record(
        "post",
        "/api/organization/webhook/test",
        admin
            .call(Method::POST, "/api/organization/webhook/test", None)
            .await,
    );
    let receiver = tessera_tests::receiver::Receiver::start(&[]).await;
    for url in [receiver.url.as_str(), "http://hooks.example.com/x"] {
        record(
            "put",
            "/api/organization/webhook",
            admin
                .call(
                    Method::PUT,
                    "/api/organization/webhook",
                    Some(json!({ "url": url })),
                )
                .await,
        );
    }
    record(
        "post",
        "/api/organization/webhook/test",
        admin
            .call(Method::POST, "/api/organization/webhook/test", None)
            .await,
    );
    for portal in [&admin, &alice] {
        record(
            "get",
            "/api/organization/webhook/deliveries",
            portal
                .call(Method::GET, "/api/organization/webhook/deliveries", None)
                .await,
        );
    }
    record(
        "get",
        "/api/notices",
        alice.call(Method::GET, "/api/notices", None).await,
    );
    record(
        "delete",
        "/api/notices/{notice_id}",
        alice.call(Method::DELETE, "/api/notices/99999", None).await,
    );
    record(
        "delete",
        "/api/session",
        alice.call(Method::DELETE, "/api/session", None).await,
    );
    // Signed out, then every session of a login that is still signed in.
    record(
        "delete",
        "/api/sessions",
        alice.call(Method::DELETE, "/api/sessions", None).await,
    );
    let dave = app.portal("dave@demo.example").await;
    record(
        "delete",
        "/api/sessions",
        dave.call(Method::DELETE, "/api/sessions", None).await,
    );

    // Every documented operation was exercised.
    for (path, operations) in document["paths"].as_object().unwrap() {
        for method in operations.as_object().unwrap().keys() {
            assert!(
                seen.contains(&(method.clone(), path.clone())),
                "{method} {path} was not exercised"
            );
        }
    }
}
