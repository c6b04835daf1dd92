//! Figures 1–4, 6 (startup) and 7: the token-protected API against the
//! reference routes, side by side in the same runtime, round after round,
//! so that the machine's noise falls on both sides of every ratio. The wrk
//! scripts are `scripts`'s; what a run leaves behind beside its speed is
//! `side_effects`'s.

mod scripts;
mod side_effects;
mod token_rules;

use scripts::{refused_script, sign_in_script, tracked_script, with_bad_checksum};
use side_effects::{FLOOD_ADDRESSES, csv_export, flood, lost_entries};

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::load::{Load, Measured};
use tessera_tests::{Demo, TestApp, fixtures, known_token_string};

use crate::Settings;
use crate::report::{Report, Row, ms};

/// One route under load: what wrk sends, and to where.
struct Route {
    name: &'static str,
    path: &'static str,
    authorization: Option<String>,
    connections: u32,
    script: Option<std::path::PathBuf>,
}

/// The median of each figure over the rounds.
#[derive(Clone)]
struct Summary {
    rps: f64,
    p50: Duration,
    p99: Duration,
    non_2xx: u64,
    errors: u64,
}

fn summarise(runs: &[Measured]) -> Summary {
    fn median<T: Copy + PartialOrd>(mut values: Vec<T>) -> T {
        values.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
        values[values.len() / 2]
    }
    Summary {
        rps: median(runs.iter().map(|r| r.requests_per_second).collect()),
        p50: median(runs.iter().map(|r| r.p50).collect()),
        p99: median(runs.iter().map(|r| r.p99).collect()),
        non_2xx: runs.iter().map(|r| r.non_2xx).sum(),
        errors: runs.iter().map(|r| r.errors).sum(),
    }
}

/// Bulk tokens owned by Other Org's login, so that the demo organization's
/// pages stay as they are: one INSERT ... SELECT, inside SQLite.
fn seed_tokens(db: &rusqlite::Connection, demo: &Demo, count: u64) {
    fixtures::bulk_tokens(db, demo.other_org(), demo.olga(), count);
}

fn run(app: &TestApp, route: &Route, duration: Duration) -> Measured {
    let url = app.url(route.path);
    let header;
    let headers: &[(&str, &str)] = match &route.authorization {
        Some(value) => {
            header = [("Authorization", value.as_str())];
            &header
        }
        None => &[],
    };
    Load {
        url: &url,
        headers,
        connections: route.connections,
        duration,
        script: route.script.as_deref(),
    }
    .run()
    .unwrap_or_else(|error| panic!("{}: {error}", route.name))
}

/// One runtime with `size` bulk tokens, and the routes loaded on it.
struct Instance {
    size: u64,
    app: TestApp,
    routes: Vec<Route>,
    runs: BTreeMap<&'static str, Vec<Measured>>,
    /// Requests wrk saw answered on `/api/meta`, warm-up included.
    meta_requests: u64,
    /// wrk's Lua scripts and the ids of the requests they saw answered,
    /// removed with the instance.
    scripts: tempfile::TempDir,
}

