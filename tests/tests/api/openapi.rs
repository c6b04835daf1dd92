//! The OpenAPI document against the running worker: every documented
//! operation is routed, and real responses match the documented schemas.
//!
//! One test drives the whole API on one worker; each submodule drives one
//! part of it. The parts run in a fixed order because later requests build on
//! what earlier ones left (a token created, then generated, used, rotated,
//! edited and revoked), and the test ends by checking that every documented
//! operation was reached.

mod inventory;
mod organization;
mod public;
mod schema;
mod session_and_logins;
mod token_api;
mod tokens;

use reqwest::Response;
use serde_json::Value;
use tessera_tests::{TestApp, spawn_app};

/// The strict document, and which of its operations real requests reached.
struct Exercise {
    document: Value,
    seen: Vec<(String, String)>,
}

impl Exercise {
    /// Reads the served document, which must be the one `shared` describes,
    /// and makes it strict.
    async fn start(app: &TestApp) -> Self {
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
        Exercise {
            document: schema::strict(document),
            seen: Vec::new(),
        }
    }

    /// Checks an answer of `method template` against the document and notes
    /// the operation as exercised.
    fn record(&mut self, method: &str, template: &str, (status, body): (u16, String)) {
        schema::check(&self.document, method, template, status, &body);
        self.seen.push((method.to_owned(), template.to_owned()));
    }

    fn assert_every_operation_was_exercised(&self) {
        for (path, operations) in self.document["paths"].as_object().unwrap() {
            for method in operations.as_object().unwrap().keys() {
                assert!(
                    self.seen.contains(&(method.clone(), path.clone())),
                    "{method} {path} was not exercised"
                );
            }
        }
    }
}

/// A response's status and body text, as [`Exercise::record`] takes them.
async fn answer(response: Response) -> (u16, String) {
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn real_responses_match_the_documented_schemas() {
    let app = spawn_app().await;
    let mut exercise = Exercise::start(&app).await;
    let alice = app.portal("alice@demo.example").await;

    public::health_and_document(&mut exercise, &app).await;
    session_and_logins::session_and_sign_in(&mut exercise, &app, &alice).await;
    let admin = app.portal("sysadmin@demo.example").await;
    session_and_logins::logins_and_changes(&mut exercise, &app, &alice, &admin).await;
    inventory::usage(&mut exercise, &app, &alice, &admin).await;
    organization::settings(&mut exercise, &alice, &admin).await;
    organization::approvals(&mut exercise, &alice, &admin).await;
    organization::audit_stream(&mut exercise, &alice, &admin).await;
    session_and_logins::new_logins(&mut exercise, &admin).await;
    session_and_logins::service_accounts(&mut exercise, &alice, &admin).await;
    inventory::listing_and_revocations(&mut exercise, &alice, &admin).await;
    let token = tokens::create_and_generate(&mut exercise, &app, &alice).await;
    token_api::calls_with_token_strings(&mut exercise, &app, &alice, &token.string).await;
    tokens::rotate_and_edit(&mut exercise, &alice, &token).await;
    tokens::logs(&mut exercise, &alice).await;
    tokens::revoke(&mut exercise, &alice, &token).await;
    organization::allowed_addresses(&mut exercise, &alice, &admin).await;
    public::leak_reports(&mut exercise, &app).await;
    organization::notifications(&mut exercise, &alice, &admin).await;
    session_and_logins::sign_out(&mut exercise, &app, &alice).await;

    exercise.assert_every_operation_was_exercised();
}
