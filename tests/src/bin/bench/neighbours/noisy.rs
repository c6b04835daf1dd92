//! Figure: Other Org's token check while Demo Org's clients flood, against
//! the same check quiet.

use std::time::Duration;

use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::load::{Load, Measured};

use crate::Settings;
use crate::report::{Report, Row, ms};

use super::setup::*;

/// Other Org's token check, quiet and while Demo Org's clients flood with
/// made-up strings, the revoked string and the allowlisted string from
/// outside, each request from a new address (so no per-address limit ever
/// stops them), round after round, quiet and loaded in turn.
pub(super) fn noisy_neighbour(neighbours: &Neighbours, settings: &Settings, report: &mut Report) {
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
