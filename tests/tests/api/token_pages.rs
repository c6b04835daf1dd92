//! The Access Tokens list a page at a time (R1, R9): the worker pages a
//! login's live tokens by name, counts them, searches them by name, refuses
//! paging it does not understand, and never lists anyone else's.

use serde_json::Value;
use tessera_shared::tokens::TokenPage;
use tessera_tests::{TestApp, fixtures};

/// A runtime of its own with 120 more live tokens for alice whose names
/// differ in case (`alpha 003`, `Beta 001`, `GAMMA 002`, ...), 10 of hers
/// revoked, and tokens of bob and of Other Org's admin named like hers.
async fn with_many_tokens() -> TestApp {
    TestApp::own()
        .seed(|db, demo| {
            fixtures::tokens_differing_in_case(
                db,
                demo.demo_org(),
                demo.alice(),
                &[demo.bob(), demo.olga()],
            )
        })
        .start()
        .await
}

/// Alice's two demo tokens and the 120 live ones.
const ALICES_LIVE: i64 = 122;

async fn refusal(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.expect("a JSON error body"))
}

/// The list's order: name with ASCII letters compared case-insensitively, then id.
fn in_list_order(page: &TokenPage) -> bool {
    page.tokens.windows(2).all(|pair| {
        let key = |t: &tessera_shared::tokens::TokenView| (t.name.to_ascii_lowercase(), t.id);
        key(&pair[0]) < key(&pair[1])
    })
}

#[tokio::test]
async fn the_list_comes_a_page_at_a_time_by_name_with_the_total_r1() {
    let app = with_many_tokens().await;
    let alice = app.portal("alice@demo.example").await;

    let first = alice.token_page(app.demo.alice(), "").await;
    assert_eq!(
        (first.page, first.page_size, first.total),
        (1, 50, ALICES_LIVE),
        "page 1 of 50 by default, counting every live token and no revoked one"
    );
    assert_eq!(first.tokens.len(), 50);
    assert_eq!(first.pages(), 3);
    assert_eq!(first.owner.display_name, "Alice Analyst");
    let names: Vec<_> = first
        .tokens
        .iter()
        .take(3)
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        names,
        ["alpha 003", "alpha 006", "alpha 009"],
        "by name, whatever the case"
    );

    let everything = alice.token_page(app.demo.alice(), "page_size=200").await;
    assert_eq!(everything.tokens.len() as i64, ALICES_LIVE);
    assert!(in_list_order(&everything));
    let uppercase = everything.tokens.iter().position(|t| t.name == "GAMMA 002");
    let lowercase = everything
        .tokens
        .iter()
        .position(|t| t.name == "Nightly export");
    assert!(
        uppercase < lowercase,
        "GAMMA before Nightly: case is ignored"
    );
    assert!(
        everything
            .tokens
            .iter()
            .all(|t| t.owner_login_id == app.demo.alice() && !t.name.contains("revoked")),
        "only alice's live tokens"
    );

    // Small pages put together are the whole list, each token once, in order.
    let mut paged = Vec::new();
    for page in 1..=18 {
        let listed = alice
            .token_page(app.demo.alice(), &format!("page={page}&page_size=7"))
            .await;
        assert_eq!(
            (listed.page, listed.page_size, listed.total),
            (page, 7, ALICES_LIVE)
        );
        assert_eq!(
            listed.tokens.len(),
            if page < 18 { 7 } else { 3 },
            "page {page}"
        );
        paged.extend(listed.tokens);
    }
    assert_eq!(paged, everything.tokens);

    let past_the_end = alice.token_page(app.demo.alice(), "page=4").await;
    assert!(past_the_end.tokens.is_empty(), "page 4 of 3 is empty");
    assert_eq!(
        past_the_end.total, ALICES_LIVE,
        "and still says how many there are"
    );

    let largest = alice
        .token_page(app.demo.alice(), "page_size=200&page=1")
        .await;
    assert_eq!(largest.page_size, 200);
}

