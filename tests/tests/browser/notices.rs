//! Notices that triage (R18, R21, R22): a person with many notices sees
//! their tokens on the first screen, the count in the header, the security
//! alert before 40 expiry notices, answers the alert with Revoke token, and
//! dismisses a day's expiries in one go; on a desktop and on a phone, in
//! light and dark, with axe finding nothing.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use fantoccini::Locator;
use tessera_tests::{Browser, TestApp, eventually, fixtures, known_token_string};

const EXPIRING: usize = 40;

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
}

fn in_a_week() -> String {
    let date = time::OffsetDateTime::from_unix_timestamp(now() + 7 * 86_400)
        .unwrap()
        .date();
    tessera_shared::expiry::format_date(date)
}

/// Alice with 40 tokens expiring in a week and their notices, a
/// new-address alert about Power BI refresh and an unused-token warning
/// about Nightly export, as the runtime writes them.
async fn alice_with_many_notices() -> TestApp {
    let (_, hash) = known_token_string(71);
    let expiry_on = in_a_week();
    TestApp::own()
        .seed(|db, demo| {
            fixtures::give_string(db, demo.power_bi_refresh(), &hash);
            for n in 1..=EXPIRING {
                let name = format!("Expiring export {n:02}");
                let token = fixtures::add_token(
                    db,
                    &fixtures::SeededToken {
                        id: None,
                        organization: demo.demo_org(),
                        owner: demo.alice(),
                        name: &name,
                        scope_meta: true,
                        scope_report: false,
                        expiry_on: Some(&expiry_on),
                        secret_hash: None,
                        created_at: now() - 86_400,
                        created_by: demo.alice(),
                    },
                );
                let message = format!(
                    "Your token “{name}” works until the end of {expiry_on} (UTC), in 7 days: \
                     to keep its scripts working, create a new token and move them to it before then."
                );
                fixtures::add_notice(db, demo.alice(), Some(token), "expiring", &message, now() - 60);
            }
            fixtures::add_notice(
                db,
                demo.alice(),
                Some(demo.nightly_export()),
                "stale_soon",
                "Your token “Nightly export” has not been used for a while: it will be revoked soon unless it is used.",
                now() - 30,
            );
            fixtures::add_notice(
                db,
                demo.alice(),
                Some(demo.power_bi_refresh()),
                "new_address",
                "Your token “Power BI refresh” was used from a new address: 198.51.100.7 (country unknown). If that was not one of your scripts, revoke the token.",
                now() - 90,
            );
        })
        .start()
        .await
}

async fn text_of(browser: &Browser, css: &str) -> String {
    browser.find(css).await.text().await.unwrap_or_default()
}

/// The top of the first grid row, and the window's height.
async fn first_row_top(browser: &Browser) -> (f64, f64) {
    browser.find(".grid tbody tr[aria-label]").await;
    let facts = browser
        .client
        .execute(
            "const row = document.querySelector('.grid tbody tr[aria-label]');\
             return [row.getBoundingClientRect().top, window.innerHeight];",
            vec![],
        )
        .await
        .unwrap();
    (facts[0].as_f64().unwrap(), facts[1].as_f64().unwrap())
}

