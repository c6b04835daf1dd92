//! Figure: the rows each kind of hostile traffic adds to the database, by
//! table.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::{TestApp, fixtures};

use crate::Settings;
use crate::report::{Report, Row};

use super::setup::*;

/// Every table's row count, by name.
fn row_counts(app: &TestApp) -> BTreeMap<String, i64> {
    fixtures::row_counts(&app.database())
}

/// One kind of hostile traffic.
struct Hostile {
    label: &'static str,
    path: &'static str,
    prelude: String,
    request: String,
}

/// The rows each kind of hostile traffic adds, by table, per 100,000
/// requests: `settings.hostile` of each (fewer if `hostile_within` runs
/// out first; the figure is per 100,000 all the same).
pub(super) fn storage_growth(neighbours: &Neighbours, settings: &Settings, report: &mut Report) {
    let sign_in = |address: &str| {
        format!(
            "  wrk.headers[\"CF-Connecting-IP\"] = {address}\n\
             \x20 local email = string.format(\"guest-%d-%d@example-%d.test\", sent, \
             math.random(1, 2000000000), math.random(1, 2000000000))\n\
             \x20 return wrk.format(\"POST\", nil, nil, '{{\"email\":\"' .. email .. '\",\"password\":\"not-the-password\"}}')"
        )
    };
    let json = "wrk.headers[\"Content-Type\"] = \"application/json\"".to_owned();
    let scenarios = [
        Hostile {
            label: "(a) sign-ins with random emails from one IPv4 address",
            path: endpoints::SignIn::PATH,
            prelude: json.clone(),
            request: sign_in("\"192.0.2.44\""),
        },
        Hostile {
            label: "(b) sign-ins with random emails from random addresses of one IPv6 /64",
            path: endpoints::SignIn::PATH,
            prelude: json,
            request: sign_in(
                "string.format(\"2001:db8:44:64:%x:%x:%x:%x\", math.random(0, 65535), \
                 math.random(0, 65535), math.random(0, 65535), math.random(0, 65535))",
            ),
        },
        Hostile {
            label: "(c) made-up token strings, each from a new address",
            path: endpoints::Meta::PATH,
            prelude: made_up_table(neighbours),
            request: format!(
                "  wrk.headers[\"Authorization\"] = made_up[sent % #made_up + 1]\n{}\n  return wrk.format()",
                new_address_each_time(11)
            ),
        },
        Hostile {
            label: "(d) a revoked token's string, each from a new address",
            path: endpoints::Meta::PATH,
            prelude: format!(
                "wrk.headers[\"Authorization\"] = {}",
                lua(&format!("Bearer {}", neighbours.revoked))
            ),
            request: format!("{}\n  return wrk.format()", new_address_each_time(12)),
        },
        Hostile {
            label: "(e) a string used from outside its allowlist, from one address",
            path: endpoints::Meta::PATH,
            prelude: format!(
                "wrk.headers[\"Authorization\"] = {}\nwrk.headers[\"CF-Connecting-IP\"] = \"198.51.100.7\"",
                lua(&format!("Bearer {}", neighbours.outside))
            ),
            request: "  return wrk.format()".into(),
        },
    ];
    for (index, hostile) in scenarios.iter().enumerate() {
        let script = neighbours.script(
            &format!("hostile-{index}"),
            settings.hostile,
            &hostile.prelude,
            &hostile.request,
        );
        let before = row_counts(&neighbours.app);
        let started = Instant::now();
        let (_, sent) = neighbours.run(
            hostile.path,
            &script,
            settings.connections,
            settings.hostile_within,
        );
        let took = started.elapsed();
        // Requests still in flight when wrk stopped finish first.
        std::thread::sleep(Duration::from_millis(200));
        let after = row_counts(&neighbours.app);
        let grew: Vec<(String, i64)> = after
            .iter()
            .map(|(table, count)| {
                (
                    table.clone(),
                    count - before.get(table).copied().unwrap_or(0),
                )
            })
            .filter(|(_, change)| *change != 0)
            .collect();
        let rows: i64 = grew.iter().map(|(_, change)| change).sum();
        let tables = if grew.is_empty() {
            "no table changed".to_owned()
        } else {
            grew.iter()
                .map(|(table, change)| format!("{table} {change:+}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let requests = sent.requests.max(1);
        report.add(Row {
            figure: format!(
                "Storage under hostile traffic, {}: rows added per 100,000 requests",
                hostile.label
            ),
            value: format!(
                "{} per 100,000 = {rows} rows in {} requests ({tables}); answered {}; {:.0} s",
                per_100_000(rows, requests),
                thousands(sent.requests),
                sent.answers(),
                took.as_secs_f64()
            ),
            compared_with: "a row per request".into(),
            ratio: Some(rows as f64 / requests as f64),
            goal: String::new(),
            met: None,
        });
    }
}