impl Instance {
    /// Starts a runtime with `size` bulk tokens and alice's token 2 generated.
    async fn start(size: u64, settings: &Settings, all_routes: bool, report: &mut Report) -> Self {
        let seeding = Instant::now();
        let mut seeded_in = Duration::ZERO;
        let app = TestApp::own()
            .vars(&[("BENCH_ROUTES", "on")])
            .seed(|db, demo| {
                seed_tokens(db, demo, size);
                token_rules::seed(db, demo);
                seeded_in = seeding.elapsed();
            })
            .start()
            .await;
        report.note(format!(
            "{size} tokens seeded in {:.1} s (one INSERT … SELECT); the runtime then answered in {:.2} s.",
            seeded_in.as_secs_f64(),
            app.started_in.as_secs_f64()
        ));
        let alice = app.portal("alice@demo.example").await;
        let valid = alice.token_string(app.demo.power_bi_refresh()).await;
        let allowlisted = format!(
            "Bearer {}",
            alice.token_string(app.demo.nightly_export()).await
        );
        let olga = app.portal("admin@other.example").await;
        let guarded = format!(
            "Bearer {}",
            olga.token_string(app.demo.other_org_integration()).await
        );
        let route = |name, path, string: Option<&str>, connections| Route {
            name,
            path,
            authorization: string.map(|string| format!("Bearer {string}")),
            connections,
            script: None,
        };
        let c = settings.connections;
        let scripts = tempfile::tempdir().expect("a temporary folder");
        let bearer = format!("Bearer {valid}");
        let tracked = |name: &'static str, path: &'static str| Route {
            script: Some(tracked_script(
                scripts.path(),
                name,
                &bearer,
                &scripts.path().join(format!("{name}.answered")),
            )),
            ..route(name, path, None, c)
        };
        // The bench's own routes (`BENCH_ROUTES=on`) are outside the API's
        // contract: their paths are written out.
        let mut routes = vec![
            tracked("floor", "/api/bench/floor"),
            tracked("read", "/api/bench/read"),
            tracked("read-write", "/api/bench/read-write"),
            tracked("meta", endpoints::Meta::PATH),
        ];
        if all_routes {
            routes.push(Route {
                script: Some(tracked_script(
                    scripts.path(),
                    "allowlisted",
                    &allowlisted,
                    &scripts.path().join("allowlisted.answered"),
                )),
                ..route("allowlisted", endpoints::Meta::PATH, None, c)
            });
            // One report's definition, without token rules and under all of them.
            let report_path =
                |name: &str| -> &'static str { endpoints::MetaReport::path(name.into()).leak() };
            routes.push(Route {
                script: Some(tracked_script(
                    scripts.path(),
                    "report",
                    &bearer,
                    &scripts.path().join("report.answered"),
                )),
                ..route("report", report_path("Energy by location"), None, c)
            });
            routes.push(Route {
                script: Some(tracked_script(
                    scripts.path(),
                    "guarded",
                    &guarded,
                    &scripts.path().join("guarded.answered"),
                )),
                ..route("guarded report", report_path("Plant energy"), None, c)
            });
            routes.extend([
                Route {
                    script: Some(refused_script(
                        scripts.path(),
                        "bad-checksum",
                        &format!("Bearer {}", with_bad_checksum(&valid)),
                    )),
                    ..route("bad checksum", endpoints::Meta::PATH, None, c)
                },
                Route {
                    script: Some(refused_script(
                        scripts.path(),
                        "unknown-string",
                        &format!("Bearer {}", known_token_string(99).0),
                    )),
                    ..route("unknown string", endpoints::Meta::PATH, None, c)
                },
                // A bench route, outside the contract.
                route("floor, 1 connection", "/api/bench/floor", None, 1),
                Route {
                    script: Some(sign_in_script(scripts.path())),
                    ..route("sign-in, 1 connection", endpoints::SignIn::PATH, None, 1)
                },
            ]);
        }
        Self {
            size,
            app,
            routes,
            runs: BTreeMap::new(),
            meta_requests: 0,
            scripts,
        }
    }

    /// Loads route `name`, if this runtime has it.
    fn load(&mut self, name: &str, duration: Duration, warm_up: bool) {
        let Some(route) = self.routes.iter().find(|route| route.name == name) else {
            return;
        };
        let measured = run(&self.app, route, duration);
        if route.name == "meta" {
            self.meta_requests += measured.requests;
        }
        if !warm_up {
            self.runs.entry(route.name).or_default().push(measured);
        }
    }

    fn summary(&self, name: &str) -> Summary {
        summarise(&self.runs[name])
    }
}