#[tokio::test]
async fn the_list_finds_tokens_by_part_of_their_name_in_any_case() {
    let app = with_many_tokens().await;
    let alice = app.portal("alice@demo.example").await;

    let gammas = alice
        .token_page(app.demo.alice(), "search=gamma&page_size=200")
        .await;
    assert_eq!(gammas.total, 40);
    assert!(gammas.tokens.iter().all(|t| t.name.starts_with("GAMMA ")));
    assert!(in_list_order(&gammas));

    let export = alice
        .token_page(app.demo.alice(), "search=%20EXPORT%20")
        .await;
    let names: Vec<_> = export.tokens.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, ["Nightly export"], "trimmed, case-insensitive");

    let second = alice
        .token_page(app.demo.alice(), "search=alpha&page=2&page_size=30")
        .await;
    assert_eq!(
        (second.total, second.tokens.len()),
        (40, 10),
        "pages of the matches"
    );

    for literal in ["%25", "_", "'", "alpha%25"] {
        let none = alice
            .token_page(app.demo.alice(), &format!("search={literal}"))
            .await;
        assert_eq!(
            none.total, 0,
            "{literal} is matched as it is, not as a pattern"
        );
    }
    let all = alice.token_page(app.demo.alice(), "search=").await;
    assert_eq!(all.total, ALICES_LIVE, "an empty search lists everything");
}

#[tokio::test]
async fn paging_it_does_not_understand_is_refused_clearly() {
    let app = with_many_tokens().await;
    let alice = app.portal("alice@demo.example").await;
    for (query, names) in [
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=two", "page"),
        ("page=1.5", "page"),
        ("page=1000001", "page"),
        ("page_size=0", "page_size"),
        ("page_size=201", "page_size"),
        ("page_size=-5", "page_size"),
        ("page_size=lots", "page_size"),
        ("page=99999999999999999999", "page"),
    ] {
        let (status, body) = refusal(alice.list_tokens_with(app.demo.alice(), query).await).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert_eq!(body["code"], "invalid_query", "{query}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(
            message.starts_with(&format!("{names} must be")),
            "{query}: the message names the parameter: {message}"
        );
    }
}

#[tokio::test]
async fn no_page_holds_another_logins_or_organizations_tokens_r9() {
    let app = with_many_tokens().await;
    let alice = app.portal("alice@demo.example").await;
    let admin = app.portal("sysadmin@demo.example").await;
    let other = app.portal("admin@other.example").await;

    // Bob's and Other Org's `alpha ...` tokens never join alice's list, whoever reads it.
    for reader in [&alice, &admin] {
        let alphas = reader
            .token_page(app.demo.alice(), "search=alpha&page_size=200")
            .await;
        assert_eq!(alphas.total, 40, "alice's 40, not bob's or Other Org's");
        assert!(
            alphas
                .tokens
                .iter()
                .all(|t| t.owner_login_id == app.demo.alice())
        );
    }
    let bobs = admin.token_page(app.demo.bob(), "page_size=200").await;
    assert_eq!(bobs.total, 30);
    assert!(
        bobs.tokens
            .iter()
            .all(|t| t.owner_login_id == app.demo.bob())
    );
    assert_eq!(bobs.owner.display_name, "Bob Builder");

    // Paging changes nothing about who may read: 403 within the organization, 404 across.
    for query in ["page=2", "page_size=200&search=alpha"] {
        let (status, body) = refusal(alice.list_tokens_with(app.demo.bob(), query).await).await;
        assert_eq!(status, 403, "{query}: {body}");
        let (status, body) = refusal(admin.list_tokens_with(app.demo.olga(), query).await).await;
        assert_eq!(status, 404, "{query}: {body}");
        assert!(!body.to_string().contains("Other Org"), "{body}");
        let (status, body) = refusal(other.list_tokens_with(app.demo.alice(), query).await).await;
        assert_eq!(status, 404, "{query}: {body}");
        assert!(!body.to_string().contains("alpha"), "{body}");
    }
    let theirs = other.token_page(app.demo.olga(), "page_size=200").await;
    assert_eq!(
        theirs.total, 31,
        "Other Org's admin: the demo token and the 30"
    );
}
