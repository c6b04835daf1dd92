//! Tokens that need approval (R27): a token past the organization's rule
//! waits, gets no string until a token admin approves it, and is never
//! decided by its requester or its owner; decisions are taken once, even
//! when many arrive at once.

use std::time::Duration;

use futures_util::future::join_all;
use serde_json::{Value, json};
use tessera_shared::approval::ApprovalQueue;
use tessera_shared::endpoints;
use tessera_shared::tokens::{TokenLogPage, TokenStatus, TokenView};
use tessera_tests::{Portal, eventually, spawn_app};

/// Tokens past 90 days, or with Meta Record, need approval.
async fn require_approval(admin: &Portal<'_>) {
    let saved = admin
        .request::<endpoints::SetApprovalRule>(())
        .json(&json!({"beyond_days": 90, "scopes": ["meta_record"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 200);
}

async fn create(portal: &Portal<'_>, owner: i64, body: Value) -> (u16, Value) {
    let response = portal
        .request::<endpoints::CreateToken>(owner)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn waiting(portal: &Portal<'_>, owner: i64, name: &str) -> TokenView {
    let (status, body) = create(
        portal,
        owner,
        json!({"name": name, "expiry": "1_year", "scope": ["report_record"],
               "approval_reason": "The auditors need a year of readings"}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let token: TokenView = serde_json::from_value(body).unwrap();
    assert_eq!(token.status, TokenStatus::PendingApproval);
    token
}

async fn decide(portal: &Portal<'_>, token: &TokenView, body: Value) -> (u16, Value) {
    let mut body = body;
    body["version"] = token.version.into();
    let response = portal
        .request::<endpoints::DecideApproval>(token.id)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The token's Token Logs activities, oldest first, its uses (AUTHENTICATE,
/// written after the answer) left out.
async fn activities(portal: &Portal<'_>, owner: i64, token: i64) -> Vec<String> {
    let page: TokenLogPage = portal
        .token_logs(&format!("owner={owner}&token_id={token}"))
        .await
        .json()
        .await
        .unwrap();
    let mut codes: Vec<String> = page
        .entries
        .into_iter()
        .map(|entry| entry.activity.code().to_owned())
        .filter(|code| code != "AUTHENTICATE")
        .collect();
    codes.reverse();
    codes
}

#[tokio::test]
async fn a_token_past_the_rule_waits_and_gets_no_string_until_approved_r27() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    require_approval(&admin).await;
    let alice = app.portal("alice@demo.example").await;

    // Within the rule: made and generated as ever.
    let (status, body) = create(
        &alice,
        alice.login_id,
        json!({"name": "Monthly", "expiry": "30_days", "scope": ["report_record"]}),
    )
    .await;
    assert_eq!(status, 201);
    assert!(body.get("approval").is_none(), "{body}");
    assert_eq!(
        alice.generate(body["id"].as_i64().unwrap()).await.status(),
        200
    );

    // Past it, without a reason: refused, nothing made.
    let before = alice.tokens_of(alice.login_id).await.len();
    for body in [
        json!({"name": "Yearly", "expiry": "1_year", "scope": ["report_record"]}),
        json!({"name": "Forever", "expiry": "never", "scope": ["report_record"]}),
        json!({"name": "Setup", "expiry": "7_days", "scope": ["meta_record"], "approval_reason": " "}),
    ] {
        let (status, answer) = create(&alice, alice.login_id, body.clone()).await;
        assert_eq!(
            (status, answer["field"].as_str()),
            (422, Some("approval_reason")),
            "{body}"
        );
    }
    assert_eq!(alice.tokens_of(alice.login_id).await.len(), before);

    // With one: it waits, and no string can be made for it.
    let token = waiting(&alice, alice.login_id, "Yearly").await;
    let refused = alice.generate(token.id).await;
    assert_eq!(refused.status(), 409);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "not_approved", "{body}");
    let notices = admin.notices().await;
    assert!(
        notices
            .iter()
            .any(|n| n.contains("asks for approval of the token “Yearly”")),
        "{notices:?}"
    );

    // The queue says who asked, for what, for how long and why.
    let queue: ApprovalQueue = admin.read::<endpoints::ListApprovals>(()).await;
    let listed = queue
        .pending
        .iter()
        .find(|p| p.token_id == token.id)
        .unwrap();
    assert_eq!(listed.requested_by, "Alice Analyst");
    assert_eq!(listed.reason, "The auditors need a year of readings");
    assert!(
        matches!(listed.lifetime_days, Some(365 | 366)),
        "{listed:?}"
    );
    assert!(listed.decidable);

    let (status, decided) = decide(&admin, &token, json!({"decision": "approve"})).await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["status"], "not_generated");
    let notices = alice.notices().await;
    assert!(
        notices
            .iter()
            .any(|n| n.contains("approved the token “Yearly”")),
        "{notices:?}"
    );
    let string = alice.token_string(token.id).await;
    assert_eq!(
        app.use_token::<endpoints::Data>(&string).await.status(),
        200
    );
    assert_eq!(
        activities(&alice, alice.login_id, token.id).await,
        ["CREATE", "REQUEST", "APPROVE", "GENERATE"]
    );

    // A new name keeps the approval; a new scope past the rule asks again.
    let current = alice
        .tokens_of(alice.login_id)
        .await
        .into_iter()
        .find(|t| t.id == token.id)
        .unwrap();
    let renamed = alice
        .edit(
            token.id,
            json!({"name": "Yearly readings", "expiry": current.expiry_on,
            "scope": ["report_record"], "version": current.version}),
        )
        .await;
    assert_eq!(renamed.status(), 200);
    let renamed: TokenView = renamed.json().await.unwrap();
    assert_eq!(renamed.status, TokenStatus::NotGenerated);
    let widened = alice
        .edit(
            token.id,
            json!({"name": "Yearly readings", "expiry": current.expiry_on,
            "scope": ["report_record", "meta_record"], "version": renamed.version}),
        )
        .await;
    assert_eq!(widened.status(), 200);
    let widened: TokenView = widened.json().await.unwrap();
    assert_eq!(widened.status, TokenStatus::PendingApproval);
    assert_eq!(alice.generate(token.id).await.status(), 409);
    assert_eq!(
        app.use_token::<endpoints::Data>(&string).await.status(),
        401,
        "the edit ended the string"
    );
}

#[tokio::test]
async fn neither_the_requester_nor_the_owner_decides_and_a_token_is_decided_once_r27() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    require_approval(&admin).await;
    let give_role = admin
        .request::<endpoints::ChangeLogin>(app.demo.sam())
        .json(&json!({"change": "add_admin_role"}))
        .send()
        .await
        .unwrap();
    assert_eq!(give_role.status(), 204);
    let sam = app.portal("sam@demo.example").await;
    let alice = app.portal("alice@demo.example").await;

    // The requester: the admin acting for alice. The owner: sam's own token.
    let asked_by_admin = waiting(&admin, app.demo.alice(), "Asked by the admin").await;
    let (status, body) = decide(&admin, &asked_by_admin, json!({"decision": "approve"})).await;
    assert_eq!(status, 403, "{body}");
    let sams = waiting(&sam, sam.login_id, "Sam's own").await;
    assert_eq!(
        decide(&sam, &sams, json!({"decision": "approve"})).await.0,
        403
    );
    let queue: ApprovalQueue = sam.read::<endpoints::ListApprovals>(()).await;
    let own = queue
        .pending
        .iter()
        .find(|p| p.token_id == sams.id)
        .unwrap();
    assert!(!own.decidable);

    // Nobody without the role: not alice, not for her own token.
    let alices = waiting(&alice, alice.login_id, "Alice's").await;
    assert_eq!(
        alice.get::<endpoints::ListApprovals>(()).await.status(),
        403
    );
    assert_eq!(
        decide(&alice, &alices, json!({"decision": "approve"}))
            .await
            .0,
        403
    );

    // Twelve decisions at once from the two token admins: one applies.
    let decisions = join_all((0..12).map(|n| {
        let portal = if n % 2 == 0 { &admin } else { &sam };
        let decision = if n % 3 == 0 { "deny" } else { "approve" };
        decide(
            portal,
            &alices,
            json!({"decision": decision, "reason": "Checked"}),
        )
    }))
    .await;
    let applied = decisions
        .iter()
        .filter(|(status, _)| *status == 200)
        .count();
    assert_eq!(applied, 1, "{decisions:?}");
    assert!(
        decisions
            .iter()
            .all(|(status, _)| [200, 409].contains(status)),
        "{decisions:?}"
    );
    let entries = activities(&alice, alice.login_id, alices.id).await;
    let decided: Vec<_> = entries
        .iter()
        .filter(|a| *a == "APPROVE" || *a == "DENY")
        .collect();
    assert_eq!(decided.len(), 1, "{entries:?}");

    // A denial needs a reason, which the requester then reads.
    let (status, body) = decide(
        &sam,
        &asked_by_admin,
        json!({"decision": "deny", "reason": ""}),
    )
    .await;
    assert_eq!((status, body["field"].as_str()), (422, Some("reason")));
    let stale = TokenView {
        version: asked_by_admin.version - 1,
        ..asked_by_admin.clone()
    };
    assert_eq!(
        decide(&sam, &stale, json!({"decision": "approve"})).await.0,
        409
    );
    let (status, _) = decide(
        &sam,
        &asked_by_admin,
        json!({"decision": "deny", "reason": "Use a 30-day token"}),
    )
    .await;
    assert_eq!(status, 200);
    let refused = alice.generate(asked_by_admin.id).await;
    assert_eq!(refused.status(), 409);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Use a 30-day token"),
        "{body}"
    );
}

#[tokio::test]
async fn token_admins_get_one_digest_a_day_of_what_waits_r27() {
    let app = spawn_app().await;
    let admin = app.portal("sysadmin@demo.example").await;
    require_approval(&admin).await;
    let alice = app.portal("alice@demo.example").await;
    for name in ["First", "Second"] {
        waiting(&alice, alice.login_id, name).await;
    }
    join_all((0..3).map(|_| app.run_scheduled())).await;
    app.run_scheduled().await;
    let to = app.email("sysadmin@demo.example");
    let digests = |sent: Vec<tessera_tests::SentEmail>| -> Vec<_> {
        sent.into_iter()
            .filter(|email| email.subject.contains("for your approval"))
            .collect()
    };
    let sent = eventually(Duration::from_secs(30), "the digest", || async {
        let sent = digests(app.sent_emails(std::slice::from_ref(&to)));
        (!sent.is_empty()).then_some(sent)
    })
    .await;
    assert!(sent[0].subject.contains("2 tokens wait"), "{sent:?}");
    assert_eq!(sent.len(), 1, "{sent:?}");
    // Four runs, three at once: the day was claimed once.
    let claims: i64 = app
        .database()
        .query_row(
            "SELECT COUNT(*) FROM approval_digests WHERE organization_id = ?1",
            [app.demo.demo_org()],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(claims, 1);
}
