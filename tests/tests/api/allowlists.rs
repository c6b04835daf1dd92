//! Where a token works (R23): a token limited to addresses and ranges
//! is refused from anywhere else, with its own code and a Token Logs entry
//! naming the reason; the organization's default list starts new tokens.
//! Tests set the client address as the runtime sees it (`CF-Connecting-IP`).

use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::tokens::TokenView;
use tessera_tests::{TestApp, spawn_app};

async fn meta_from(app: &TestApp, address: &str, token_string: &str) -> reqwest::Response {
    app.script_client()
        .get(app.url(endpoints::Meta::PATH))
        .header("cf-connecting-ip", address)
        .bearer_auth(token_string)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_allowlisted_token_works_from_its_addresses_only() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let created = alice
        .request::<endpoints::CreateToken>(app.demo.alice())
        .json(
            &json!({ "name": "Office only", "expiry": "30_days", "scope": ["meta_record"],
            "allowed_addresses": ["203.0.113.77/24", " 2001:db8::/32 ", "192.0.2.10"] }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let token: TokenView = created.json().await.unwrap();
    assert_eq!(
        token.allowed_addresses,
        vec!["203.0.113.0/24", "2001:db8::/32", "192.0.2.10/32"],
        "kept in canonical form"
    );
    let string = alice.token_string(token.id).await;

    for inside in ["203.0.113.9", "2001:db8:5::1", "192.0.2.10"] {
        assert_eq!(
            meta_from(&app, inside, &string).await.status(),
            200,
            "{inside}"
        );
    }
    for outside in ["198.51.100.1", "192.0.2.11", "2001:db9::1"] {
        let refused = meta_from(&app, outside, &string).await;
        assert_eq!(refused.status(), 403, "{outside}");
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["code"], "address_not_allowed");
        assert_eq!(body["reason"], "address_not_allowed");
        assert!(!body.to_string().contains(&string));
    }
    let failures: Value = alice
        .token_logs(&format!(
            "token_id={}&activity=AUTHENTICATE&result=Fail",
            token.id
        ))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(failures["total"], 3);
    assert_eq!(failures["entries"][0]["detail"], "address not allowed");

    // Changing the list is a change like any other (R6): the string stops.
    let edited = alice
        .edit(
            token.id,
            json!({ "name": "Office only", "expiry": token.expiry_on, "scope": ["meta_record"],
                "version": alice.tokens_of(app.demo.alice()).await.iter()
                    .find(|t| t.id == token.id).unwrap().version,
                "allowed_addresses": [] }),
        )
        .await;
    assert_eq!(edited.status(), 200);
    let edited: TokenView = edited.json().await.unwrap();
    assert!(edited.allowed_addresses.is_empty(), "anywhere now");
    assert_eq!(meta_from(&app, "203.0.113.9", &string).await.status(), 401);
    let anywhere = alice.token_string(token.id).await;
    assert_eq!(
        meta_from(&app, "198.51.100.1", &anywhere).await.status(),
        200
    );
}

#[tokio::test]
async fn the_organization_s_default_list_starts_new_tokens_and_bad_entries_are_refused() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let alice = app.portal("alice@demo.example").await;
    let set = |portal: &tessera_tests::Portal<'_>, addresses: Value| {
        portal
            .request::<endpoints::SetDefaultAllowlist>(())
            .json(&json!({ "addresses": addresses }))
    };
    for bad in [json!(["example.com"]), json!(["10.0.0.0/33"])] {
        let response = set(&admin, bad.clone()).send().await.unwrap();
        assert_eq!(response.status(), 422, "{bad}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["field"], "allowed_addresses");
    }
    assert_eq!(
        set(&alice, json!(["10.0.0.0/8"]))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let saved: Value = set(&admin, json!(["10.1.0.0/16"]))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(saved["default_allowed_addresses"], json!(["10.1.0.0/16"]));

    // A token created without a list gets the default; one with a list keeps its own.
    let defaulted = alice.new_token("Defaulted", &["meta_record"]).await;
    assert_eq!(defaulted.allowed_addresses, vec!["10.1.0.0/16"]);
    let own = alice
        .request::<endpoints::CreateToken>(app.demo.alice())
        .json(
            &json!({ "name": "Own list", "expiry": "30_days", "scope": ["meta_record"],
            "allowed_addresses": [] }),
        )
        .send()
        .await
        .unwrap();
    let own: TokenView = own.json().await.unwrap();
    assert!(own.allowed_addresses.is_empty());

    let refused = alice
        .request::<endpoints::CreateToken>(app.demo.alice())
        .json(
            &json!({ "name": "Bad list", "expiry": "30_days", "scope": ["meta_record"],
            "allowed_addresses": ["203.0.113.300"] }),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["field"], "allowed_addresses");
    assert!(
        body["message"].as_str().unwrap().contains("203.0.113.300"),
        "{body}"
    );
}
