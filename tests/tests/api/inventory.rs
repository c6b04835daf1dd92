//! The token inventory (R13): filters, CSV export, all-or-nothing bulk revocation.

use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::inventory::{BulkRevokeResult, InventoryPage};
use tessera_tests::{Portal, TestApp, fixtures, spawn_app};

async fn inventory(portal: &Portal<'_>, query: &str) -> reqwest::Response {
    portal
        .get_with_query::<endpoints::Inventory>((), query)
        .await
}

async fn page(portal: &Portal<'_>, query: &str) -> InventoryPage {
    let response = inventory(portal, query).await;
    assert_eq!(response.status(), 200, "{query}");
    response.json().await.unwrap()
}

async fn bulk_revoke(portal: &Portal<'_>, ids: &[i64]) -> (u16, Value) {
    let response = portal
        .client
        .post(portal.app.url(endpoints::BulkRevoke::PATH))
        .header("x-csrf-token", &portal.csrf_token)
        .json(&json!({ "token_ids": ids }))
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// A runtime of its own with 600 more tokens for alice: every fourth
/// expired, every fourth expiring within 5 days, every other one used.
async fn with_many_tokens() -> TestApp {
    TestApp::own()
        .seed(|db, demo| fixtures::inventory_tokens(db, demo.demo_org(), demo.alice()))
        .start()
        .await
}

#[tokio::test]
async fn the_inventory_lists_every_live_token_of_the_organization_with_filters_r13() {
    let app = with_many_tokens().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let all = page(&admin, "page_size=200").await;
    assert_eq!(
        all.total, 602,
        "alice's two and the 600, none of Other Org's"
    );
    assert_eq!(all.rows.len(), 200);
    assert!(
        all.rows
            .iter()
            .all(|row| row.owner_email.ends_with("@demo.example"))
    );
    assert_eq!(page(&admin, "filter=expired").await.total, 150);
    assert_eq!(page(&admin, "filter=expiring&days=7").await.total, 150);
    assert_eq!(page(&admin, "filter=expiring&days=3").await.total, 0);
    assert_eq!(page(&admin, "filter=never_used").await.total, 302);
    let expiring = page(&admin, "filter=expiring&days=7").await;
    assert!(expiring.rows.iter().all(|row| row.token.expiring_soon));
    let last = page(&admin, "page=4&page_size=200").await;
    assert_eq!(last.rows.len(), 2);
}

#[tokio::test]
async fn only_token_admins_see_the_inventory() {
    let app = spawn_app().await;
    for email in ["alice@demo.example", "sam@demo.example"] {
        let portal = app.portal(email).await;
        assert_eq!(inventory(&portal, "").await.status(), 403, "{email}");
    }
    let other = app.portal("admin@other.example").await;
    let theirs = page(&other, "").await;
    assert_eq!(theirs.total, 1, "Other Org sees only its own token");
}

#[tokio::test]
async fn the_csv_export_matches_the_grids_filter_r13() {
    let app = with_many_tokens().await;
    let admin = app.portal("sysadmin@demo.example").await;
    for query in [
        "filter=expired",
        "filter=never_used",
        "filter=expiring&days=7",
    ] {
        let mut ids = Vec::new();
        for n in 1..=2 {
            let grid = page(&admin, &format!("{query}&page={n}&page_size=200")).await;
            ids.extend(grid.rows.iter().map(|row| row.token.id));
        }
        let response = admin
            .get_with_query::<endpoints::InventoryCsv>((), query)
            .await;
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let csv = response.text().await.unwrap();
        let mut lines = csv.lines();
        assert_eq!(
            lines.next().unwrap(),
            "token_id,owner,owner_email,owner_kind,name,scope,reports,expiry_on,status,last_used_at,created_at"
        );
        let csv_ids: Vec<i64> = lines
            .map(|line| {
                line.split(',')
                    .next()
                    .unwrap()
                    .trim_matches('"')
                    .parse()
                    .unwrap()
            })
            .collect();
        assert_eq!(csv_ids, ids, "{query}");
    }
}

#[tokio::test]
async fn bulk_revoking_500_tokens_is_all_or_nothing_r13() {
    let app = with_many_tokens().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let mut ids = Vec::new();
    for n in 1..=3 {
        ids.extend(
            page(&admin, &format!("page={n}&page_size=200"))
                .await
                .rows
                .iter()
                .map(|row| row.token.id),
        );
    }
    let mut selected: Vec<i64> = ids[..499].to_vec();
    selected.push(3); // Other Org's token: the whole revocation must fail
    let (status, body) = bulk_revoke(&admin, &selected).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "bulk_revoke_incomplete");
    assert_eq!(page(&admin, "").await.total, 602, "none was revoked");
    let logged = fixtures::entries_of(&app.database(), "REVOKE");
    assert_eq!(logged, 0, "and nothing was logged");

    selected.pop();
    selected.push(ids[499]);
    let (status, body) = bulk_revoke(&admin, &selected).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_value::<BulkRevokeResult>(body)
            .unwrap()
            .revoked,
        500
    );
    assert_eq!(page(&admin, "").await.total, 102);
    let logged = fixtures::entries_of(&app.database(), "REVOKE");
    assert_eq!(logged, 500);
    let (status, _) = bulk_revoke(&admin, &selected[..1]).await;
    assert_eq!(status, 409, "already revoked");
}

/// JSON Schema counts `2.0` as the integer 2, and so does the worker, also
/// past 2^53 / 10 where a best-effort float reader lands on a tenth beside
/// the number (schemathesis found `1865472265407597.0` refused with a 400).
#[tokio::test]
async fn token_ids_written_with_a_zero_fraction_are_read_exactly() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    let response = admin
        .request::<endpoints::BulkRevoke>(())
        .header("content-type", "application/json")
        .body(r#"{"token_ids": [1865472265407597.0, 442.0, 9007199254740991.0]}"#)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        status, 409,
        "read as ids, none of them a live token: {body}"
    );
    assert_eq!(body["code"], "bulk_revoke_incomplete");
}

#[tokio::test]
async fn a_200k_token_export_arrives_whole_while_the_workers_memory_stays_flat_r13_r17() {
    const MORE: i64 = 200_000;
    let app = TestApp::own()
        .vars(&[("BENCH_ROUTES", "on")])
        .seed(|db, demo| fixtures::export_tokens(db, demo.demo_org(), demo.alice(), MORE))
        .start()
        .await;
    let admin = app.portal("sysadmin@demo.example").await;
    let before = app.wasm_memory().await;
    let response = admin
        .client
        .get(app.url(endpoints::InventoryCsv::PATH))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(
        response.headers().get("content-length").is_none(),
        "streamed"
    );
    let csv = response.text().await.unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines.len() as i64,
        1 + 2 + MORE,
        "the header, alice's two demo tokens, and every one added"
    );
    assert!(lines[0].starts_with("token_id,owner"));
    let ids: Vec<i64> = lines[1..]
        .iter()
        .map(|line| {
            line.split(',')
                .next()
                .unwrap()
                .trim_matches('"')
                .parse()
                .unwrap()
        })
        .collect();
    assert!(
        ids.windows(2).all(|pair| pair[0] < pair[1]),
        "in token id order, none twice"
    );
    let grew = app.wasm_memory().await - before;
    println!(
        "a {}-line CSV export ({} bytes): the worker's memory grew by {grew} bytes",
        lines.len(),
        csv.len()
    );
    assert!(
        grew < 4.0 * 1024.0 * 1024.0,
        "the worker held more than a few pages: its memory grew by {grew} bytes for {} bytes of CSV",
        csv.len()
    );
}
