//! Isolation between organizations, addresses and clients, in one runtime
//! of the demo data: Other Org's token check while Demo Org's clients
//! flood (its ratio to the same check, quiet); the rows each kind of
//! hostile traffic adds to the database, by table; and what the largest
//! AUTHENTICATE line a client can cause takes in D1, next to the worker's
//! `LARGEST_LINE_BYTES` that budgets are sized with.
//!
//! Every load is wrk with a Lua script; the scripts that must send an exact
//! number of requests stop wrk themselves once they have, and tell how many
//! they sent and how each was answered.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::load::{Load, Measured};
use tessera_tests::{TestApp, fixtures, known_token_string, repository_root};

use crate::Settings;
use crate::report::{Report, Row, ms};

/// Where Other Org's script calls from: one address, as a real client.
const NEIGHBOUR_ADDRESS: &str = "192.0.2.10";
/// Demo Org's Nightly export only works from here; the flood is elsewhere.
const NIGHTLY_EXPORT_ALLOWLIST: &str = r#"["203.0.113.0/24"]"#;
/// Other Org's client uses a few connections, as a script does.
const NEIGHBOUR_CONNECTIONS: u32 = 2;

/// The runtime and the strings its hostile clients hold.
struct Neighbours {
    app: TestApp,
    /// Other Org's integration token: the quiet neighbour.
    neighbour: String,
    /// Demo Org's Power BI refresh string, its token revoked since.
    revoked: String,
    /// Demo Org's Nightly export string, used from outside its allowlist.
    outside: String,
    /// Well-formed strings (checksum right) matching no token.
    made_up: Vec<String>,
    scripts: tempfile::TempDir,
}