/// Every size gets its own runtime, all started first; then each round
/// loads each route on every runtime back to back, so that the machine's
/// noise falls on the sizes alike, and on the routes of one size alike.
pub async fn measure(settings: &Settings, report: &mut Report) {
    let mut instances = Vec::new();
    for (index, &size) in settings.sizes.iter().enumerate() {
        println!("starting a runtime with {size} bulk tokens in D1");
        instances.push(Instance::start(size, settings, index == 0, report).await);
    }
    let names: Vec<&'static str> = instances[0].routes.iter().map(|route| route.name).collect();
    for name in &names {
        for instance in &mut instances {
            instance.load(name, Duration::from_secs(1), true);
        }
    }
    for round in 0..settings.rounds {
        for name in &names {
            for instance in &mut instances {
                instance.load(name, settings.duration, false);
            }
        }
        println!("  round {} of {} done", round + 1, settings.rounds);
    }

    let first_meta = instances[0].summary("meta");
    for (index, instance) in instances.iter().enumerate() {
        let size = instance.size;
        let (floor, read, meta) = (
            instance.summary("floor"),
            instance.summary("read"),
            instance.summary("meta"),
        );
        assert_eq!(
            meta.non_2xx + meta.errors,
            0,
            "every /api/meta request succeeded"
        );
        report.add(Row::at_least(
            format!("GET /api/meta, {size} tokens: requests/s"),
            format!("{:.0}", meta.rps),
            format!("one-read floor ({:.0}/s)", read.rps),
            meta.rps / read.rps,
            0.9,
        ));
        report.add(Row::at_most(
            format!("GET /api/meta, {size} tokens: p50 / p99"),
            format!("{} / {}", ms(meta.p50), ms(meta.p99)),
            format!("one-read floor p99 ({})", ms(read.p99)),
            meta.p99.as_secs_f64() / read.p99.as_secs_f64(),
            1.2,
        ));
        let durable = instance.summary("read-write");
        report.add(Row {
            figure: format!("One read + one write each, {size} tokens: requests/s"),
            value: format!(
                "{:.0} (p50 {}, p99 {})",
                durable.rps,
                ms(durable.p50),
                ms(durable.p99)
            ),
            compared_with: format!("one-read floor ({:.0}/s)", read.rps),
            ratio: Some(durable.rps / read.rps),
            goal: "what one durable write a request costs here".into(),
            met: None,
        });
        report.add(Row {
            figure: format!("GET /api/meta vs one read + one write each, {size} tokens"),
            value: format!("{:.0} vs {:.0} requests/s", meta.rps, durable.rps),
            compared_with: "the same runtime, rounds interleaved".into(),
            ratio: Some(meta.rps / durable.rps),
            goal: "grouped writes beat one write a request".into(),
            met: None,
        });
        report.add(Row {
            figure: format!("One-read floor, {size} tokens: requests/s"),
            value: format!(
                "{:.0} (p50 {}, p99 {})",
                read.rps,
                ms(read.p50),
                ms(read.p99)
            ),
            compared_with: format!("no-storage floor ({:.0}/s)", floor.rps),
            ratio: Some(read.rps / floor.rps),
            goal: String::new(),
            met: None,
        });
        if index > 0 {
            let first_size = instances[0].size;
            report.add(Row::at_least(
                format!("GET /api/meta, {size} tokens vs {first_size} tokens"),
                format!("{:.0} vs {:.0} requests/s", meta.rps, first_meta.rps),
                format!("{first_size} tokens (rounds interleaved)"),
                meta.rps / first_meta.rps,
                0.9,
            ));
        }
    }

    let first = &instances[0];
    let (floor, read) = (first.summary("floor"), first.summary("read"));
    let (bad, unknown) = (
        first.summary("bad checksum"),
        first.summary("unknown string"),
    );
    token_rules::rows(first, &read, report);
    // No storage touched: as fast as the no-storage floor, within noise.
    report.add(Row::at_least(
        "Bad checksum (401, no storage): requests/s".into(),
        format!("{:.0} (p50 {})", bad.rps, ms(bad.p50)),
        format!("no-storage floor ({:.0}/s)", floor.rps),
        bad.rps / floor.rps,
        0.9,
    ));
    report.add(Row::at_least(
        "Good checksum, unknown token (401): requests/s".into(),
        format!("{:.0} (p50 {})", unknown.rps, ms(unknown.p50)),
        format!("one-read floor ({:.0}/s)", read.rps),
        unknown.rps / read.rps,
        0.9,
    ));
    let (floor_one, sign_in) = (
        first.summary("floor, 1 connection"),
        first.summary("sign-in, 1 connection"),
    );
    let kdf = sign_in.p50.saturating_sub(floor_one.p50);
    report.add(Row {
        figure: "Sign-in (PBKDF2-SHA256, 100,000 iterations): p50, one at a time".into(),
        value: format!("{} (≈ {} of KDF CPU)", ms(sign_in.p50), ms(kdf)),
        compared_with: format!("no-storage floor p50 ({})", ms(floor_one.p50)),
        ratio: Some(sign_in.p50.as_secs_f64() / floor_one.p50.as_secs_f64()),
        goal: "within the CPU limit".into(),
        met: Some(kdf < Duration::from_secs(30)),
    });

    let (lost, answered) = lost_entries(&first.app, &first.scripts.path().join("meta.answered"));
    let last_used =
        fixtures::last_used_at(&first.app.database(), first.app.demo.power_bi_refresh());
    report.add(Row {
        figure: "AUTHENTICATE entries lost: /api/meta requests answered 200 without their entry"
            .into(),
        value: format!("lost: {lost} of {answered} answered (each found by its X-Request-Id)"),
        compared_with: format!("requests wrk counted ({})", first.meta_requests),
        ratio: None,
        goal: "lost: 0".into(),
        met: Some(lost == 0 && answered > 0 && last_used.is_some()),
    });

    let largest = instances.last().expect("a runtime");
    let export = csv_export(&largest.app).await;
    report.add(Row {
        figure: format!(
            "Token Inventory CSV export, {} tokens: the whole file, streamed",
            largest.size
        ),
        value: format!(
            "{} lines, {:.1} MB in {:.1} s; the worker's memory grew by {:.2} MB",
            export.lines,
            export.bytes as f64 / 1e6,
            export.took.as_secs_f64(),
            export.memory_grew as f64 / 1e6
        ),
        compared_with: "the file's size".into(),
        ratio: Some(export.memory_grew as f64 / export.bytes as f64),
        goal: "memory flat (≤ 0.05× the file)".into(),
        met: Some(export.lines as u64 > largest.size && export.memory_grew * 20 <= export.bytes),
    });

    let flood = flood(&instances[0].app, settings.flood).await;
    report.add(Row {
        figure: format!(
            "Flood: {} made-up token strings from {FLOOD_ADDRESSES} addresses",
            settings.flood
        ),
        value: format!(
            "{} rows added ({} Token Logs lines, {} hourly counts); {} checked and counted, {} refused by the rate limit, in {:.0} s",
            flood.log_lines + flood.count_rows,
            flood.log_lines,
            flood.count_rows,
            flood.counted,
            flood.throttled,
            flood.took.as_secs_f64()
        ),
        compared_with: "a row per string".into(),
        ratio: Some((flood.log_lines + flood.count_rows) as f64 / settings.flood as f64),
        goal: format!("≤ {} rows (an address and hour each)", 2 * FLOOD_ADDRESSES),
        met: Some(
            flood.log_lines == 0
                && flood.count_rows <= 2 * FLOOD_ADDRESSES as i64
                && flood.counted + flood.throttled == settings.flood as i64,
        ),
    });

    let mut startups: Vec<Duration> = instances.iter().map(|i| i.app.started_in).collect();
    startups.sort();
    report.add(Row {
        figure: "Runtime startup: wrangler dev started → first answer".into(),
        value: format!(
            "{} (median of {}, D1 of every size above)",
            ms(startups[startups.len() / 2]),
            startups.len()
        ),
        compared_with: String::new(),
        ratio: None,
        goal: String::new(),
        met: None,
    });
}
