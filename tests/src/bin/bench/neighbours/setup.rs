//! The runtime the neighbours' figures share, its strings and wrk scripts,
//! and how their answers are told.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tessera_tests::load::{Load, Measured};
use tessera_tests::{TestApp, fixtures, known_token_string};

/// Where Other Org's script calls from: one address, as a real client.
pub(super) const NEIGHBOUR_ADDRESS: &str = "192.0.2.10";
/// Demo Org's Nightly export only works from here; the flood is elsewhere.
pub(super) const NIGHTLY_EXPORT_ALLOWLIST: &str = r#"["203.0.113.0/24"]"#;
/// Other Org's client uses a few connections, as a script does.
pub(super) const NEIGHBOUR_CONNECTIONS: u32 = 2;

/// The runtime and the strings its hostile clients hold.
pub(super) struct Neighbours {
    pub(super) app: TestApp,
    /// Other Org's integration token: the quiet neighbour.
    pub(super) neighbour: String,
    /// Demo Org's Power BI refresh string, its token revoked since.
    pub(super) revoked: String,
    /// Demo Org's Nightly export string, used from outside its allowlist.
    pub(super) outside: String,
    /// Well-formed strings (checksum right) matching no token.
    pub(super) made_up: Vec<String>,
    pub(super) scripts: tempfile::TempDir,
}

impl Neighbours {
    pub(super) async fn start() -> Self {
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
    pub(super) fn script(&self, name: &str, limit: u64, prelude: &str, request: &str) -> Script {
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
    pub(super) fn run(
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

pub(super) struct Script {
    pub(super) path: PathBuf,
    pub(super) tally: PathBuf,
}

/// What a script sent, and how its requests were answered, by status.
pub(super) struct Sent {
    pub(super) requests: u64,
    pub(super) answers: BTreeMap<u16, u64>,
}

impl Sent {
    pub(super) fn read(tally: &Path) -> Self {
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
    pub(super) fn answers(&self) -> String {
        let mut answers: Vec<(&u16, &u64)> = self.answers.iter().collect();
        answers.sort_by(|a, b| b.1.cmp(a.1));
        answers
            .iter()
            .map(|(status, count)| format!("{status} ×{}", thousands(**count)))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

pub(super) fn thousands(n: u64) -> String {
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
pub(super) fn per_100_000(rows: i64, requests: u64) -> String {
    let per = (rows.unsigned_abs() * 100_000).div_ceil(requests.max(1));
    let sign = if rows < 0 { "-" } else { "" };
    format!("{sign}{}", thousands(per))
}

/// A Lua string literal.
pub(super) fn lua(text: &str) -> String {
    format!("{text:?}")
}

/// Lua setting `CF-Connecting-IP` to a new IPv4 address for each request,
/// in `first`.0.0.0/8.
pub(super) fn new_address_each_time(first: u8) -> String {
    format!(
        "  wrk.headers[\"CF-Connecting-IP\"] = string.format(\"{first}.%d.%d.%d\", \
         math.floor(sent / 65536) % 256, math.floor(sent / 256) % 256, sent % 256)"
    )
}

/// Lua: a table `made_up` of the made-up strings, as Authorization values.
pub(super) fn made_up_table(neighbours: &Neighbours) -> String {
    let strings: Vec<String> = neighbours
        .made_up
        .iter()
        .map(|string| lua(&format!("Bearer {string}")))
        .collect();
    format!("local made_up = {{{}}}", strings.join(", "))
}
