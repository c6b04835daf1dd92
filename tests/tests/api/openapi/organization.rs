//! The organization's settings: token policy, Basic authentication, log
//! retention, default allowed addresses, the unused-token policy, the
//! webhook and its deliveries, and the notices its logins get.

use reqwest::Method;
use serde_json::{Value, json};
use tessera_shared::endpoints::{self, Endpoint};
use tessera_tests::Portal;

use super::Exercise;

/// The settings read, then token policy (and its preview), Basic
/// authentication and log retention set: saved, out of range, and refused
/// without the role.
pub(super) async fn settings(exercise: &mut Exercise, alice: &Portal<'_>, admin: &Portal<'_>) {
    exercise.record(
        "get",
        "/api/organization",
        alice.call(Method::GET, "/api/organization", None).await,
    );
    for (portal, days) in [
        (admin, json!(400)),
        (admin, json!(0)),
        (alice, Value::Null),
        (admin, Value::Null),
    ] {
        exercise.record(
            "put",
            "/api/organization/policy",
            portal
                .call(
                    Method::PUT,
                    "/api/organization/policy",
                    Some(tessera_tests::bodies::lifetime_policy(days)),
                )
                .await,
        );
    }
    // A stricter policy previewed (what it would block), a policy with no
    // scope allowed, and the preview refused without the role.
    for (portal, rules) in [
        (admin, json!({ "expiry_required": true })),
        (admin, json!({ "scopes_allowed": [] })),
        (alice, json!({})),
    ] {
        exercise.record(
            "post",
            "/api/organization/policy/preview",
            portal
                .call(
                    Method::POST,
                    "/api/organization/policy/preview",
                    Some(tessera_tests::bodies::token_policy(rules)),
                )
                .await,
        );
    }
    for (portal, enabled) in [(admin, true), (alice, false)] {
        exercise.record(
            "put",
            "/api/organization/basic-auth",
            portal
                .call(
                    Method::PUT,
                    "/api/organization/basic-auth",
                    Some(json!({ "enabled": enabled })),
                )
                .await,
        );
    }
    for (portal, days) in [(admin, 90), (admin, 10), (alice, 90)] {
        exercise.record(
            "put",
            "/api/organization/log-retention",
            portal
                .call(
                    Method::PUT,
                    "/api/organization/log-retention",
                    Some(json!({ "days": days })),
                )
                .await,
        );
    }
}

/// The default allowed addresses: a range, nonsense, none, and refused
/// without the role.
pub(super) async fn allowed_addresses(
    exercise: &mut Exercise,
    alice: &Portal<'_>,
    admin: &Portal<'_>,
) {
    for (portal, addresses) in [
        (admin, json!(["10.1.0.0/16"])),
        (admin, json!(["nonsense"])),
        (admin, json!([])),
        (alice, json!([])),
    ] {
        exercise.record(
            "put",
            "/api/organization/allowed-addresses",
            portal
                .call(
                    Method::PUT,
                    "/api/organization/allowed-addresses",
                    Some(json!({ "addresses": addresses })),
                )
                .await,
        );
    }
}

/// The unused-token policy, the webhook, its deliveries and the notices.
pub(super) async fn notifications(exercise: &mut Exercise, alice: &Portal<'_>, admin: &Portal<'_>) {
    for (portal, days) in [
        (admin, json!(90)),
        (admin, json!(10)),
        (admin, Value::Null),
        (alice, json!(90)),
    ] {
        exercise.record(
            "put",
            "/api/organization/stale-tokens",
            portal
                .call(
                    Method::PUT,
                    "/api/organization/stale-tokens",
                    Some(json!({ "days": days })),
                )
                .await,
        );
    }
    let test_webhook = || admin.call(Method::POST, "/api/organization/webhook/test", None);
    exercise.record(
        "post",
        "/api/organization/webhook/test",
        test_webhook().await,
    );
    let receiver = tessera_tests::receiver::Receiver::start(&[]).await;
    for url in [receiver.url.as_str(), "http://hooks.example.com/x"] {
        exercise.record(
            "put",
            "/api/organization/webhook",
            admin
                .call(
                    Method::PUT,
                    "/api/organization/webhook",
                    Some(json!({ "url": url })),
                )
                .await,
        );
    }
    exercise.record(
        "post",
        "/api/organization/webhook/test",
        test_webhook().await,
    );
    for portal in [admin, alice] {
        exercise.record(
            "get",
            "/api/organization/webhook/deliveries",
            portal
                .call(Method::GET, "/api/organization/webhook/deliveries", None)
                .await,
        );
    }
    exercise.record(
        "get",
        "/api/notices",
        alice.call(Method::GET, "/api/notices", None).await,
    );
    exercise.record(
        "delete",
        "/api/notices/{notice_id}",
        alice
            .call(Method::DELETE, &endpoints::DismissNotice::path(99999), None)
            .await,
    );
    for ids in [json!([99999]), json!([])] {
        exercise.record(
            "post",
            endpoints::DismissNotices::PATH,
            alice
                .call(
                    Method::POST,
                    endpoints::DismissNotices::PATH,
                    Some(json!({ "ids": ids })),
                )
                .await,
        );
    }
}

