//! Load from a second process, for `make bench`: runs `wrk` (Debian's
//! package) against one URL and reads its report.

use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// One wrk run: `connections` keep-alive connections on one thread for
/// `duration`, each sending the same request.
pub struct Load<'a> {
    pub url: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub connections: u32,
    pub duration: Duration,
    /// A wrk Lua script, for requests other than a plain GET.
    pub script: Option<&'a Path>,
}

/// What wrk measured.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    pub requests: u64,
    pub requests_per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    /// Answers outside 2xx/3xx: expected for the routes that refuse.
    pub non_2xx: u64,
    /// Connection errors, read errors and timeouts.
    pub errors: u64,
}

impl Load<'_> {
    pub fn run(&self) -> Result<Measured, String> {
        let mut command = Command::new("wrk");
        command
            .args(["--threads", "1", "--latency"])
            .args(["--connections", &self.connections.to_string()])
            .args([
                "--duration",
                &format!("{}s", self.duration.as_secs().max(1)),
            ])
            .args(["--timeout", "10s"]);
        for (name, value) in self.headers {
            command.args(["--header", &format!("{name}: {value}")]);
        }
        if let Some(script) = self.script {
            command.arg("--script").arg(script);
        }
        let output = command
            .arg(self.url)
            .output()
            .map_err(|error| format!("wrk did not run ({error}): `make setup` installs it"))?;
        let report = String::from_utf8_lossy(&output.stdout);
        if !output.status.success() {
            return Err(format!(
                "wrk failed: {report}{}",
                String::from_utf8_lossy(&output.stderr)
            ));
        }
        parse(&report).ok_or_else(|| format!("could not read wrk's report:\n{report}"))
    }
}

/// Reads wrk's `--latency` report.
pub fn parse(report: &str) -> Option<Measured> {
    let mut measured = Measured {
        requests: 0,
        requests_per_second: 0.0,
        p50: Duration::ZERO,
        p99: Duration::ZERO,
        non_2xx: 0,
        errors: 0,
    };
    let (mut saw_requests, mut saw_rate) = (false, false);
    for line in report.lines().map(str::trim) {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["50%", value] => measured.p50 = latency(value)?,
            ["99%", value] => measured.p99 = latency(value)?,
            [count, "requests", "in", ..] => {
                measured.requests = count.parse().ok()?;
                saw_requests = true;
            }
            ["Requests/sec:", rate] => {
                measured.requests_per_second = rate.parse().ok()?;
                saw_rate = true;
            }
            ["Non-2xx", "or", "3xx", "responses:", count] => {
                measured.non_2xx = count.parse().ok()?
            }
            ["Socket", "errors:", rest @ ..] => {
                // "connect 0, read 0, write 0, timeout 0"
                measured.errors = rest
                    .iter()
                    .filter_map(|word| word.trim_end_matches(',').parse::<u64>().ok())
                    .sum();
            }
            _ => {}
        }
    }
    (saw_requests && saw_rate).then_some(measured)
}

/// `812.00us`, `1.23ms`, `2.01s`, as wrk prints latencies.
fn latency(value: &str) -> Option<Duration> {
    let split = value.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = value.split_at(split);
    let number: f64 = number.parse().ok()?;
    let seconds = match unit {
        "us" => number / 1e6,
        "ms" => number / 1e3,
        "s" => number,
        "m" => number * 60.0,
        _ => return None,
    };
    Some(Duration::from_secs_f64(seconds))
}

#[cfg(test)]
mod tests {
    use super::*;

    const REPORT: &str = "Running 3s test @ http://127.0.0.1:8787/api/meta
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     4.10ms    1.02ms  21.33ms   90.12%
    Req/Sec     1.95k   112.35     2.10k    80.00%
  Latency Distribution
     50%    3.92ms
     75%    4.31ms
     90%    4.90ms
     99%    8.75ms
  5838 requests in 3.00s, 3.21MB read
  Non-2xx or 3xx responses: 12
  Socket errors: connect 0, read 2, write 0, timeout 1
Requests/sec:   1945.21
Transfer/sec:      1.07MB
";

    #[test]
    fn reads_every_figure_of_a_report() {
        let measured = parse(REPORT).unwrap();
        assert_eq!(measured.requests, 5838);
        assert_eq!(measured.requests_per_second, 1945.21);
        assert_eq!(measured.p50, Duration::from_micros(3920));
        assert_eq!(measured.p99, Duration::from_micros(8750));
        assert_eq!(measured.non_2xx, 12);
        assert_eq!(measured.errors, 3);
    }

    #[test]
    fn reads_microseconds_and_seconds() {
        assert_eq!(latency("812.00us"), Some(Duration::from_micros(812)));
        assert_eq!(latency("1.50s"), Some(Duration::from_millis(1500)));
        assert_eq!(latency("12"), None);
    }

    #[test]
    fn a_report_without_totals_is_not_read() {
        assert_eq!(parse("wrk: connection refused"), None);
    }
}