impl Neighbours {
    async fn start() -> Self {
        let app = TestApp::own()
            .seed(|db, demo| {
                // Nightly export, given Meta Record so that its refusal is
                // for the address alone.
                fixtures::allowlist_token(db, demo.nightly_export(), NIGHTLY_EXPORT_ALLOWLIST)
            })
            .start()
            .await;
        let alice = app.portal("alice@demo.example").await;
        let outside = alice.token_string(app.demo.nightly_export()).await;
        let revoked = alice.token_string(app.demo.power_bi_refresh()).await;
        let revoking = alice.revoke(app.demo.power_bi_refresh()).await;
        assert_eq!(revoking.status(), 204, "Power BI refresh is revoked");
        let olga = app.portal("admin@other.example").await;
        let neighbour = olga.token_string(app.demo.other_org_integration()).await;
        drop((alice, olga));
        Self {
            app,
            neighbour,
            revoked,
            outside,
            made_up: (0..64)
                .map(|seed| known_token_string(seed + 100).0)
                .collect(),
            scripts: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// A wrk script sending at most `limit` requests (then stopping wrk),
    /// each made by `request` (Lua, with `sent` the request's number from 1)
    /// after `prelude` (Lua run once). Writes what it sent and how each was
    /// answered to a file `Sent::read` reads.
    fn script(&self, name: &str, limit: u64, prelude: &str, request: &str) -> Script {
        let folder = self.scripts.path();
        let path = folder.join(format!("{name}.lua"));
        let tally = folder.join(format!("{name}.tally"));
        let _ = std::fs::remove_file(&tally);
        std::fs::write(
            &path,
            format!(
                r#"sent = 0
tally = {{}}
local limit = {limit}
local stopping = false
local threads = {{}}
{prelude}
function setup(thread) table.insert(threads, thread) end
function init(args) math.randomseed({seed}) end
function request()
  sent = sent + 1
{request}
end
function response(status, headers, body)
  tally[status] = (tally[status] or 0) + 1
  if sent >= limit and not stopping then
    -- wrk waits out its whole duration otherwise: end it as Ctrl-C does
    -- (the shell's parent is wrk), again until it has ended, since the
    -- signal may reach this thread rather than the one waiting.
    stopping = true
    wrk.thread:stop()
    io.popen("(while kill -INT $PPID; do sleep 0.05; done) >/dev/null 2>&1 &"):close()
  end
end
function done(summary, latency, requests)
  local out = io.open("{tally}", "w")
  for _, thread in ipairs(threads) do
    out:write("sent ", thread:get("sent"), "\n")
    for status, count in pairs(thread:get("tally")) do
      out:write(status, " ", count, "\n")
    end
  end
  out:close()
end
"#,
                seed = limit % 1_000_003 + 7,
                tally = tally.display(),
            ),
        )
        .expect("the script is written");
        Script { path, tally }
    }

    /// Runs `script` on `path` with `connections` for at most `within`.
    fn run(
        &self,
        path: &str,
        script: &Script,
        connections: u32,
        within: Duration,
    ) -> (Measured, Sent) {
        let url = self.app.url(path);
        let measured = Load {
            url: &url,
            headers: &[],
            connections,
            duration: within,
            script: Some(&script.path),
        }
        .run()
        .unwrap_or_else(|error| panic!("{}: {error}", script.path.display()));
        (measured, Sent::read(&script.tally))
    }
}

struct Script {
    path: PathBuf,
    tally: PathBuf,
}

/// What a script sent, and how its requests were answered, by status.
struct Sent {
    requests: u64,
    answers: BTreeMap<u16, u64>,
}

impl Sent {
    fn read(tally: &Path) -> Self {
        let text = std::fs::read_to_string(tally)
            .unwrap_or_else(|error| panic!("{}: {error}", tally.display()));
        let mut sent = Self {
            requests: 0,
            answers: BTreeMap::new(),
        };
        for line in text.lines() {
            let Some((key, count)) = line.split_once(' ') else {
                continue;
            };
            let count: u64 = count.trim().parse().unwrap_or(0);
            if key == "sent" {
                sent.requests += count;
            } else if let Ok(status) = key.parse() {
                *sent.answers.entry(status).or_default() += count;
            }
        }
        sent
    }

    /// `429 ×99,950, 401 ×50`, most frequent first.
    fn answers(&self) -> String {
        let mut answers: Vec<(&u16, &u64)> = self.answers.iter().collect();
        answers.sort_by(|a, b| b.1.cmp(a.1));
        answers
            .iter()
            .map(|(status, count)| format!("{status} ×{}", thousands(**count)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `rows` added by `requests`, as rows per 100,000 requests: `41,000`.
fn per_100_000(rows: i64, requests: u64) -> String {
    let per = (rows.unsigned_abs() * 100_000).div_ceil(requests.max(1));
    let sign = if rows < 0 { "-" } else { "" };
    format!("{sign}{}", thousands(per))
}

/// A Lua string literal.
fn lua(text: &str) -> String {
    format!("{text:?}")
}

/// Lua setting `CF-Connecting-IP` to a new IPv4 address for each request,
/// in `first`.0.0.0/8.
fn new_address_each_time(first: u8) -> String {
    format!(
        "  wrk.headers[\"CF-Connecting-IP\"] = string.format(\"{first}.%d.%d.%d\", \
         math.floor(sent / 65536) % 256, math.floor(sent / 256) % 256, sent % 256)"
    )
}

/// Lua: a table `made_up` of the made-up strings, as Authorization values.
fn made_up_table(neighbours: &Neighbours) -> String {
    let strings: Vec<String> = neighbours
        .made_up
        .iter()
        .map(|string| lua(&format!("Bearer {string}")))
        .collect();
    format!("local made_up = {{{}}}", strings.join(", "))
}

pub async fn measure(settings: &Settings, report: &mut Report) {
    println!("starting a runtime for the neighbours' figures");
    let neighbours = Neighbours::start().await;
    noisy_neighbour(&neighbours, settings, report);
    storage_growth(&neighbours, settings, report);
    largest_line(&neighbours, settings, report).await;
}

/// Other Org's token check, quiet and while Demo Org's clients flood with
/// made-up strings, the revoked string and the allowlisted string from
/// outside, each request from a new address (so no per-address limit ever
/// stops them), round after round, quiet and loaded in turn.
fn noisy_neighbour(neighbours: &Neighbours, settings: &Settings, report: &mut Report) {
    let prelude = format!(
        "{}\nlocal revoked = {}\nlocal outside = {}",
        made_up_table(neighbours),
        lua(&format!("Bearer {}", neighbours.revoked)),
        lua(&format!("Bearer {}", neighbours.outside)),
    );
    let request = format!(
        "  local kind = sent % 3\n\
         \x20 if kind == 0 then wrk.headers[\"Authorization\"] = made_up[sent % #made_up + 1]\n\
         \x20 elseif kind == 1 then wrk.headers[\"Authorization\"] = revoked\n\
         \x20 else wrk.headers[\"Authorization\"] = outside end\n\
         {}\n\
         \x20 return wrk.format()",
        new_address_each_time(10)
    );
    let flood = neighbours.script("flood", 1_000_000_000_000, &prelude, &request);
    // The control: the same clients sending strings whose checksum fails,
    // which the worker refuses before touching storage. What they cost Other
    // Org is what any flood costs on this machine (the same cores, the same
    // runtime), not Tessera's storage path.
    let mut unchecked = neighbours.neighbour.clone();
    let last = unchecked.pop().expect("a token string");
    unchecked.push(if last == '2' { '3' } else { '2' });
    let control = neighbours.script(
        "control",
        1_000_000_000_000,
        &format!(
            "wrk.headers[\"Authorization\"] = {}\n",
            lua(&format!("Bearer {unchecked}"))
        ),
        &format!("{}\n\x20 return wrk.format()", new_address_each_time(10)),
    );
    let neighbour = format!("Bearer {}", neighbours.neighbour);
    let url = neighbours.app.url(endpoints::Meta::PATH);
    let check = |duration| {
        Load {
            url: &url,
            headers: &[
                ("Authorization", neighbour.as_str()),
                ("CF-Connecting-IP", NEIGHBOUR_ADDRESS),
            ],
            connections: NEIGHBOUR_CONNECTIONS,
            duration,
            script: None,
        }
        .run()
        .unwrap_or_else(|error| panic!("Other Org's token check: {error}"))
    };
    // The flood starts first and ends after the check, so that it covers
    // the whole of it.
    let loaded = |duration: Duration, flood: &Script| -> (Measured, Measured) {
        std::thread::scope(|scope| {
            let flooding = scope.spawn(|| {
                neighbours
                    .run(
                        endpoints::Meta::PATH,
                        flood,
                        settings.connections,
                        duration + Duration::from_secs(2),
                    )
                    .0
            });
            std::thread::sleep(Duration::from_secs(1));
            let measured = check(duration);
            (measured, flooding.join().expect("the flood ran"))
        })
    };
    // The full run warms both sides up first; smoke's single round does not.
    if settings.rounds > 1 {
        let warm = Duration::from_secs(1);
        check(warm);
        loaded(warm, &flood);
    }
    let (mut quiet, mut busy, mut floods) = (Vec::new(), Vec::new(), Vec::new());
    let (mut controlled, mut controls) = (Vec::new(), Vec::new());
    for round in 0..settings.rounds {
        let mut quiet_round = || quiet.push(check(settings.duration));
        if round % 2 == 0 {
            quiet_round();
        }
        let (measured, flooded) = loaded(settings.duration, &flood);
        busy.push(measured);
        floods.push(flooded);
        let (measured, flooded) = loaded(settings.duration, &control);
        controlled.push(measured);
        controls.push(flooded);
        if round % 2 == 1 {
            quiet_round();
        }
    }
    fn median<T: Copy + PartialOrd>(mut values: Vec<T>) -> T {
        values.sort_by(|a, b| a.partial_cmp(b).expect("comparable"));
        values[values.len() / 2]
    }
    let p50 = |runs: &[Measured]| median(runs.iter().map(|r| r.p50).collect());
    let p99 = |runs: &[Measured]| median(runs.iter().map(|r| r.p99).collect());
    let failed: u64 = quiet
        .iter()
        .chain(&busy)
        .map(|r| r.non_2xx + r.errors)
        .sum();
    let flood_rate = median(floods.iter().map(|r| r.requests_per_second).collect());
    let neighbour_rate = median(busy.iter().map(|r| r.requests_per_second).collect());
    let flood_said = format!(
        "flood {flood_rate:.0}/s: made-up, revoked and outside-allowlist strings, each from a new address; \
         Other Org {neighbour_rate:.0}/s"
    );
    for (name, quiet, busy) in [
        ("p50", p50(&quiet), p50(&busy)),
        ("p99", p99(&quiet), p99(&busy)),
    ] {
        let mut row = Row::at_most(
            format!(
                "Noisy neighbour: Other Org's GET /api/meta {name} while Demo Org's clients flood"
            ),
            format!("{} loaded vs {} quiet ({flood_said})", ms(busy), ms(quiet)),
            "the same check, quiet (rounds interleaved)".into(),
            busy.as_secs_f64() / quiet.as_secs_f64(),
            1.2,
        );
        if failed > 0 {
            row.value.push_str(&format!(
                "; {failed} of Other Org's requests were not answered 200"
            ));
            row.met = Some(false);
        }
        report.add(row);
    }
    let control_rate = median(controls.iter().map(|r| r.requests_per_second).collect());
    for (name, quiet, busy) in [
        ("p50", p50(&quiet), p50(&controlled)),
        ("p99", p99(&quiet), p99(&controlled)),
    ] {
        report.add(Row {
            figure: format!(
                "Noisy neighbour, control: Other Org's GET /api/meta {name} while the same clients \
                 send strings refused before any storage (bad checksums)"
            ),
            value: format!(
                "{} loaded vs {} quiet (flood {control_rate:.0}/s, each from a new address)",
                ms(busy),
                ms(quiet)
            ),
            compared_with: "the same check, quiet (rounds interleaved)".into(),
            ratio: Some(busy.as_secs_f64() / quiet.as_secs_f64()),
            goal: String::new(),
            met: None,
        });
    }
}

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
fn storage_growth(neighbours: &Neighbours, settings: &Settings, report: &mut Report) {
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

/// Bytes token_logs (the table and its indexes) takes in D1, as SQLite's
/// `dbstat` counts its pages: read through the WAL, so what the runtime
/// committed counts though no checkpoint has run.
/// By b-tree (the table, each index), and the lines it holds.
fn token_logs_bytes(app: &TestApp) -> (BTreeMap<String, i64>, i64) {
    fixtures::token_logs_bytes(&app.database())
}

/// What one line takes, in all and by b-tree: `1009 bytes a line
/// (token_logs 873, token_logs_by_organization 68, …)`.
struct LineSize {
    bytes: f64,
    lines: i64,
    by_tree: String,
}

/// The worker's `LARGEST_LINE_BYTES`, read from its source.
fn largest_line_bytes() -> i64 {
    let file = repository_root().join("worker/src/store/token_logs.rs");
    let source = std::fs::read_to_string(&file).expect("the worker's token_logs.rs");
    source
        .lines()
        .find_map(|line| {
            line.trim()
                .strip_prefix("pub const LARGEST_LINE_BYTES: i64 = ")
        })
        .and_then(|rest| rest.trim_end_matches(';').replace('_', "").parse().ok())
        .unwrap_or_else(|| panic!("{} has no LARGEST_LINE_BYTES", file.display()))
}

/// `requests` AUTHENTICATE lines with every field a client chooses at its
/// longest, then as many of a usual script's, and what each line takes in
/// D1 (table and indexes): the largest next to the worker's constant.
async fn largest_line(neighbours: &Neighbours, settings: &Settings, report: &mut Report) {
    const NAME_CHARS: usize = 100;
    let app = &neighbours.app;
    // A token name of 100 characters of 4 bytes each, as any login may give.
    let olga = app.portal("admin@other.example").await;
    let name = "\u{20000}".repeat(NAME_CHARS);
    let long_named = olga.new_token(&name, &["meta_record"]).await;
    let long_string = olga.token_string(long_named.id).await;
    drop(olga);

    // Refused for its scope (not counted as a failure, so never limited):
    // the line carries the longest detail, "outside scope (Report Record)".
    // The worker keeps 200 bytes of the user agent and the path, a request
    // id of up to 64 characters and an address of up to 45 (an IPv6
    // address with an IPv4 tail): each is sent longer or at that length.
    let long_path = endpoints::ReportReadings::path("r".repeat(290));
    let request_id = format!("bench-{}", "0123456789abcdef".repeat(4))[..64].to_owned();
    let longest = neighbours.script(
        "longest-lines",
        settings.line_requests,
        &format!(
            "wrk.headers[\"Authorization\"] = {}\n\
             wrk.headers[\"User-Agent\"] = {}\n\
             wrk.headers[\"X-Request-Id\"] = {}\n\
             wrk.headers[\"CF-Connecting-IP\"] = \"ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255\"",
            lua(&format!("Bearer {long_string}")),
            lua(&format!("Mozilla/5.0 (bench) {}", "u".repeat(300))),
            lua(&request_id),
        ),
        "  return wrk.format()",
    );
    let usual = neighbours.script(
        "usual-lines",
        settings.line_requests,
        &format!(
            "wrk.headers[\"Authorization\"] = {}\n\
             wrk.headers[\"User-Agent\"] = \"python-requests/2.32.3\"\n\
             wrk.headers[\"CF-Connecting-IP\"] = \"{NEIGHBOUR_ADDRESS}\"",
            lua(&format!("Bearer {}", neighbours.neighbour)),
        ),
        "  return wrk.format()",
    );
    let within = settings.hostile_within;
    let per_line = |path: &str, script: &Script, expected: u16| -> LineSize {
        let (bytes_before, lines_before) = token_logs_bytes(app);
        let (_, sent) = neighbours.run(path, script, settings.connections, within);
        std::thread::sleep(Duration::from_millis(200));
        let (bytes_after, lines_after) = token_logs_bytes(app);
        let lines = lines_after - lines_before;
        assert!(
            lines > 0 && sent.answers.keys().all(|status| *status == expected),
            "{}: {lines} lines, answered {}",
            script.path.display(),
            sent.answers()
        );
        let grew = |tree: &String, after: &i64| {
            (after - bytes_before.get(tree).copied().unwrap_or(0)) as f64 / lines as f64
        };
        LineSize {
            bytes: bytes_after
                .iter()
                .map(|(tree, after)| grew(tree, after))
                .sum(),
            lines,
            by_tree: bytes_after
                .iter()
                .map(|(tree, after)| format!("{tree} {:.0}", grew(tree, after)))
                .collect::<Vec<_>>()
                .join(", "),
        }
    };
    let largest = per_line(&long_path, &longest, 403);
    let typical = per_line(endpoints::Meta::PATH, &usual, 200);
    let constant = largest_line_bytes();
    report.add(Row::at_most(
        "Largest AUTHENTICATE line in D1: every client-chosen field at its longest".into(),
        format!(
            "{:.0} bytes a line ({}), over {} lines: a {NAME_CHARS}-character name of 4-byte \
             characters, 200-byte user agent and path, 64-character request id, 45-character \
             address, refused for its scope",
            largest.bytes, largest.by_tree, largest.lines
        ),
        format!("the worker's LARGEST_LINE_BYTES ({constant} bytes)"),
        largest.bytes / constant as f64,
        1.0,
    ));
    report.add(Row {
        figure: "Typical AUTHENTICATE line in D1: a script's GET /api/meta".into(),
        value: format!(
            "{:.0} bytes a line ({}), over {} lines: a short name, user agent and path, \
             no request id, an IPv4 address, answered 200",
            typical.bytes, typical.by_tree, typical.lines
        ),
        compared_with: format!("the largest line ({:.0} bytes)", largest.bytes),
        ratio: Some(typical.bytes / largest.bytes),
        goal: String::new(),
        met: None,
    });
}