/// The approval rule set (and refused), a token that waits for approval,
/// the queue read, and decisions: approved, refused to its requester,
/// decided twice, and denied without a reason (R27). The rule is lifted
/// again after.
pub(super) async fn approvals(exercise: &mut Exercise, alice: &Portal<'_>, admin: &Portal<'_>) {
    for (portal, rule) in [
        (admin, json!({ "beyond_days": 0 })),
        (alice, json!({ "scopes": ["meta_record"] })),
        (
            admin,
            json!({ "beyond_days": 90, "scopes": ["meta_record"] }),
        ),
    ] {
        exercise.record(
            "put",
            "/api/organization/approval",
            portal
                .call(Method::PUT, "/api/organization/approval", Some(rule))
                .await,
        );
    }
    let mut waiting = Vec::new();
    for name in ["Quarterly audit", "Yearly audit"] {
        let (status, created) = alice
            .call(
                Method::POST,
                &endpoints::CreateToken::path(alice.login_id),
                Some(
                    json!({ "name": name, "expiry": "30_days", "scope": ["meta_record"],
                    "approval_reason": "The auditors read the locations" }),
                ),
            )
            .await;
        assert_eq!(status, 201, "{created}");
        let created: Value = serde_json::from_str(&created).unwrap();
        waiting.push((created["id"].as_i64().unwrap(), created["version"].clone()));
    }
    for portal in [admin, alice] {
        exercise.record(
            "get",
            "/api/approvals",
            portal.call(Method::GET, "/api/approvals", None).await,
        );
    }
    let ((approved, version), (denied, denied_version)) = (waiting[0].clone(), waiting[1].clone());
    for (portal, token, decision) in [
        (
            alice,
            approved,
            json!({ "decision": "approve", "version": version }),
        ),
        (
            admin,
            approved,
            json!({ "decision": "approve", "version": version }),
        ),
        (
            admin,
            approved,
            json!({ "decision": "approve", "version": version }),
        ),
        (
            admin,
            denied,
            json!({ "decision": "deny", "version": denied_version }),
        ),
        (
            admin,
            999_999,
            json!({ "decision": "approve", "version": 1 }),
        ),
    ] {
        exercise.record(
            "post",
            "/api/tokens/{token_id}/approval",
            portal
                .call(
                    Method::POST,
                    &endpoints::DecideApproval::path(token),
                    Some(decision),
                )
                .await,
        );
    }
    let (status, _) = admin
        .call(Method::PUT, "/api/organization/approval", Some(json!({})))
        .await;
    assert_eq!(status, 200);
}

/// The audit stream read and set: saved, a bad address, refused without
/// the role, and removed (R30).
pub(super) async fn audit_stream(exercise: &mut Exercise, alice: &Portal<'_>, admin: &Portal<'_>) {
    for portal in [admin, alice] {
        exercise.record(
            "get",
            "/api/organization/audit-stream",
            portal
                .call(Method::GET, "/api/organization/audit-stream", None)
                .await,
        );
    }
    for (portal, body) in [
        (admin, json!({ "url": "https://siem.example.com/tessera" })),
        (admin, json!({ "url": "ftp://siem.example.com" })),
        (alice, json!({ "url": null })),
        (admin, json!({ "url": null })),
    ] {
        exercise.record(
            "put",
            "/api/organization/audit-stream",
            portal
                .call(Method::PUT, "/api/organization/audit-stream", Some(body))
                .await,
        );
    }
}
