//! Usage at a glance (R22): the daily counters the worker keeps per
//! token, replayed over a simulated month (the runtime restarted with its
//! clock moved), and read by a token's detail panel, the inventory's spark
//! lines and the organization's week.

use tessera_shared::endpoints;
use tessera_shared::inventory::InventoryPage;
use tessera_shared::usage::{CHART_DAYS, DayCount, OrganizationWeek, TokenUsageView};
use tessera_tests::{TestApp, fixtures, spawn_app};

/// A month of one token's traffic: (days before today, OK, Fail).
const MONTH: [(i64, u32, u32); 5] = [(35, 4, 1), (29, 2, 0), (15, 1, 3), (1, 5, 0), (0, 3, 2)];

#[tokio::test]
async fn the_daily_counters_chart_a_simulated_month() {
    let (first_days_ago, ..) = MONTH[0];
    let start = (-first_days_ago * 24 * 60 * 60).to_string();
    let mut app = TestApp::own()
        .vars(&[("TEST_CLOCK_OFFSET_SECONDS", &start)])
        .start()
        .await;
    let (token_id, string) = {
        let alice = app.portal("alice@demo.example").await;
        let created = alice
            .create_token(alice.login_id, "Monthly sync", "1_year", &["meta_record"])
            .await;
        assert_eq!(created.status(), 201);
        let token: tessera_shared::tokens::TokenView = created.json().await.unwrap();
        (token.id, alice.token_string(token.id).await)
    };
    for (days_ago, ok, fail) in MONTH {
        if days_ago != first_days_ago {
            app.set_clock(-days_ago).await;
        }
        app.known_traffic(&string, ok, fail).await;
    }

    let alice = app.portal("alice@demo.example").await;
    let usage: TokenUsageView = alice.read::<endpoints::TokenUsage>(token_id).await;
    let mut expected = vec![DayCount::default(); CHART_DAYS];
    for (days_ago, ok, fail) in MONTH.into_iter().filter(|(days_ago, ..)| *days_ago < 30) {
        expected[CHART_DAYS - 1 - days_ago as usize] = DayCount { ok, fail };
    }
    assert_eq!(
        usage.days, expected,
        "30 days, oldest first, today last; 35 days ago is off the chart"
    );
    let today = time::OffsetDateTime::now_utc().date();
    assert_eq!(
        usage.first_day,
        tessera_shared::expiry::format_date(today - time::Duration::days(29))
    );
    assert!(usage.last_used_at.is_some());
    assert_eq!(
        usage.recent_addresses.len(),
        1,
        "{:?}",
        usage.recent_addresses
    );

    let admin = app.portal("sysadmin@demo.example").await;
    let inventory: InventoryPage = admin.read::<endpoints::Inventory>(()).await;
    let row = inventory
        .rows
        .iter()
        .find(|row| row.token.id == token_id)
        .expect("the token is in the inventory");
    let totals: Vec<u32> = expected.iter().map(|day| day.ok + day.fail).collect();
    assert_eq!(row.requests_by_day, totals, "the spark line");

    let week: OrganizationWeek = admin.read::<endpoints::OrganizationUsage>(()).await;
    let (ok, fail) = (5 + 3, 2);
    let busiest = &week.busiest[0];
    assert_eq!(
        (busiest.token_id, busiest.ok, busiest.fail),
        (token_id, ok, fail),
        "this week is today and the 6 days before: 15 days ago is not in it"
    );
    assert_eq!(busiest.token_name, "Monthly sync");
    assert_eq!(week.most_failing.len(), 1, "only tokens that failed at all");
    assert_eq!(week.most_failing[0].fail, fail);

    // The daily run keeps the days a chart shows, and no others.
    let kept_days = |app: &TestApp| -> i64 { fixtures::usage_days_kept(&app.database(), token_id) };
    assert_eq!(kept_days(&app), 5);
    app.run_scheduled().await;
    assert_eq!(kept_days(&app), 4, "35 days ago is deleted");
}

#[tokio::test]
async fn usage_is_shown_only_to_whoever_may_manage_the_token() {
    let app = spawn_app().await;
    let token_id = app.demo.power_bi_refresh();
    let alice = app.portal("alice@demo.example").await;
    let bob = app.portal("bob@demo.example").await;
    let outsider = app.portal("admin@other.example").await;
    let cases = [
        (&alice, token_id, 200, "Alice's own token"),
        (
            &bob,
            token_id,
            403,
            "another login's token without the admin role",
        ),
        (
            &outsider,
            token_id,
            404,
            "another organization's token is no token",
        ),
        (&alice, 999_999, 404, "no such token"),
    ];
    for (portal, token_id, status, why) in cases {
        let answer = portal.get::<endpoints::TokenUsage>(token_id).await;
        assert_eq!(answer.status(), status, "{why}");
    }
    let week = alice.get::<endpoints::OrganizationUsage>(()).await;
    assert_eq!(
        week.status(),
        403,
        "the organization's week is for token admins"
    );
}

#[tokio::test]
async fn requests_past_the_logs_budget_are_counted_in_their_day_too() {
    // Room for 2 lines: the other requests become hourly counts, which
    // feed the day as the lines do.
    let app = TestApp::own()
        .vars(&[("TOKEN_LOG_BUDGET_ROWS", "2")])
        .start()
        .await;
    let alice = app.portal("alice@demo.example").await;
    let token = alice.new_token("Past the budget", &["meta_record"]).await;
    let string = alice.token_string(token.id).await;
    app.known_traffic(&string, 4, 3).await;

    let usage = alice.read::<endpoints::TokenUsage>(token.id).await;
    assert_eq!(usage.days[CHART_DAYS - 1], DayCount { ok: 4, fail: 3 });
    let lines = fixtures::token_entries_of(&app.database(), token.id, "AUTHENTICATE");
    assert!(lines <= 2, "{lines} lines: the budget held");
}
