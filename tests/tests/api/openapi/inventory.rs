//! The token inventory: the organization's tokens listed, exported and
//! revoked in bulk, and usage, the organization's and one token's.

use reqwest::Method;
use serde_json::json;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{Portal, TestApp};

use super::Exercise;

/// The never-used tokens, the organization's week (to an administrator and
/// to a login with the token role alone), and one token's usage.
pub(super) async fn usage(
    exercise: &mut Exercise,
    app: &TestApp,
    alice: &Portal<'_>,
    admin: &Portal<'_>,
) {
    exercise.record(
        "get",
        "/api/inventory",
        admin
            .call(Method::GET, "/api/inventory?filter=never_used", None)
            .await,
    );
    for portal in [admin, alice] {
        exercise.record(
            "get",
            "/api/inventory/usage",
            portal.call(Method::GET, "/api/inventory/usage", None).await,
        );
    }
    let usage = endpoints::TokenUsage::path(app.demo.power_bi_refresh());
    exercise.record(
        "get",
        "/api/tokens/{token_id}/usage",
        alice.call(Method::GET, &usage, None).await,
    );
    exercise.record(
        "get",
        "/api/tokens/{token_id}/usage",
        admin
            .call(Method::GET, &endpoints::TokenUsage::path(999_999), None)
            .await,
    );
}

/// The inventory listed and exported, and bulk revocations refused: an
/// unknown token, and none at all.
pub(super) async fn listing_and_revocations(
    exercise: &mut Exercise,
    alice: &Portal<'_>,
    admin: &Portal<'_>,
) {
    exercise.record(
        "get",
        "/api/inventory",
        alice.call(Method::GET, "/api/inventory", None).await,
    );
    exercise.record(
        "get",
        "/api/inventory",
        admin
            .call(Method::GET, "/api/inventory?filter=soon", None)
            .await,
    );
    let (status, _) = admin.call(Method::GET, "/api/inventory.csv", None).await;
    exercise.record("get", "/api/inventory.csv", (status, String::new()));
    for token_ids in [json!([99999]), json!([])] {
        exercise.record(
            "post",
            "/api/inventory/revocations",
            admin
                .call(
                    Method::POST,
                    "/api/inventory/revocations",
                    Some(json!({ "token_ids": token_ids })),
                )
                .await,
        );
    }
}
