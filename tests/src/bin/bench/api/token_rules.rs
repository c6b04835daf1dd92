//! What a token's rules cost the token check: an allowlist (R23), and
//! the organization's policy with a report pattern and an allowlist at once
//! (R26, R29), each against the same read by a token without them.

use tessera_tests::{Demo, fixtures};

use super::{Instance, Summary};
use crate::report::{Report, Row, ms};

/// The allowlist in the bench: 8 ranges no client is in, then loopback.
const ALLOWLIST: &str = r#"["203.0.113.0/24","198.51.100.0/24","192.0.2.0/24","10.20.0.0/16","172.16.0.0/12","2001:db8::/32","2001:db8:1::/48","100.64.0.0/10","127.0.0.0/8","::1/128"]"#;

/// Nightly export (Meta Record) with `ALLOWLIST`; Other Org's token under
/// every rule at once.
pub(super) fn seed(db: &rusqlite::Connection, demo: &Demo) {
    // Nightly export with Meta Record and an allowlist of 10
    // entries, the bench's own address (loopback) last: every
    // entry is checked.
    fixtures::allowlist_token(db, demo.nightly_export(), ALLOWLIST);
    // Other Org's token under every rule at once: its
    // organization's policy (R26), a report pattern (R29) and
    // the same allowlist, within the organization's.
    let guarded = demo.other_org_integration();
    fixtures::police_organization(db, demo.other_org(), ALLOWLIST);
    fixtures::allowlist_token(db, guarded, ALLOWLIST);
    fixtures::expire_in_days(db, guarded, 30);
    fixtures::limit_to_reports(db, guarded, r#"["Plant*"]"#);
}

/// The rows: each route under its rules, against the one-read floor and
/// against the same read by a token without them.
pub(super) fn rows(first: &Instance, read: &Summary, report: &mut Report) {
    let size = first.size;
    for (route, without, figure, cost) in [
        (
            "allowlisted",
            "meta",
            "GET /api/meta, token with a 10-entry allowlist",
            "The allowlist's cost: GET /api/meta with it vs without",
        ),
        (
            "guarded report",
            "report",
            "GET /api/meta/reports/{name}, token under a policy, a report pattern and a 10-entry allowlist",
            "The token rules' cost: GET /api/meta/reports/{name} under them vs without",
        ),
    ] {
        let (with, without) = (first.summary(route), first.summary(without));
        assert_eq!(
            with.non_2xx + with.errors + without.non_2xx + without.errors,
            0,
            "every {route} request succeeded"
        );
        report.add(Row::at_least(
            format!("{figure}, {size} tokens: requests/s"),
            format!("{:.0} (p50 {})", with.rps, ms(with.p50)),
            format!("one-read floor ({:.0}/s)", read.rps),
            with.rps / read.rps,
            0.9,
        ));
        report.add(Row::at_least(
            cost.into(),
            format!("{:.0} vs {:.0} requests/s", with.rps, without.rps),
            "the same read by a token without them".into(),
            with.rps / without.rps,
            0.9,
        ));
    }
}