#[tokio::test]
async fn the_alert_comes_first_and_a_days_expiries_go_in_one_click_on_a_desktop_and_a_phone() {
    let app = alice_with_many_notices().await;
    let alice = app.portal("alice@demo.example").await;
    let browser = Browser::start().await;
    browser.resize(1400, 900, false).await;
    browser.sign_in(&app, "alice@demo.example").await;

    // The header counts them; the bar leads with the alert; the grid is
    // on the first screen.
    let count = text_of(&browser, ".notices-count").await;
    assert!(count.contains("42"), "{count}");
    let bar = eventually(Duration::from_secs(10), "the bar's alert", || async {
        let bar = text_of(&browser, ".notices-bar").await;
        bar.contains("1 security alert").then_some(bar)
    })
    .await;
    assert!(
        bar.contains("42 notices") && bar.contains("198.51.100.7"),
        "{bar}"
    );
    let (top, height) = first_row_top(&browser).await;
    assert!(top < height, "the grid starts at {top} px of {height}");

    // The header's count opens the list at its title.
    browser.find(".notices-count").await.click().await.unwrap();
    eventually(
        Duration::from_secs(5),
        "the list open and in focus",
        || async {
            let focused = browser.client.active_element().await.ok()?;
            let id = focused.attr("id").await.ok()??;
            (id == "notices-title").then_some(())
        },
    )
    .await;
    let headings: Vec<String> = {
        let mut texts = Vec::new();
        for heading in browser
            .client
            .find_all(Locator::Css("#notices-list h3"))
            .await
            .unwrap()
        {
            texts.push(heading.text().await.unwrap());
        }
        texts
    };
    assert_eq!(headings, ["Security alerts", "Warnings", "Expiring tokens"]);
    let group = text_of(&browser, ".expiry-group").await;
    assert!(
        group.contains(&format!(
            "{EXPIRING} tokens expire on {} (UTC)",
            in_a_week()
        )),
        "{group}"
    );
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");

    // Revoke token asks in place, then acts: said beside it, gone from the grid.
    browser.click_button("Revoke token").await;
    browser.click_button("Revoke now").await;
    let said = eventually(Duration::from_secs(10), "the revocation said", || async {
        let said = text_of(&browser, ".notices-status").await;
        said.contains("revoked").then_some(said)
    })
    .await;
    assert!(said.contains("“Power BI refresh”"), "{said}");
    eventually(
        Duration::from_secs(10),
        "the row gone from the grid",
        || async {
            let rows = browser
                .client
                .find_all(Locator::Css("tr[aria-label='Power BI refresh']"))
                .await
                .ok()?;
            rows.is_empty().then_some(())
        },
    )
    .await;
    assert!(
        !alice
            .tokens_of(app.demo.alice())
            .await
            .iter()
            .any(|token| token.id == app.demo.power_bi_refresh()),
        "revoked for good"
    );

    // Review shows each; one click dismisses the day's 40.
    browser.click_button("Review").await;
    browser.find_text("span", &format!("Your token “Expiring export 01” works until the end of {} (UTC), in 7 days: to keep its scripts working, create a new token and move them to it before then.", in_a_week())).await;
    browser
        .click_button(&format!("Dismiss these {EXPIRING} notices"))
        .await;
    eventually(Duration::from_secs(10), "the group gone", || async {
        let said = text_of(&browser, ".notices-status").await;
        said.contains(&format!("{EXPIRING} expiry notices dismissed"))
            .then_some(())
    })
    .await;
    assert_eq!(alice.notice_list().await.len(), 1, "the warning stays");
    // The buttons went with the group: the focus is on the notices' title.
    eventually(
        Duration::from_secs(5),
        "the focus on the notices' title",
        || async {
            let focused = browser.client.active_element().await.ok()?;
            (focused.attr("id").await.ok()??.as_str() == "notices-title").then_some(())
        },
    )
    .await;
    let count = text_of(&browser, ".notices-count").await;
    assert!(count.contains('1'), "the header follows: {count}");

    // On a phone, in the dark: the bar and the list fit, axe finds nothing.
    browser.resize(320, 800, true).await;
    browser
        .devtools(
            "Emulation.setEmulatedMedia",
            serde_json::json!({ "features": [{ "name": "prefers-color-scheme", "value": "dark" }] }),
        )
        .await;
    browser.goto(&app.url("/access-tokens?notices")).await;
    browser.find(".notices li").await;
    let overflows = browser.overflows().await;
    assert!(overflows.is_empty(), "{overflows:#?}");
    let violations = browser.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:#?}");
    browser.close().await;
}
