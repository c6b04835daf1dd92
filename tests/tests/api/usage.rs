//! A token's last addresses (R22): it keeps its last 5 distinct client
//! addresses with the time of each, and its owner hears when it is used from
//! one outside them.

use std::time::Duration;

use tessera_shared::endpoints::{self, Endpoint};
use tessera_shared::tokens::TokenIntrospection;
use tessera_shared::usage::TokenUsageView;
use tessera_tests::{Portal, TestApp, eventually, spawn_app};

async fn use_from(app: &TestApp, string: &str, address: &str) -> TokenIntrospection {
    let response = app
        .script_client()
        .get(app.url(endpoints::TokenSelf::PATH))
        .bearer_auth(string)
        .header("cf-connecting-ip", address)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "from {address}");
    response.json().await.unwrap()
}

async fn new_address_notices(alice: &Portal<'_>) -> Vec<String> {
    let mut notices = alice.notices().await;
    notices.retain(|message| message.contains("new address"));
    notices
}

/// The new-address notices once there are `count` (alerts leave through the queue).
async fn new_address_notices_reach(alice: &Portal<'_>, count: usize) -> Vec<String> {
    eventually(
        Duration::from_secs(30),
        "the new-address notices",
        || async {
            let notices = new_address_notices(alice).await;
            (notices.len() >= count).then_some(notices)
        },
    )
    .await
}

#[tokio::test]
async fn a_token_keeps_its_last_five_addresses_and_its_owner_hears_of_each_new_one() {
    let app = spawn_app().await;
    let alice = app.portal("alice@demo.example").await;
    let string = alice.token_string(app.demo.power_bi_refresh()).await;

    use_from(&app, &string, "203.0.113.1").await;
    assert!(
        new_address_notices(&alice).await.is_empty(),
        "a first use is no news"
    );
    use_from(&app, &string, "198.51.100.2").await;
    let notices = new_address_notices_reach(&alice, 1).await;
    assert_eq!(notices.len(), 1, "{notices:?}");
    assert!(notices[0].contains("198.51.100.2"), "{notices:?}");
    // Known and seen a moment ago: nothing written, nobody told.
    use_from(&app, &string, "203.0.113.1").await;
    assert_eq!(new_address_notices(&alice).await.len(), 1);

    for address in ["192.0.2.3", "192.0.2.4", "2001:db8::5", "192.0.2.6"] {
        use_from(&app, &string, address).await;
    }
    use_from(&app, &string, "192.0.2.6").await;
    let usage: TokenUsageView = alice
        .read::<endpoints::TokenUsage>(app.demo.power_bi_refresh())
        .await;
    let kept: Vec<&str> = usage
        .recent_addresses
        .iter()
        .map(|seen| seen.address.as_str())
        .collect();
    assert_eq!(
        kept,
        vec![
            "192.0.2.6",
            "2001:db8::5",
            "192.0.2.4",
            "192.0.2.3",
            "198.51.100.2"
        ],
        "the last five distinct addresses, newest first"
    );
    assert!(usage.recent_addresses[0].last_seen.ends_with('Z'));
    // Three alerts a day, then one summary for the rest.
    let notices = new_address_notices_reach(&alice, 4).await;
    assert_eq!(notices.len(), 4, "{notices:#?}");
    assert_eq!(
        notices
            .iter()
            .filter(|n| n.contains("more new addresses today"))
            .count(),
        1,
        "{notices:#?}"
    );
}
