//! Grids that fit their box, and times that say their zone: at 1400 × 900,
//! with long token names, every grid's columns fit the box the page gives
//! it (no sideways scroll, each actions button in view), the page uses the
//! window's width, a long name wraps after its separators and never inside
//! a word, at most two lines with its whole text in `title` and shown
//! whole when its row takes the keyboard's focus; on a phone (390 × 844)
//! the rows stay cards that fit. On every page every time reads
//! `2026-12-05 15:07 UTC` (a log detail's too) and every Expiry On
//! `2026-12-05`.

use std::time::Duration;

use fantoccini::key::Key;
use serde::Deserialize;
use serde_json::json;
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::pages::SignedInPage;
use tessera_tests::{Browser, TestApp, eventually, spawn_app};

/// Names as long as a token name may be (100 characters): words, a
/// machine's name with separators, and one unbroken run.
const LONG_NAMES: [&str; 3] = [
    "Quarterly revenue reconciliation export for the finance data warehouse, EMEA and APAC regions",
    "acc-/031c042c-9f1e-4b7a-a8d2-5c3e7f90b1d4_reporting.pipeline-production-eu-west-1:nightly-extract",
    "Zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
];

/// The system administrator's tokens with `LONG_NAMES`, each used once
/// (a last use, a log entry with its client and endpoint), one rotated (a
/// "works until" in its row and in its log entry's detail), and one that
/// rotated itself (a notice naming a time); and a token of alice's that waits
/// for approval.
async fn app_with_long_names() -> TestApp {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    for (at, name) in LONG_NAMES.iter().enumerate() {
        let token = admin
            .new_token(name, &["meta_record", "report_record"])
            .await;
        let string = admin.token_string(token.id).await;
        assert_eq!(
            app.use_token::<endpoints::Meta>(&string).await.status(),
            200
        );
        if at == 1 {
            let rotated = admin
                .request::<endpoints::RotateToken>(token.id)
                .json(&json!({ "grace": "24h" }))
                .send()
                .await
                .unwrap();
            assert_eq!(rotated.status(), 200, "rotating {name}");
        }
    }
    // A webhook delivery: Organization settings lists it with its time.
    let saved = admin
        .request::<endpoints::SetWebhook>(())
        .json(&json!({ "url": "http://127.0.0.1:9/hook" }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    assert_eq!(admin.get::<endpoints::TestWebhook>(()).await.status(), 202);
    // A token that rotated itself: its owner's notice names a time.
    let created = admin
        .request::<endpoints::CreateToken>(app.demo.sys_admin())
        .json(&json!({ "name": "Rotates itself", "expiry": "30_days", "scope": ["meta_record"], "self_rotation": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let token: tessera_shared::tokens::TokenView = created.json().await.unwrap();
    let string = admin.token_string(token.id).await;
    let rotated = app
        .script_client()
        .post(app.url(endpoints::RotateSelf::PATH))
        .bearer_auth(&string)
        .json(&json!({ "grace": "1h" }))
        .send()
        .await
        .unwrap();
    assert_eq!(rotated.status(), 200);
    eventually(
        Duration::from_secs(10),
        "the self-rotation notice",
        || async {
            let notices = admin.notices().await;
            notices
                .into_iter()
                .find(|notice| notice.contains("rotated itself"))
        },
    )
    .await;
    // A token of alice's waiting for approval (R27): the Approvals page
    // lists it, with its long name and the time it was asked.
    let saved = admin
        .request::<endpoints::SetApprovalRule>(())
        .json(&json!({ "beyond_days": 90 }))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
    let alice = app.portal("alice@demo.example").await;
    let asked = alice
        .request::<endpoints::CreateToken>(alice.login_id)
        .json(&json!({ "name": LONG_NAMES[2], "expiry": "1_year", "scope": ["report_record"],
            "approval_reason": "The auditors read a whole year of the organization's readings, every month, from their own systems" }))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 201);
    app
}

/// How the page's grids sit in a window (`Browser::overflows` says what
/// does not fit; these are the figures).
#[derive(Deserialize)]
struct Fit {
    window: f64,
    page: f64,
    /// Each grid box: its label, its content's width and its own.
    grids: Vec<(String, f64, f64)>,
    actions: usize,
    actions_in_view: usize,
    /// The first grid's columns, by their heading: their widths.
    columns: Vec<(String, f64)>,
}

async fn fit(browser: &Browser) -> Fit {
    let found = browser
        .client
        .execute(
            "const window_width = document.documentElement.clientWidth;
             const grids = [...document.querySelectorAll('.grid-scroll')]
                 .map(box => [box.getAttribute('aria-label'), box.scrollWidth, box.clientWidth]);
             const buttons = [...document.querySelectorAll('.grid tbody .row-actions')];
             const in_view = buttons.filter(button => {
                 const edge = button.getBoundingClientRect();
                 const box = button.closest('.grid-scroll').getBoundingClientRect();
                 return edge.left >= box.left - 0.5 && edge.right <= Math.min(box.right, window_width) + 0.5;
             });
             const columns = [...document.querySelectorAll('.grid thead th')].slice(0, 10)
                 .map(th => [th.textContent.trim(), Math.round(th.getBoundingClientRect().width)]);
             return { window: window_width, page: document.querySelector('.page').getBoundingClientRect().width,
                      grids, actions: buttons.length, actions_in_view: in_view.length, columns };",
            vec![],
        )
        .await
        .expect("the page's boxes");
    serde_json::from_value(found).expect("the figures")
}

/// Every time on the page that does not read `2026-12-05 15:07 UTC`, every
/// Expiry On that does not read `2026-12-05` (or `Never`), and how many
/// times there are.
async fn times_not_in_one_format(browser: &Browser) -> (Vec<String>, usize) {
    let found = browser
        .client
        .execute(
            "const time = /\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2}| UTC)?/g;
             const one_format = /^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC$/;
             const times = [...document.body.innerText.matchAll(time)].map(found => found[0]);
             const elements = [...document.querySelectorAll('time')].map(element => element.textContent);
             const days = [...document.querySelectorAll(\"td[data-label='Expiry On (UTC)']\")]
                 .map(cell => cell.textContent.trim()).filter(day => !/^(\\d{4}-\\d{2}-\\d{2}|Never)$/.test(day));
             return [times.concat(elements).filter(text => !one_format.test(text)).concat(days), times.length];",
            vec![],
        )
        .await
        .expect("the page's times");
    serde_json::from_value(found).expect("the times")
}

/// A long name in its grid: its title, its text, whether two lines cut it
/// short, and whether a line breaks inside a word (a piece between two
/// separators).
#[derive(Debug, Deserialize)]
struct Name {
    title: String,
    text: String,
    cut_short: bool,
    broken_inside_a_word: bool,
}

async fn name(browser: &Browser, name: &str) -> Name {
    let found = browser
        .client
        .execute(
            "const span = [...document.querySelectorAll('.grid tbody .name-text')].find(span => span.title === arguments[0]);
             if (!span) return null;
             const pieces = [...span.childNodes].filter(node => node.nodeType === 3 && !/\\s/.test(node.data));
             const broken = pieces.some(node => {
                 const range = document.createRange();
                 range.selectNodeContents(node);
                 return new Set([...range.getClientRects()].map(rect => Math.round(rect.top))).size > 1;
             });
             return { title: span.title, text: span.innerText.replace(/\\s+/g, ' ').trim(),
                      cut_short: span.scrollHeight > span.clientHeight + 1, broken_inside_a_word: broken };",
            vec![json!(name)],
        )
        .await
        .expect("the name's box");
    serde_json::from_value(found).unwrap_or_else(|_| panic!("no grid row is named {name:?}"))
}

/// Moves the keyboard's focus onto the row named `target` with the arrow
/// keys, from the grid's first row.
async fn arrow_to_row(browser: &Browser, target: &str) {
    browser
        .find("tr[id^=token-row]")
        .await
        .click()
        .await
        .unwrap();
    for _ in 0..10 {
        let focused = browser
            .client
            .execute(
                "return document.activeElement.getAttribute('aria-label')",
                vec![],
            )
            .await
            .unwrap();
        if focused.as_str() == Some(target) {
            return;
        }
        browser.press(&Key::Down.to_string()).await;
    }
    panic!("the arrow keys never reached {target}");
}

#[tokio::test]
async fn every_grid_fits_a_1400_px_window_with_long_names_and_shows_times_in_utc() {
    let app = app_with_long_names().await;
    let browser = Browser::start().await;
    browser.resize(1400, 900, false).await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    let mut failures = Vec::new();
    for page in SignedInPage::all(app.demo.alice()) {
        page.open(&browser, &app).await;
        let what = page.name;
        let figures = fit(&browser).await;
        eprintln!(
            "{what} at 1400 × 900: page {} of {} px, grids {:?}, {} of {} actions in view, columns {:?}",
            figures.page,
            figures.window,
            figures.grids,
            figures.actions_in_view,
            figures.actions,
            figures.columns
        );
        for (label, content, own) in &figures.grids {
            if content > own {
                failures.push(format!(
                    "{what}: {label} is {content} px wide in a {own} px box"
                ));
            }
        }
        if figures.actions_in_view != figures.actions {
            failures.push(format!(
                "{what}: {} of {} actions buttons out of view",
                figures.actions - figures.actions_in_view,
                figures.actions
            ));
        }
        if figures.page < figures.window - 100.0 {
            failures.push(format!(
                "{what}: the page uses {} px of a {} px window",
                figures.page, figures.window
            ));
        }
        failures.extend(
            browser
                .overflows()
                .await
                .into_iter()
                .map(|o| format!("{what}: {o}")),
        );
        let (strays, count) = times_not_in_one_format(&browser).await;
        eprintln!("{what}: {count} times");
        if count == 0 {
            failures.push(format!("{what} shows no time to check"));
        }
        failures.extend(
            strays
                .into_iter()
                .map(|t| format!("{what} shows a time as {t:?}")),
        );
        let violations = browser.accessibility_violations().await;
        failures.extend(violations.into_iter().map(|v| format!("{what}: {v}")));
        if what == "Access Tokens" {
            // The notices' list too, shown or not.
            let text = browser
                .client
                .execute("return document.body.textContent", vec![])
                .await
                .unwrap();
            if !text
                .as_str()
                .unwrap_or_default()
                .contains(" UTC at the latest")
            {
                failures.push(format!(
                    "{what}: the self-rotation notice shows no time in UTC"
                ));
            }
        }
        if what == "Token Logs" {
            let text = browser.find(".grid tbody").await.text().await.unwrap();
            if !text.contains(" UTC, or until the new one") {
                failures.push(format!(
                    "{what}: the rotation's detail shows no time in UTC: {text}"
                ));
            }
        }
    }

    // Names: wrapped after separators, two lines at most, whole in their
    // title and on the keyboard's focus.
    browser.goto(&app.url("/access-tokens")).await;
    browser.find("tr[id^=token-row]").await;
    for long in LONG_NAMES {
        let shown = name(&browser, long).await;
        assert_eq!(shown.title, long, "{shown:?}");
        assert_eq!(shown.text, long, "{shown:?}");
        let button = browser
            .find(&format!("button[aria-label='Actions for {long}']"))
            .await;
        assert!(button.is_displayed().await.unwrap());
    }
    let clipped = name(&browser, LONG_NAMES[2]).await;
    assert!(
        clipped.cut_short,
        "an unbroken 100 characters take more than two lines: {clipped:?}"
    );
    arrow_to_row(&browser, LONG_NAMES[2]).await;
    let focused = name(&browser, LONG_NAMES[2]).await;
    assert!(
        !focused.cut_short,
        "the focused row shows its name whole: {focused:?}"
    );
    arrow_to_row(&browser, LONG_NAMES[1]).await;
    let separated = name(&browser, LONG_NAMES[1]).await;
    assert!(!separated.broken_inside_a_word, "{separated:?}");
    browser.close().await;
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn on_a_phone_the_grids_with_long_names_stay_cards_that_fit() {
    let app = app_with_long_names().await;
    let browser = Browser::start_phone().await;
    browser.sign_in(&app, "sysadmin@demo.example").await;
    let mut failures = Vec::new();
    for page in SignedInPage::all(app.demo.alice()) {
        page.open(&browser, &app).await;
        let what = page.name;
        failures.extend(
            browser
                .overflows()
                .await
                .into_iter()
                .map(|o| format!("{what}: {o}")),
        );
        let (strays, _) = times_not_in_one_format(&browser).await;
        failures.extend(
            strays
                .into_iter()
                .map(|t| format!("{what} shows a time as {t:?}")),
        );
        let violations = browser.accessibility_violations().await;
        failures.extend(violations.into_iter().map(|v| format!("{what}: {v}")));
    }
    browser.goto(&app.url("/access-tokens")).await;
    browser.find("tr[id^=token-row]").await;
    for long in LONG_NAMES {
        let shown = name(&browser, long).await;
        assert!(!shown.cut_short, "a card shows the whole name: {shown:?}");
        assert_eq!(shown.text, long);
    }
    browser.close().await;
    assert!(failures.is_empty(), "{failures:#?}");
}
